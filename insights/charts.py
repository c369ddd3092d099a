"""Charts as inline SVG, drawn on the server: the geometry is computed here and the
templates (`insights/_week_chart.html`, `_bar_chart.html`) only place the shapes. No
JavaScript and no inline styles (colours are CSS classes in desk.css), so the pages work
without scripts and under a strict Content-Security-Policy.

Two kinds: a week chart (bars per week, grouped or stacked, plus lines and a reference
line such as a target or a baseline), and a horizontal bar chart for named rows.
"""

import math
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 26
LABEL_WIDTH, ROW, BAR_WIDTH = 200, 18, 370  # horizontal bars
MAX_X_LABELS = 8


@dataclass
class Series:
    name: str
    values: list  # numbers or None (no value: nothing drawn)
    css: str  # the colour class, s1 … s8 and target


def nice_ceiling(value: float) -> float:
    """The next 1, 2, 2.5 or 5 × 10ⁿ at or above `value`: a round top for the axis."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def divisions(top: float) -> int:
    """Gridlines that land on round numbers: 5 for a top of 1, 2.5 or 5 (× 10ⁿ), else 4."""
    mantissa = top / 10 ** math.floor(math.log10(top))
    return 4 if round(mantissa, 6) == 2 else 5


def _day(week: date) -> str:
    return f"{week.day} {week:%b}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def week_chart(weeks: list[date], *, bars=(), lines=(), stacked=False, reference=None,
               unit="", top=None, counts=False) -> dict:
    """`bars` and `lines` are Series with one value per week; `reference` is
    (label, value) drawn across the chart; `top` fixes the axis (100 for percentages);
    `counts`: whole numbers, so the axis never shows fractions."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(weeks), 1)
    if stacked and bars:
        heights = [sum(v or 0 for v in column)
                   for column in zip(*(s.values for s in bars), strict=True)]
    else:
        heights = [v or 0 for s in bars for v in s.values]
    peak = max([*heights, *(v or 0 for s in lines for v in s.values),
                reference[1] if reference else 0, 0])
    top = top or nice_ceiling(max(peak, 5) if counts else peak)
    steps = divisions(top)

    def y(value):
        return TOP + plot_h - plot_h * min(value, top) / top

    slot = plot_w / count
    shapes = []
    for index, week in enumerate(weeks):
        x0 = LEFT + slot * index + slot * 0.1
        inner = slot * 0.8
        base = 0.0
        for number, series in enumerate(bars):
            value = series.values[index]
            if not value:
                continue
            if stacked:
                x, width, low, high = x0, inner, base, base + value
                base = high
            else:
                width = inner / len(bars)
                x, low, high = x0 + width * number, 0, value
            shapes.append({"x": round(x, 1), "y": round(y(high), 1), "w": round(width, 1),
                           "h": round(y(low) - y(high), 1), "css": series.css,
                           "title": f"{series.name}, week of {_day(week)}: {_fmt(value)}{unit}"})
    paths = []
    for series in lines:
        points = [(LEFT + slot * (i + 0.5), y(v), v, weeks[i])
                  for i, v in enumerate(series.values) if v is not None]
        paths.append({
            "css": series.css, "points": " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _, _ in points),
            "dots": [{"x": round(x, 1), "y": round(yy, 1),
                      "title": f"{series.name}, week of {_day(w)}: {_fmt(v)}{unit}"}
                     for x, yy, v, w in points],
        })
    every = max(1, math.ceil(count / MAX_X_LABELS))
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h, "bars": shapes, "lines": paths,
        "yticks": [{"y": round(y(top * n / steps), 1), "label": _fmt(top * n / steps) + unit}
                   for n in range(steps + 1)],
        "xticks": [{"x": round(LEFT + slot * (i + 0.5), 1), "label": _day(week)}
                   for i, week in enumerate(weeks) if i % every == 0],
        "reference": {"y": round(y(reference[1]), 1), "label": reference[0]}
        if reference else None,
        "legend": [{"name": s.name, "css": s.css} for s in (*bars, *lines)]
        + ([{"name": reference[0], "css": "target"}] if reference else []),
    }


def bar_chart(labels: list[str], series: list[Series], *, unit="", top=None) -> dict:
    """Horizontal bars: one group per label, one bar per series."""
    peak = max([v or 0 for s in series for v in s.values] + [0])
    top = top or nice_ceiling(peak)
    group = ROW * len(series) + 10
    rows = []
    for index, label in enumerate(labels):
        y0 = TOP + group * index
        bars = []
        for number, s in enumerate(series):
            value = s.values[index]
            width = BAR_WIDTH * min(value or 0, top) / top
            bars.append({"x": LABEL_WIDTH, "y": y0 + ROW * number, "w": round(width, 1),
                         "h": ROW - 4, "css": s.css, "text_x": round(LABEL_WIDTH + width + 4, 1),
                         "text_y": y0 + ROW * number + ROW - 7,
                         "text": "—" if value is None else _fmt(value) + unit,
                         "title": f"{label}, {s.name}"})
        rows.append({"label": label, "label_y": y0 + group / 2 - 3, "bars": bars})
    return {"width": WIDTH, "height": TOP + group * max(len(labels), 1) + 6,
            "label_x": LABEL_WIDTH - 8, "rows": rows,
            "legend": [{"name": s.name, "css": s.css} for s in series]}
