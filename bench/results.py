"""The pure part of `make bench` (bench/load.py): reading wrk's figures, judging the targets,
and writing bench/RESULTS.md. No Django here, so tests/bench/ can try it quickly."""

import json
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The issues' targets (2 cores, 2 gunicorn workers, PostgreSQL on the same machine); issue 22
# set the dispatcher's cycle at 5 ms with 5,000,000 reminders pending.
DISPATCH_MAX_MS = 5
WORKER_MAX_MB = 150
INBOUND_MIN_PER_S = 50
FINDINGS = "## Findings"

REFERENCE_NAMES = {"nothing": "does nothing", "insert": "one INSERT", "rows": "25 rows as JSON"}


@dataclass
class Measure:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse_wrk(output: str) -> Measure:
    """The figures wrk.lua's `done` prints on its `WRK_JSON {…}` line."""
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            data = json.loads(line.removeprefix("WRK_JSON "))
            errors = sum(data[name] for name in
                         ("non_2xx_3xx", "connect", "read", "write", "timeout"))
            return Measure(data["requests"], data["duration_us"] / 1e6, data["p50_us"] / 1000,
                           data["p95_us"] / 1000, data["p99_us"] / 1000, errors)
    raise ValueError(f"no WRK_JSON line in wrk's output:\n{output}")


def percentile(values, q) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Row:
    """One line of the table: a desk endpoint under wrk, and its matching reference."""

    label: str
    path: str
    headers: list
    clients: int
    reference: str  # a key of REFERENCE_NAMES
    post: bool = False
    request: Callable | None = None  # one in-process request, to count its queries
    min_ratio: float | None = None
    max_p99: float | None = None
    max_p95: float | None = None
    max_p50: float | None = None
    optional: bool = False  # measured only if the route answers 200
    app: Measure | None = None
    ref: Measure | None = None
    queries: int | None = None
    ref_queries: int | None = None
    skipped: str = ""
    notes: list = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.app.rps / self.ref.rps if self.app and self.ref and self.ref.rps else 0.0

    def targets(self) -> list[tuple[str, bool]]:
        """(target, met) for each target of the row."""
        judged = []
        if self.min_ratio is not None:
            judged.append((f"≥ {self.min_ratio:.0%} of ref", self.ratio >= self.min_ratio))
        if self.max_p99 is not None:
            judged.append((f"p99 < {self.max_p99:g} ms", self.app.p99_ms < self.max_p99))
        if self.max_p95 is not None:
            judged.append((f"p95 < {self.max_p95:g} ms", self.app.p95_ms < self.max_p95))
        if self.max_p50 is not None:
            judged.append((f"median < {self.max_p50:g} ms", self.app.p50_ms < self.max_p50))
        if self.app and self.app.errors:
            judged.append((f"no errors ({self.app.errors} non-2xx or socket errors)", False))
        return judged


def verdict(judged) -> tuple[str, str]:
    if not judged:
        return "", ""
    return "; ".join(t for t, _ in judged), ", ".join("met" if ok else "**missed**"
                                                     for _, ok in judged)


