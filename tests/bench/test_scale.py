"""`make bench --scale N` (bench/scale.py): a database per scale, N times the rows, and the
figures of every scale measured written side by side with their growth."""

import argparse
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))

from results import Measure, Row  # noqa: E402
from scale import (  # noqa: E402
    database_url,
    figures,
    load_figures,
    render_side_by_side,
    save_figures,
    scaled,
)

URL = "postgres://postgres@127.0.0.1:5432/recovery_bench_load"


def test_each_scale_has_its_own_database_and_1x_keeps_the_old_one():
    assert database_url(URL, 1) == URL
    assert database_url(URL, 10) == URL + "_x10"


def test_10x_seeds_the_issues_sizes_and_other_scales_n_times_1x():
    args = scaled(argparse.Namespace(scale=10, cases=None, archived=None, reminders=None))
    assert (args.cases, args.archived, args.reminders) == (1_000_000, 500_000, 5_000_000)
    args = scaled(argparse.Namespace(scale=1, cases=None, archived=None, reminders=None))
    assert (args.cases, args.archived, args.reminders) == (100_000, 100_000, 1_000_000)
    args = scaled(argparse.Namespace(scale=3, cases=None, archived=None, reminders=None))
    assert (args.cases, args.archived, args.reminders) == (300_000, 300_000, 3_000_000)


def test_counts_given_are_the_1x_amounts_of_a_quick_run():
    args = scaled(argparse.Namespace(scale=2, cases=3000, archived=None, reminders=20_000))
    assert (args.cases, args.archived, args.reminders) == (6000, 200_000, 40_000)


def run(scale, rps, queries, dispatch_ms, reference):
    row = Row(f"Case page /cases/{reference}/", "/", [], 16, "rows", queries=queries)
    row.app, row.ref = Measure(rps * 10, 10, 1, 1, 1, 0), Measure(2000, 10, 1, 1, 1, 0)
    counts = {"cases": 100_000 * scale, "messages": 100_000 * scale,
              "archived": 50_000 * scale, "reminders": 500_000 * scale}
    return figures(scale=scale, counts=counts, rows=[row], dispatch_median_ms=dispatch_ms,
                   dispatch_queries=4, inbound={"emails_per_s": 50.0, "queries_per_email": 21})


def test_both_sizes_side_by_side_with_queries_and_growth(tmp_path):
    save_figures(run(10, 80, 17, 1.5, "SR-2026-912345"), tmp_path)
    save_figures(run(1, 100, 16, 1.0, "SR-2026-000101"), tmp_path)
    text = render_side_by_side(load_figures(tmp_path))
    assert "1×: req/s (ratio) | queries | 10×: req/s (ratio) | queries | growth 10×/1×" in text
    assert "1,000,000 cases, 1,000,000 messages, 500,000 archived, 5,000,000 pending" in text
    # One row for the case page although each size shows another case.
    assert ("| Case page /cases/<reference>/ | 100/s (x0.50) | 16 | 80/s (x0.40) | 17 | "
            "0.80 (ratio 0.80); queries 16 → 17 |") in text
    assert "| Dispatcher cycle, nothing due (ms, median) | 1.00 ms | 4 | 1.50 ms | 4 | 1.50 |" \
        in text
    assert "| Email in, one worker (emails/s) | 50/s | 21 | 50/s | 21 | 1.00 |" in text


def test_a_single_scale_is_shown_without_a_growth_column(tmp_path):
    save_figures(run(1, 100, 16, 1.0, "SR-2026-000101"), tmp_path)
    text = render_side_by_side(load_figures(tmp_path))
    assert "growth" not in text.split("\n\n")[2]
    assert "| Case page /cases/<reference>/ | 100/s (x0.50) | 16 |" in text
