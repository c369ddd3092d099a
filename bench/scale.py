"""`make bench BENCH_ARGS=--scale N`: the same measures on N times the rows, and every row of
RESULTS.md at each size measured, side by side.

- Each scale has its own database (`…_x10` after the bench database's name; scale 1 keeps
  the name), so 1× and 10× coexist and each is seeded once, then reused.
- Each run keeps its figures in bench/figures/scale-N.json (committed beside RESULTS.md), so
  the side-by-side table can be written by whichever run comes last.
- Rows go in by bulk paths: cases and their timelines by COPY (bench/seed_cases.py), archived
  apologies by COPY (bench/measure_archive.py), one complaint message per case and the
  pending reminders by INSERT … SELECT in the database (here, bench/measure_dispatch.py).

No Django at import: tests/bench/ tries the pure parts.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

FIGURES_DIR = Path(__file__).resolve().parent / "figures"
SIDE_BY_SIDE = "## Sizes side by side"
REFERENCE = re.compile(r"\b[A-Z]+-\d{4}-\d+\b")  # the case page's case differs by size

# One complaint per case, as email in would have written it: the conversation's first message.
# The cases that already have one are read once, into the CTE: a NOT EXISTS on the table being
# written can be planned as a nested loop whose inner scan reads every page this statement has
# already added (quadratic: 100,000 cases took minutes).
SEED_MESSAGES = """
WITH had AS MATERIALIZED (SELECT DISTINCT case_id FROM conversation_message)
INSERT INTO conversation_message (case_id, direction, kind, subject, body, html, full_body,
    address, message_id, in_reply_to, "references", state, state_detail, state_changed_at,
    esp_message_id, attempts, last_error, created_at)
SELECT c.id, 'in', 'complaint', left(c.title, 300), c.description, '', '', cu.email,
       '<bench-' || c.id || '@mail.example.org>', '', '', 'received', '', c.created_at, '',
       0, '', c.created_at
FROM cases_case c JOIN cases_customer cu ON cu.id = c.customer_id
LEFT JOIN had ON had.case_id = c.id
WHERE had.case_id IS NULL
"""


def database_url(url: str, scale: int) -> str:
    """The bench database of this scale: the name gains `_xN` unless N is 1."""
    if scale == 1:
        return url
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path=f"/{name}_x{scale}"))


# (cases, archived apologies, pending reminders) by scale; other scales are N × the 1× sizes.
SIZES = {1: (100_000, 100_000, 1_000_000),
         10: (1_000_000, 500_000, 5_000_000)}  # issue 22's 10×


def scaled(args):
    """The rows to seed, in place: --cases, --archived and --reminders given are the 1×
    amounts, times --scale (a small quick run: `--scale 2 --cases 3000 …`); those not given
    come from SIZES."""
    ones = SIZES[1]
    sizes = SIZES.get(args.scale, tuple(n * args.scale for n in ones))
    for n, name in enumerate(("cases", "archived", "reminders")):
        given = getattr(args, name)
        setattr(args, name, sizes[n] if given is None else given * args.scale)
    return args


def seed_messages() -> int:
    """A complaint message for every case that has none (one INSERT … SELECT); how many."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SEED_MESSAGES)
        added = cursor.rowcount
        if added:
            cursor.execute("ANALYZE conversation_message")
    return added


# --- Figures of one run, and the side-by-side table ---------------------------------------


def figures(*, scale, counts, rows, dispatch_median_ms, dispatch_queries, inbound) -> dict:
    """What a run keeps for the side-by-side table: per row, req/s, ratio and queries."""
    kept = {
        REFERENCE.sub("<reference>", row.label): {
            "rps": round(row.app.rps, 1), "ratio": round(row.ratio, 3), "queries": row.queries}
        for row in rows if not row.skipped and row.app
    }
    kept["Dispatcher cycle, nothing due (ms, median)"] = {
        "ms": round(dispatch_median_ms, 2), "queries": dispatch_queries}
    if inbound:
        kept["Email in, one worker (emails/s)"] = {
            "rps": inbound["emails_per_s"], "queries": inbound["queries_per_email"]}
    return {"scale": scale, "counts": counts, "rows": kept}


def save_figures(data: dict, directory: Path = FIGURES_DIR) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / f"scale-{data['scale']}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def load_figures(directory: Path = FIGURES_DIR) -> list[dict]:
    """Every scale measured so far, smallest first."""
    found = [json.loads(path.read_text()) for path in directory.glob("scale-*.json")]
    return sorted(found, key=lambda data: data["scale"])


def _value(figure: dict | None) -> str:
    if not figure:
        return "—"
    if "ms" in figure:
        return f"{figure['ms']:.2f} ms"
    ratio = f" (x{figure['ratio']:.2f})" if figure.get("ratio") is not None else ""
    return f"{figure['rps']:.0f}/s{ratio}"


def _growth(small: dict | None, large: dict | None) -> str:
    """The larger size over the smaller: time grows, throughput shrinks (below 1)."""
    if not small or not large:
        return "—"
    key = "ms" if "ms" in small else "rps"
    if not small.get(key):
        return "—"
    ratio = ""  # the ratio to the reference: what survives a noisy machine
    if small.get("ratio") and large.get("ratio") is not None:
        ratio = f" (ratio {large['ratio'] / small['ratio']:.2f})"
    queries = ""
    if small.get("queries") is not None and large.get("queries") is not None \
            and small["queries"] != large["queries"]:
        queries = f"; queries {small['queries']} → {large['queries']}"
    return f"{large[key] / small[key]:.2f}{ratio}{queries}"


def render_side_by_side(runs: list[dict]) -> str:
    """One column per scale (value, ratio to the reference, queries), then the growth of
    the largest over the smallest. Empty when fewer than one run is kept."""
    if not runs:
        return ""
    small, large = runs[0], runs[-1]
    head = "| measure | " + " | ".join(
        f"{run['scale']}×: req/s (ratio) | queries" for run in runs)
    head += f" | growth {large['scale']}×/{small['scale']}× |" if len(runs) > 1 else " |"
    columns = 1 + 2 * len(runs) + (1 if len(runs) > 1 else 0)
    lines = [
        SIDE_BY_SIDE,
        "",
        "Each scale's last run (bench/figures/scale-N.json); data: "
        + "; ".join(f"{run['scale']}× = {run['counts']['cases']:,} cases, "
                    f"{run['counts'].get('messages', 0):,} messages, "
                    f"{run['counts']['archived']:,} archived, "
                    f"{run['counts']['reminders']:,} pending reminders" for run in runs)
        + ". Growth: the largest size's figure over the smallest's (req/s below 1 is slower; "
        "ms above 1 is slower), the same for the ratio to the reference (measured right after, "
        "so it survives a busy machine), and the queries when they changed.",
        "",
        head,
        "|---|" + "--:|" * (columns - 1),
    ]
    labels = list(dict.fromkeys(label for run in runs for label in run["rows"]))
    for label in labels:
        cells = []
        for run in runs:
            figure = run["rows"].get(label)
            cells += [_value(figure), str(figure["queries"]) if figure else "—"]
        growth = [_growth(small["rows"].get(label), large["rows"].get(label))] \
            if len(runs) > 1 else []
        lines.append(f"| {label} | " + " | ".join(cells + growth) + " |")
    return "\n".join(lines) + "\n"