def render_results(*, rows, dispatch_times, dispatch_queries, rss, burst, counts, when,
                   machine, versions, commit, settings, floors=None, inbound=None) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` (bench/load.py), {when}, commit {commit}.",
        "",
        f"- Machine: {machine}",
        f"- Software: {versions}",
        f"- Data: {counts['cases']:,} cases with timelines, {counts['archived']:,} archived "
        f"apologies, {counts['reminders']:,} pending reminders",
        f"- Settings: {settings}",
        "- Ratios: the desk's throughput over the matching reference's (a bare Django view on "
        "the same stack: bench/reference/), measured right after it with the same clients.",
        "",
        "| measure | clients | req/s | median ms | p95 ms | p99 ms | queries/req | reference "
        "| ref req/s | ratio | target | |",
        "|---|--:|--:|--:|--:|--:|--:|---|--:|--:|---|---|",
    ]
    for row in rows:
        if row.skipped:
            lines.append(f"| {row.label} | | | | | | | | | | {row.skipped} | |")
            continue
        target, met = verdict(row.targets())
        lines.append(
            f"| {row.label} | {row.clients} | {row.app.rps:.0f} | {row.app.p50_ms:.1f} | "
            f"{row.app.p95_ms:.1f} | {row.app.p99_ms:.1f} | {row.queries} | "
            f"{REFERENCE_NAMES[row.reference]} ({row.ref_queries} q) | {row.ref.rps:.0f} | "
            f"{row.ratio:.2f} | {target} | {met} |"
        )
    median = statistics.median(dispatch_times)
    lines.append(
        f"| Dispatcher cycle, nothing due (`dispatch_reminders`, in-process, "
        f"{len(dispatch_times)} runs) | 1 | | {median:.2f} | {percentile(dispatch_times, 95):.2f} "
        f"| {percentile(dispatch_times, 99):.2f} | {dispatch_queries} | | | | "
        f"median < {DISPATCH_MAX_MS} ms | {'met' if median < DISPATCH_MAX_MS else '**missed**'} |"
    )
    if inbound:
        lines.append(inbound_row(inbound))
    desk_rss = {when: mb for when, mb in rss.items() if not when.startswith("reference")}
    largest = max(desk_rss.values())
    detail = ", ".join(f"{mb:.0f} MB {when}" for when, mb in rss.items())
    lines.append(
        f"| Largest desk gunicorn worker, VmRSS ({detail}) | | | | | | | | | | "
        f"< {WORKER_MAX_MB} MB | {'met' if largest < WORKER_MAX_MB else '**missed**'} |"
    )
    if floors:
        lines += _floors(floors, clients=rows[0].clients if rows else 16)
    if burst:
        ok = burst["5xx"] == 0 and burst["duplicates"] == 0 and burst["lost"] == 0
        statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(burst["statuses"].items()))
        lines += [
            "",
            "## Burst",
            "",
            f"{burst['requests']:,} case POSTs from {burst['clients']} concurrent clients: "
            f"{burst['distinct_keys']:,} distinct `Idempotency-Key`s, each sent once more later "
            "with the same body (a retry). A client that gets 409 (its first is still running) "
            "sends it again after 50 ms (sooner than the answer's `Retry-After: 1`, to press "
            "on the in-flight path); a 5xx or a dropped connection would be counted and "
            "retried the same way.",
            "",
            "| 5xx | duplicates | lost | final statuses | 409 in flight (retried) | replayed "
            "| connection errors | req/s | median ms | p99 ms | |",
            "|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|---|",
            f"| {burst['5xx']} | {burst['duplicates']} | {burst['lost']} | {statuses} | "
            f"{burst['in_flight_409']:,} | {burst['replayed']:,} | "
            f"{burst['connection_errors']} | {burst['rps']:.0f} | {burst['p50_ms']:.1f} | "
            f"{burst['p99_ms']:.1f} | {'met' if ok else '**missed**'} |",
            "",
            f"Counted in the database: {burst['cases_in_db']:,} cases for "
            f"{burst['distinct_keys']:,} keys; duplicates = cases beyond the first for one key, "
            f"lost = keys without a case; {burst['mismatched_replays']} replays named another "
            "case than the first answer.",
        ]
    return "\n".join(lines) + "\n"


def inbound_row(figures) -> str:
    """Email in (bench/measure_inbound.py): one worker's emails per second."""
    rate = figures["emails_per_s"]
    return (
        f"| Email in, parsed and threaded (`inbound.receive`, in-process, "
        f"{figures['emails']} emails: half replies, half new cases) | 1 | {rate:.0f}/s | "
        f"{figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} | | "
        f"{figures['queries_per_email']:.0f} | | | | ≥ {INBOUND_MIN_PER_S}/s | "
        f"{'met' if rate >= INBOUND_MIN_PER_S else '**missed**'} |"
    )


def _floors(floors, clients) -> list[str]:
    json_rps = floors[0][3].rps
    lines = [
        "",
        "## Floors",
        "",
        f"The frameworks alone on the reference's 25 rows ({clients} clients, same gunicorn): "
        "a list endpoint or page of the desk cannot be faster than these, whatever it does.",
        "",
        "| floor | req/s | median ms | p99 ms | of the JSON reference |",
        "|---|--:|--:|--:|--:|",
    ]
    for _, path, what, measure in floors:
        lines.append(f"| `{path}`: {what} | {measure.rps:.0f} | {measure.p50_ms:.1f} | "
                     f"{measure.p99_ms:.1f} | {measure.rps / json_rps:.2f} |")
    return lines


def write_results(path: Path, text: str):
    """Write the table, keeping the hand-written Findings section of the file, if any."""
    findings = ""
    if path.exists():
        old = path.read_text()
        if FINDINGS in old:
            findings = "\n" + old[old.index(FINDINGS):]
    path.write_text(text + findings)
