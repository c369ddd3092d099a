"""The pure helpers of `make bench` (bench/results.py, bench/burst.py): wrk's figures, the
targets, the burst's order and RESULTS.md keeping its findings."""

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))

from burst import burst_order  # noqa: E402
from results import (  # noqa: E402
    Measure,
    Row,
    inbound_row,
    parse_wrk,
    percentile,
    write_results,
)

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8811/cases/
  2 threads and 16 connections
WRK_JSON {"requests": 300, "duration_us": 2000000, "p50_us": 41000, "p95_us": 80000, \
"p99_us": 120500, "max_us": 150000, "non_2xx_3xx": 2, "connect": 0, "read": 1, "write": 0, \
"timeout": 0}
"""


def test_wrk_figures_are_read_in_milliseconds_and_requests_per_second():
    measure = parse_wrk(WRK_OUTPUT)
    assert measure.rps == 150
    assert (measure.p50_ms, measure.p95_ms, measure.p99_ms) == (41, 80, 120.5)
    assert measure.errors == 3


def test_wrk_output_without_figures_is_an_error():
    try:
        parse_wrk("connection refused")
    except ValueError as error:
        assert "no WRK_JSON line" in str(error)
    else:
        raise AssertionError("expected a ValueError")


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([7.0], 95) == 7.0


def test_a_row_meets_its_targets_only_when_ratio_and_latency_both_hold():
    row = Row("intake", "/api/v1/cases/", [], 16, "insert", min_ratio=0.4, max_p99=100)
    row.ref = Measure(1000, 10, 5, 8, 9, 0)
    row.app = Measure(450, 10, 30, 60, 90, 0)
    assert row.ratio == 0.45
    assert [met for _, met in row.targets()] == [True, True]
    row.app = Measure(450, 10, 30, 60, 130, 0)
    assert [met for _, met in row.targets()] == [True, False]
    row.app = Measure(450, 10, 30, 60, 90, 5)  # errors fail the row
    assert [met for _, met in row.targets()] == [True, True, False]


def test_every_burst_key_comes_twice_and_its_first_request_comes_first():
    order = burst_order(500, 64)
    assert len(order) == 1000
    assert sorted(set(order)) == list(range(500))
    seen = set()
    for position, key in enumerate(order):
        if key not in seen:  # a first request: keys start in order
            assert key == len(seen), position
            seen.add(key)


def test_results_keep_the_findings_written_by_hand(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\nold table\n\n## Findings\n\n- the queue is slow\n")
    write_results(path, "# Benchmark results\n\nnew table\n")
    text = path.read_text()
    assert "new table" in text and "old table" not in text
    assert text.endswith("## Findings\n\n- the queue is slow\n")


def test_floors_are_given_against_the_json_reference():
    from results import _floors

    floors = [("rows", "/rows/", "JSON", Measure(2000, 10, 5, 8, 9, 0)),
              ("html-rows", "/html-rows/", "HTML", Measure(600, 10, 20, 30, 40, 0))]
    text = "\n".join(_floors(floors, clients=16))
    assert "## Floors" in text
    assert "| `/rows/`: JSON | 200 | 5.0 | 9.0 | 1.00 |" in text
    assert "| `/html-rows/`: HTML | 60 | 20.0 | 40.0 | 0.30 |" in text


def test_email_in_meets_its_target_at_50_emails_a_second():
    figures = {"emails": 500, "emails_per_s": 61.2, "p50_ms": 14.0, "p95_ms": 22.5,
               "queries_per_email": 24.2}
    assert inbound_row(figures).endswith("| 61/s | 14.0 | 22.5 | | 24 | | | | ≥ 50/s | met |")
    assert inbound_row({**figures, "emails_per_s": 44.3}).endswith("| **missed** |")
