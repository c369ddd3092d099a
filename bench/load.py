"""`make bench`: the desk under load, next to a bare Django reference app on the same stack.

    .venv/bin/python bench/load.py [--scale 10] [--reseed] [--cases 100000] [--seconds 10]

1. Seeds a dedicated PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/recovery_bench_load) once: cases with timelines
   (bench/seed_cases.py), archived apologies (bench/measure_archive.py) and pending reminders
   (bench/measure_dispatch.py). A later run finds them and skips this; --reseed starts over.
   --scale N seeds N times the rows into a database of its own (bench/scale.py).
2. Serves the desk (`gunicorn recovery.wsgi`) and the reference app (`bench/reference/`), 2
   sync workers each, DEBUG=false, HTTPS=false, on 127.0.0.1.
3. Per row, runs wrk on the desk's endpoint and then on the matching reference endpoint, for
   --seconds each, with the same number of clients: the ratio of the two throughputs is the
   figure that survives a noisy machine. Queries per request come from one in-process request
   (CaptureQueriesContext). The dispatcher cycle is timed in-process (nothing due), and so
   is email in (bench/measure_inbound.py: 500 raw emails through `inbound.receive`, a few
   seconds; its cases stay, 250 seeded and 250 opened per run).
4. A burst: --burst case POSTs from 64 clients, half of them retries of an earlier request
   with its Idempotency-Key; then the database is counted (duplicates, lost).
5. Prints the table and writes it to bench/RESULTS.md, with every scale measured so far side
   by side (a "## Findings" section already in that file is kept).

Cases posted by earlier runs (their API keys are named bench-load and bench-burst) are
deleted at the start, so the database stays at the seeded size. Redis: BENCH_REDIS_URL
(default redis://127.0.0.1:6379/5); the tasks the desk enqueues go to a queue nobody consumes,
which is emptied at the end.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BENCH_DIR))

from burst import burst  # noqa: E402  (after the path is set)
from dataset import (  # noqa: E402
    People,
    forget_earlier_runs,
    people,
    prepare_reference_table,
    seed,
)
from machine import commit, machine, versions  # noqa: E402
from results import (  # noqa: E402
    Row,
    render_results,
    write_results,
)
from scale import (  # noqa: E402
    FIGURES_DIR,
    database_url,
    figures,
    load_figures,
    render_side_by_side,
    save_figures,
    scaled,
)
from servers import GUNICORN_WORKERS, Server, status_of, wrk  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recovery_bench_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
APP_PORT, REFERENCE_PORT = 8811, 8812
QUEUE = "bench-load"
CLIENTS = 16


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reseed", action="store_true", help="seed everything again")
    parser.add_argument("--scale", type=int, default=1, help="N times the rows below, in a "
                        "database of its own (…_xN), seeded once")
    parser.add_argument("--cases", type=int, help="cases at 1× (default 100,000; at 10×, "
                        "1,000,000)")
    parser.add_argument("--archived", type=int, help="archived apologies at 1× (default "
                        "100,000; at 10×, 500,000)")
    parser.add_argument("--reminders", type=int, help="pending reminders at 1× (default "
                        "1,000,000; at 10×, 5,000,000)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--burst", type=int, default=20_000, help="POSTs in the burst")
    parser.add_argument("--burst-clients", type=int, default=64)
    parser.add_argument("--no-burst", action="store_true")
    parser.add_argument("--seed-only", action="store_true", help="seed (if needed) and stop")
    parser.add_argument("--dispatch-runs", type=int, default=50)
    parser.add_argument("--inbound-cases", type=int, default=250,
                        help="cases seeded with an apology for the email-in measure")
    parser.add_argument("--inbound-emails", type=int, default=500)
    parser.add_argument("--out", default=str(BENCH_DIR / "RESULTS.md"))
    parser.add_argument("--figures", default=str(FIGURES_DIR),
                        help="where each scale's figures are kept for the side-by-side table")
    parser.add_argument("--only", default="", help="measure only the rows whose label holds "
                        "one of these comma-separated words (e.g. intake,queue); prints the "
                        "figures and leaves RESULTS.md alone")
    return scaled(parser.parse_args())


def configure_environment(scale=1):
    """The environment of this process and of the desk's gunicorn: production-ish, on the
    bench database of this scale and Redis DB 5."""
    url = database_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL), scale)
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        "CELERY_QUEUE": QUEUE,
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # The bench measures the desk, not its per-key throttle (which still counts in Redis).
        "API_THROTTLE_RATE": "100000000/min",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "recovery.settings",
    }
    os.environ.update(env)
    return env


# --- Servers ----------------------------------------------------------------------------


# --- Load -------------------------------------------------------------------------------


def count_queries(request):
    """Queries of one in-process request (after a warm-up one), and its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return len(queries), response.status_code


