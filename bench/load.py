"""`make bench`: the desk under load, next to a bare Django reference app on the same stack.

    .venv/bin/python bench/load.py [--reseed] [--cases 100000] [--seconds 10] [--no-burst]

1. Seeds a dedicated PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/recovery_bench_load) once: cases with timelines
   (bench/seed_cases.py), archived apologies (bench/measure_archive.py) and pending reminders
   (bench/measure_dispatch.py). A later run finds them and skips this; --reseed starts over.
2. Serves the desk (`gunicorn recovery.wsgi`) and the reference app (`bench/reference/`), 2
   sync workers each, DEBUG=false, HTTPS=false, on 127.0.0.1.
3. Per row, runs wrk on the desk's endpoint and then on the matching reference endpoint, for
   --seconds each, with the same number of clients: the ratio of the two throughputs is the
   figure that survives a noisy machine. Queries per request come from one in-process request
   (CaptureQueriesContext). The dispatcher cycle is timed in-process (nothing due).
4. A burst: --burst case POSTs from 64 clients, half of them retries of an earlier request
   with its Idempotency-Key; then the database is counted (duplicates, lost).
5. Prints the table and writes it to bench/RESULTS.md (a "## Findings" section already in that
   file is kept).

Cases posted by earlier runs (their API keys are named bench-load and bench-burst) are
deleted at the start, so the database stays at the seeded size. Redis: BENCH_REDIS_URL
(default redis://127.0.0.1:6379/5); the tasks the desk enqueues go to a queue nobody consumes,
which is emptied at the end.
"""

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BENCH_DIR))

from results import (  # noqa: E402  (after the path is set)
    Measure,
    Row,
    parse_wrk,
    percentile,
    render_results,
    write_results,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recovery_bench_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
APP_PORT, REFERENCE_PORT = 8811, 8812
LOAD_KEY, USER_KEY, BURST_KEY = "bench-load", "bench-load-agent", "bench-burst"
MANAGER = "bench-manager@example.com"
QUEUE = "bench-load"
CLIENTS = 16
GUNICORN_WORKERS = 2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reseed", action="store_true", help="seed everything again")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--archived", type=int, default=100_000)
    parser.add_argument("--reminders", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--burst", type=int, default=20_000, help="POSTs in the burst")
    parser.add_argument("--burst-clients", type=int, default=64)
    parser.add_argument("--no-burst", action="store_true")
    parser.add_argument("--seed-only", action="store_true", help="seed (if needed) and stop")
    parser.add_argument("--dispatch-runs", type=int, default=50)
    parser.add_argument("--out", default=str(BENCH_DIR / "RESULTS.md"))
    return parser.parse_args()


def configure_environment():
    """The environment of this process and of the desk's gunicorn: production-ish, on the
    bench database and Redis DB 5."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
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


# --- Seeding ----------------------------------------------------------------------------


def seed(args):
    """Seed what is missing (everything with --reseed); return the counts."""
    from django.db import connection
    from measure_archive import seed_archive
    from measure_dispatch import seed_reminders
    from seed_cases import seed as seed_cases

    from archive.models import ArchivedApology
    from cases.models import Case, Reminder

    cases = Case.objects.count()
    if args.reseed or cases < args.cases:
        print(f"seeding {args.cases:,} cases …", flush=True)
        seed_cases(cases=args.cases, reset=True)
    archived_target = min(args.archived, args.cases)
    if ArchivedApology.objects.count() < archived_target:
        print(f"archiving {archived_target:,} apologies …", flush=True)
        seed_archive(archived_target, random.Random(7))
    reminders = Reminder.objects.filter(key__startswith="bench:", sent_at__isnull=True)
    if args.reseed or reminders.count() < args.reminders:
        print(f"seeding {args.reminders:,} pending reminders …", flush=True)
        started = time.perf_counter()
        seed_reminders(args.reminders)
        print(f"  in {time.perf_counter() - started:.1f} s", flush=True)
    # The seeded reminders fall due from an hour after seeding on; keep them in the future,
    # so "nothing due" stays true on every later run.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_reminder SET due_at = now() + interval '1 hour' "
            "+ (id %% 43200) * interval '1 minute', claimed_at = NULL "
            "WHERE key LIKE 'bench:%%' AND due_at < now() + interval '30 minutes'", []
        )
    return {
        "cases": Case.objects.count(),
        "archived": ArchivedApology.objects.count(),
        "reminders": Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True)
        .count(),
    }


def forget_earlier_runs():
    """Delete the cases (and all that hangs off them) posted by earlier runs, and their keys."""
    from django.db import connection

    from accounts.models import ApiKey, IdempotentRequest
    from cases.models import Case

    keys = list(ApiKey.objects.filter(name__in=[LOAD_KEY, USER_KEY, BURST_KEY]))
    if not keys:
        return
    started = time.perf_counter()
    deleted = Case.objects.filter(source_key__in=keys).delete()[1].get("cases.Case", 0)
    IdempotentRequest.objects.filter(scope__in=[f"key:{k.pk}" for k in keys]).delete()
    ApiKey.objects.filter(pk__in=[k.pk for k in keys]).delete()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE bench_reference_row")
    print(f"removed {deleted:,} cases posted by earlier runs "
          f"({time.perf_counter() - started:.1f} s)", flush=True)


def prepare_reference_table():
    from django.db import connection
    from reference.table import TABLE_SQL

    with connection.cursor() as cursor:
        cursor.execute(TABLE_SQL)
        cursor.execute("SELECT count(*) FROM bench_reference_row")
        if cursor.fetchone()[0] < 1000:
            cursor.execute(
                "INSERT INTO bench_reference_row (title, body, created_at) "
                "SELECT 'Reference row ' || g, 'A row of the reference app, about as long as "
                "a case description.', now() FROM generate_series(1, 1000) AS g"
            )
        cursor.execute("ANALYZE bench_reference_row")


@dataclass
class People:
    agent: object
    manager: object
    agent_cookie: str
    manager_cookie: str
    load_key: str  # an integration's key: posts cases
    user_key: str  # the bench agent's key: reads every case
    burst_key: str
    burst_key_id: int = 0


def people():
    from django.test import Client
    from seed_cases import BENCH_AGENT, BENCH_PASSWORD

    from accounts.models import ApiKey, Role, User
    from accounts.roles import create_desk_user

    agent = User.objects.get(email=BENCH_AGENT)
    manager = User.objects.filter(email=MANAGER).first() or create_desk_user(
        MANAGER, role=Role.MANAGER, password=BENCH_PASSWORD, first_name="Bench",
        last_name="Manager")
    cookies = {}
    for user in (agent, manager):
        client = Client()
        client.force_login(user)  # a session row in the bench database
        cookies[user.pk] = client.cookies["sessionid"].value
    _, load_key = ApiKey.objects.create_key(name=LOAD_KEY)
    _, user_key = ApiKey.objects.create_key(name=USER_KEY, user=agent)
    burst, burst_key = ApiKey.objects.create_key(name=BURST_KEY)
    return People(agent, manager, cookies[agent.pk], cookies[manager.pk], load_key, user_key,
                  burst_key, burst.pk)


# --- Servers ----------------------------------------------------------------------------


class Server:
    def __init__(self, name, module, port, env, pythonpath=None):
        self.name, self.port = name, port
        command = [sys.executable, "-m", "gunicorn", module, "--workers",
                   str(GUNICORN_WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        if pythonpath:
            command += ["--pythonpath", pythonpath]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env)

    def wait(self, path):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5):
                    return
            except OSError:
                if self.process.poll() is not None:
                    sys.exit(f"{self.name} server exited with {self.process.returncode}")
                time.sleep(0.3)
        sys.exit(f"{self.name} server did not answer {path} in 60 s")

    def worker_rss_mb(self) -> float:
        """The largest worker's resident memory (VmRSS), in MB."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        sizes = []
        for child in children:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return max(sizes, default=0.0)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def status_of(url, headers):
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --- Load -------------------------------------------------------------------------------


def wrk(url, seconds, clients, headers=(), post=False) -> Measure:
    command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(BENCH_DIR / "wrk.lua")]
    for header in headers:
        command += ["-H", header]
    env = {name: value for name, value in os.environ.items() if name != "WRK_POST"}
    if post:
        env["WRK_POST"] = "1"
    result = subprocess.run([*command, url], capture_output=True, text=True, env=env,
                            check=True)
    return parse_wrk(result.stdout)


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
    return [
        Row("Case intake POST /api/v1/cases/", "/api/v1/cases/", [f"Authorization: Api-Key "
            f"{p.load_key}"], clients, "insert", post=True,
            request=lambda: load_api.post("/api/v1/cases/", body, content_type="application/json"),
            min_ratio=0.40, max_p99=100),
        Row("Queue page /cases/ (HTML, signed in)", "/cases/", [agent_cookie], clients, "rows",
            request=lambda: agent_client.get("/cases/"), min_ratio=0.50),
        Row("Case list API GET /api/v1/cases/", "/api/v1/cases/",
            [f"Authorization: Api-Key {p.user_key}"], clients, "rows",
            request=lambda: user_api.get("/api/v1/cases/"), min_ratio=0.50),
        Row(f"Case page /cases/{case.reference}/", case.get_absolute_url(), [agent_cookie],
            clients, "rows", request=lambda: agent_client.get(case.get_absolute_url())),
        Row("Archive search, 1 word (/archive/?q=refund)", "/archive/?q=refund",
            [agent_cookie], search, "rows",
            request=lambda: agent_client.get("/archive/?q=refund"), max_p95=100),
        Row("Archive search, 3 words (/archive/?q=parcel arrived broken)",
            "/archive/?q=parcel+arrived+broken", [agent_cookie], search, "rows",
            request=lambda: agent_client.get("/archive/?q=parcel+arrived+broken"), max_p95=100),
        Row("Insights /insights/ (manager)", "/insights/", [manager_cookie], clients, "rows",
            request=lambda: manager_client.get("/insights/"), optional=True),
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


# --- Burst ------------------------------------------------------------------------------


def burst_order(distinct, clients, seed=1):
    """Each key once as a first request, in order, and once more as a retry placed up to three
    rounds of clients later, so some retries arrive while their first is still running."""
    rng = random.Random(seed)
    slots = []
    for key in range(distinct):
        slots.append((2 * key, key))
        slots.append((2 * key + rng.uniform(1, 3 * clients), key))
    return [key for _, key in sorted(slots)]


def burst(p: People, total, clients):
    from django.db.models import Count

    from cases.models import Case

    tag = uuid.uuid4().hex[:8]
    order = burst_order(total // 2, clients)
    lock = threading.Lock()
    position = iter(range(len(order)))
    tally = {"statuses": {}, "5xx": 0, "in_flight_409": 0, "connection_errors": 0,
             "replayed": 0, "mismatched_replays": 0}
    first_reference, latencies = {}, []

    def body(key):
        return json.dumps({
            "customer": {"email": f"burst{key % 2000}@example.com", "name": "Burst Customer"},
            "title": f"Burst {tag} {key}", "category": "shipping", "severity": "medium",
            "channel": "api",
        })

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            key = order[index]
            headers = {"Authorization": f"Api-Key {p.burst_key}",
                       "Content-Type": "application/json",
                       "Idempotency-Key": f"{tag}-{key}"}
            started = time.perf_counter()
            for _attempt in range(200):
                try:
                    connection.request("POST", "/api/v1/cases/", body(key), headers)
                    response = connection.getresponse()
                    payload = response.read()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
                    with lock:
                        tally["connection_errors"] += 1
                    continue  # the same key again: a retry is what idempotency is for
                if response.status >= 500:
                    with lock:
                        tally["5xx"] += 1
                    continue
                if response.status == 409:  # the first with this key is still running
                    with lock:
                        tally["in_flight_409"] += 1
                    time.sleep(0.05)
                    continue
                break
            elapsed = (time.perf_counter() - started) * 1000
            reference = json.loads(payload).get("reference") if response.status < 300 else None
            with lock:
                latencies.append(elapsed)
                tally["statuses"][response.status] = tally["statuses"].get(response.status, 0) + 1
                if response.getheader("Idempotent-Replayed") == "true":
                    tally["replayed"] += 1
                known = first_reference.setdefault(key, reference)
                if known != reference:
                    tally["mismatched_replays"] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    per_title = dict(Case.objects.filter(source_key_id=p.burst_key_id, title__startswith=
                                         f"Burst {tag} ").values_list("title")
                     .annotate(n=Count("id")).values_list("title", "n"))
    distinct = total // 2
    found = {int(title.rsplit(" ", 1)[1]) for title in per_title}
    tally.update({
        "requests": len(order), "distinct_keys": distinct, "clients": clients,
        "seconds": round(took, 1), "rps": round(len(order) / took, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "cases_in_db": sum(per_title.values()),
        "duplicates": sum(n - 1 for n in per_title.values() if n > 1),
        "lost": len(set(range(distinct)) - found),
    })
    return tally


# --- Main -------------------------------------------------------------------------------


def machine():
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                  .splitlines() if line.startswith("MemTotal:"))
    return f"{os.cpu_count()} × {model}, {mem_kb / 1024 / 1024:.1f} GB RAM, {platform.system()} "\
        f"{platform.release()}"


def versions():
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return (f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL "
            f"{postgres.split()[0]}, {wrk_version.split(' Copyright')[0].strip()}")


def commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=BASE_DIR, capture_output=True,
                              text=True).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", ".") else ""
    return f"{git('rev-parse', '--short', 'HEAD')} on {git('branch', '--show-current')}{dirty}"


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (see README, Benchmarks)")
    env = configure_environment()
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
    print(f"data: {counts['cases']:,} cases, {counts['archived']:,} archived apologies, "
          f"{counts['reminders']:,} pending reminders ({time.monotonic() - started:.0f} s)",
          flush=True)

    if args.seed_only:
        return
    dispatch_times, dispatch_queries = measure_dispatcher(args.dispatch_runs)
    print(f"dispatcher, nothing due: median {statistics.median(dispatch_times):.2f} ms",
          flush=True)

    p = people()
    rows = build_rows(p, args.clients)
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
        rss = {"after the rows": app.worker_rss_mb()}
        if not args.no_burst:
            print(f"burst: {args.burst:,} POSTs from {args.burst_clients} clients …", flush=True)
            burst_result = burst(p, args.burst, args.burst_clients)
            rss["after the burst"] = app.worker_rss_mb()
            print(json.dumps(burst_result), flush=True)
        rss["reference, after the rows"] = reference.worker_rss_mb()
    finally:
        app.stop()
        reference.stop()
        empty_queue(env["REDIS_URL"])

    text = render_results(
        rows=rows, dispatch_times=dispatch_times, dispatch_queries=dispatch_queries, rss=rss,
        burst=burst_result, counts=counts,
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
    print("\n" + text)
    write_results(Path(args.out), text)
    print(f"written to {args.out} ({time.monotonic() - started:.0f} s in all)")


def empty_queue(redis_url):
    import redis

    redis.Redis.from_url(redis_url).delete(QUEUE)


if __name__ == "__main__":
    main()