def build_rows(p: People, clients):
    """The rows of the table: the desk's request, how to count its queries, its reference."""
    from django.test import Client

    from cases.models import Case

    agent_client, manager_client = Client(), Client()
    agent_client.force_login(p.agent)
    manager_client.force_login(p.manager)
    user_api = Client(HTTP_AUTHORIZATION=f"Api-Key {p.user_key}")
    load_api = Client(HTTP_AUTHORIZATION=f"Api-Key {p.load_key}")
    # An open case some way down the queue, with its timeline, steps and suggestions.
    open_cases = Case.objects.filter(status="open").order_by("-created_at")
    case = open_cases[100:101].first() or open_cases.first() or Case.objects.first()
    agent_cookie = f"Cookie: sessionid={p.agent_cookie}"
    manager_cookie = f"Cookie: sessionid={p.manager_cookie}"
    body = {"customer": {"email": "load-queries@example.com", "name": "Load"},
            "title": "Counting queries", "category": "shipping", "severity": "medium",
            "channel": "api"}
    search = 2  # one client per worker: the latency a searching agent sees, without a queue
    # Issue 22's targets: ratios in one run; p-values under 16 clients, but for the archive
    # searches (2 clients: one per worker, the latency a searching agent sees).
    return [
        Row("Case intake POST /api/v1/cases/", "/api/v1/cases/", [f"Authorization: Api-Key "
            f"{p.load_key}"], clients, "insert", post=True,
            request=lambda: load_api.post("/api/v1/cases/", body, content_type="application/json"),
            min_ratio=0.25, max_p99=100),
        Row("Queue page /cases/ (HTML, signed in)", "/cases/", [agent_cookie], clients, "rows",
            request=lambda: agent_client.get("/cases/"), min_ratio=0.20),
        Row("Case list API GET /api/v1/cases/ (a person's key)", "/api/v1/cases/",
            [f"Authorization: Api-Key {p.user_key}"], clients, "rows",
            request=lambda: user_api.get("/api/v1/cases/"), min_ratio=0.40),
        Row("Case list API GET /api/v1/cases/ (an integration's key)", "/api/v1/cases/",
            [f"Authorization: Api-Key {p.load_key}"], clients, "rows",
            request=lambda: load_api.get("/api/v1/cases/"), min_ratio=0.40),
        Row(f"Case page /cases/{case.reference}/", case.get_absolute_url(), [agent_cookie],
            clients, "rows", request=lambda: agent_client.get(case.get_absolute_url()),
            min_ratio=0.20),
        Row("Archive search, 1 word (/archive/?q=refund)", "/archive/?q=refund",
            [agent_cookie], search, "rows",
            request=lambda: agent_client.get("/archive/?q=refund"), max_p95=100),
        Row("Archive search, 3 words (/archive/?q=parcel arrived broken)",
            "/archive/?q=parcel+arrived+broken", [agent_cookie], search, "rows",
            request=lambda: agent_client.get("/archive/?q=parcel+arrived+broken"), max_p95=100),
        Row("Insights /insights/ (manager)", "/insights/", [manager_cookie], clients, "rows",
            request=lambda: manager_client.get("/insights/"), max_p50=500, optional=True),
    ]


REFERENCE = {"nothing": "/nothing/", "insert": "/insert/", "rows": "/rows/"}
REFERENCE_QUERIES = {"nothing": 0, "insert": 1, "rows": 1}  # by construction


def measure_rows(rows, seconds):
    app = f"http://127.0.0.1:{APP_PORT}"
    ref = f"http://127.0.0.1:{REFERENCE_PORT}"
    for row in rows:
        status = None if row.post else status_of(app + row.path, row.headers)
        if row.optional and status != 200:
            row.skipped = f"not measured (no {row.path} yet: {status})"
            print(f"{row.label}: {row.skipped}", flush=True)
            continue
        row.queries, in_process_status = count_queries(row.request)
        expected = 201 if row.post else 200
        if in_process_status != expected:
            sys.exit(f"{row.label}: {row.path} answered {in_process_status}, not {expected}")
        # A short warm-up of both, then the desk and the reference one after the other.
        wrk(app + row.path, 1, row.clients, row.headers, row.post)
        wrk(ref + REFERENCE[row.reference], 1, row.clients, post=row.post)
        row.app = wrk(app + row.path, seconds, row.clients, row.headers, row.post)
        row.ref = wrk(ref + REFERENCE[row.reference], seconds, row.clients, post=row.post)
        row.ref_queries = REFERENCE_QUERIES[row.reference]
        print(f"{row.label}: {row.app.rps:.0f}/s, p50 {row.app.p50_ms:.1f} ms, p99 "
              f"{row.app.p99_ms:.1f} ms, {row.queries} queries; reference {row.ref.rps:.0f}/s "
              f"(x{row.ratio:.2f}){' ERRORS ' + str(row.app.errors) if row.app.errors else ''}",
              flush=True)


FLOORS = [
    ("rows", "/rows/", "25 rows as JSON, a bare Django view (the reference of the list rows)"),
    ("drf-rows", "/drf-rows/", "the same through Django REST framework, no authentication: "
     "the floor of any DRF list"),
    ("html-rows", "/html-rows/", "the same as a 9-column HTML table through Django's "
     "templates, no session or layout: the floor of any server-rendered list page"),
    ("jinja-rows", "/jinja-rows/", "the same table through Jinja2 (Django's own Jinja2 "
     "backend, autoescaping on): the floor of a list page whose rows Jinja2 renders"),
]


def measure_floors(seconds, clients):
    """What the frameworks themselves reach on the reference's 25 rows, alternating, so the
    list targets can be read against them."""
    ref = f"http://127.0.0.1:{REFERENCE_PORT}"
    for _, path, _ in FLOORS:
        wrk(ref + path, 1, clients)
    return [(name, path, what, wrk(ref + path, seconds, clients)) for name, path, what in FLOORS]


def measure_dispatcher(runs):
    """Median and p99 of `dispatch_reminders` with nothing due, in-process, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.tasks import dispatch_reminders

    for _ in range(3):
        assert dispatch_reminders() == 0, "something is due: the measure needs nothing due"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        dispatch_reminders()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        dispatch_reminders()
    return times, len(queries)


# --- Main -------------------------------------------------------------------------------


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (see README, Benchmarks)")
    env = configure_environment(args.scale)
    from seed_cases import ensure_database

    ensure_database(env["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    prepare_reference_table()
    forget_earlier_runs()
    counts = seed(args)
    print(f"data ({args.scale}×): {counts['cases']:,} cases, {counts['messages']:,} messages, "
          f"{counts['archived']:,} archived apologies, {counts['reminders']:,} pending "
          f"reminders ({time.monotonic() - started:.0f} s)", flush=True)

    if args.seed_only:
        return
    dispatch_times, dispatch_queries = measure_dispatcher(args.dispatch_runs)
    print(f"dispatcher, nothing due: median {statistics.median(dispatch_times):.2f} ms",
          flush=True)
    from measure_inbound import measure_if_asked

    inbound = measure_if_asked(args)

    p = people()
    rows = build_rows(p, args.clients)
    if args.only:
        words = [word.strip().lower() for word in args.only.split(",") if word.strip()]
        rows = [row for row in rows if any(word in row.label.lower() for word in words)]
        args.no_burst = args.no_burst or "burst" not in words
    server_env = {**os.environ, **env}
    reference_env = {**server_env, "DJANGO_SETTINGS_MODULE": "reference.settings"}
    app = Server("desk", "recovery.wsgi", APP_PORT, server_env)
    reference = Server("reference", "reference.wsgi", REFERENCE_PORT, reference_env,
                       pythonpath=str(BENCH_DIR))
    burst_result = None
    try:
        app.wait("/healthz")
        reference.wait("/nothing/")
        measure_rows(rows, args.seconds)
        floors = None if args.only else measure_floors(args.seconds, args.clients)
        rss = {"after the rows": app.worker_rss_mb()}
        if not args.no_burst:
            print(f"burst: {args.burst:,} POSTs from {args.burst_clients} clients …", flush=True)
            burst_result = burst(p, args.burst, args.burst_clients, APP_PORT)
            rss["after the burst"] = app.worker_rss_mb()
            print(json.dumps(burst_result), flush=True)
        rss["reference, after the rows"] = reference.worker_rss_mb()
    finally:
        app.stop()
        reference.stop()
        empty_queue(env["REDIS_URL"])

    text = render_results(
        rows=rows, dispatch_times=dispatch_times, dispatch_queries=dispatch_queries, rss=rss,
        burst=burst_result, counts=counts, floors=floors, inbound=inbound,
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), machine=machine(),
        versions=versions(), commit=commit(),
        settings=(f"desk `gunicorn recovery.wsgi` and reference `gunicorn reference.wsgi`, "
                  f"{GUNICORN_WORKERS} sync workers each, DEBUG=false, HTTPS=false, "
                  f"API_THROTTLE_RATE=100000000/min (the throttle still counts in Redis), "
                  f"Redis {env['REDIS_URL']}, database {env['DATABASE_URL']}; wrk 2 threads, "
                  f"{args.seconds} s per endpoint after a 1 s warm-up, desk then reference; "
                  f"{args.clients} clients (on 2 workers, latency there is mostly queueing), "
                  "archive searches at 2 (one per worker: the latency a searching agent sees)"),
    )
    if not args.only:
        save_figures(figures(scale=args.scale, counts=counts, rows=rows,
                             dispatch_median_ms=statistics.median(dispatch_times),
                             dispatch_queries=dispatch_queries, inbound=inbound),
                     Path(args.figures))
        text += "\n" + render_side_by_side(load_figures(Path(args.figures)))
    print("\n" + text)
    if args.only:
        return
    write_results(Path(args.out), text)
    print(f"written to {args.out} ({time.monotonic() - started:.0f} s in all)")


def empty_queue(redis_url):
    import redis

    redis.Redis.from_url(redis_url).delete(QUEUE)


if __name__ == "__main__":
    main()
