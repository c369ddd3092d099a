"""Measure the reminder dispatcher at scale: 1,000,000 pending reminders on a seeded database
(bench/seed_cases.py first), none due, then 1,000 due; and one worker's sending rate.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/measure_dispatch.py \\
        [--pending 5000000] [--idle-only] [--keep]

Steps: migrate; (re)seed the pending reminders with one INSERT … SELECT (generate_series in
the database: 5,000,000 rows in minutes; --keep leaves them for the next run, which reuses
them when the count matches); time `claim_due()` with nothing due (median of 50 cycles) and
show the plan of the very query it sent (EXPLAIN ANALYZE); --idle-only stops there. Then
make 1,000 due; time one
`dispatch()` (claim + hand 1,000 tasks to Redis, on a queue of its own); start one Celery
worker (solo pool, file email backend) on that queue and time until all 1,000 are sent.
Numbers go to stdout and bench/out/dispatch.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")
os.environ["DEBUG"] = "false"

PENDING, DUE = 1_000_000, 1_000

SEED = """
INSERT INTO cases_reminder (key, kind, case_id, recipient_id, due_at, attempts, last_error,
                            created_at)
SELECT 'bench:' || g, 'first_response_near', ids.id[1 + g %% array_length(ids.id, 1)], %s,
       now() + interval '1 hour' + (g %% 43200) * interval '1 minute', 0, '', now()
FROM generate_series(1, %s) AS g,
     (SELECT array_agg(id) AS id FROM (SELECT id FROM cases_case LIMIT 5000) c) AS ids
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pending", type=int, default=PENDING, help="pending reminders")
    parser.add_argument("--idle-only", action="store_true",
                        help="only the cycle with nothing due, and its plan")
    parser.add_argument("--keep", action="store_true",
                        help="keep the seeded reminders (a later run with the same --pending "
                             "reuses them)")
    return parser.parse_args()


def main():
    args = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from cases import reminders
    from cases.models import Case, Reminder
    from recovery.celery import app

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        sys.exit("Seed cases first: bench/seed_cases.py")
    Case.objects.update(first_responded_at=None)
    pending = Reminder.objects.filter(key__startswith="bench:", sent_at__isnull=True).count()
    seed_s = 0.0
    if pending == args.pending:
        print(f"Reusing {pending:,} pending reminders", flush=True)
        keep_in_future()
    else:
        print(f"Seeding {args.pending:,} pending reminders …", flush=True)
        started = time.perf_counter()
        seed_reminders(args.pending)
        seed_s = time.perf_counter() - started
        print(f"  seeded in {seed_s:.1f} s")

    idle = []
    for _ in range(50):
        t0 = time.perf_counter()
        assert reminders.claim_due() == []
        idle.append((time.perf_counter() - t0) * 1000)
    plan = explain_claim()
    print(f"Nothing due: claim_due() median {statistics.median(idle):.2f} ms, "
          f"max {max(idle):.2f} ms\n{plan}")
    if "Seq Scan on cases_reminder" in plan:
        print("WARNING: the claim reads the whole table (a Seq Scan), not the index")
    result = {"pending": args.pending, "seed_s": round(seed_s, 1),
              "idle_claim_ms_median": round(statistics.median(idle), 2),
              "idle_claim_ms_max": round(max(idle), 2), "plan": plan,
              "database": settings.DATABASES["default"]["NAME"]}
    if args.idle_only:
        write(result)
        if not args.keep:
            delete_seeded()
        return

    due_ids = list(Reminder.objects.filter(key__startswith="bench:")
                   .order_by("pk").values_list("pk", flat=True)[:DUE])
    Reminder.objects.filter(pk__in=due_ids).update(due_at=time_now(), claimed_at=None)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf["CELERY_TASK_ROUTES"] = {"*": {"queue": queue}}  # (Celery reads this name first)
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()
    t0 = time.perf_counter()
    claimed = reminders.dispatch()
    dispatch_ms = (time.perf_counter() - t0) * 1000
    print(f"{len(claimed)} due: claim and hand off in {dispatch_ms:.0f} ms")

    mail_dir = tempfile.mkdtemp(prefix="bench-mail-")
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": mail_dir}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recovery", "worker", "-Q", queue, "--pool",
         "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
        cwd=BASE_DIR, env=env,
    )
    try:
        t0 = time.perf_counter()
        while Reminder.objects.filter(pk__in=due_ids, sent_at__isnull=True).exists():
            time.sleep(0.2)
            if time.perf_counter() - t0 > 600:
                sys.exit("The worker did not finish in 10 minutes")
        send_s = time.perf_counter() - t0
    finally:
        worker.terminate()
        worker.wait()
    rate = DUE / send_s
    print(f"One worker sent {DUE} reminder emails in {send_s:.1f} s ({rate:.0f}/s, "
          "including its start-up)")

    write({**result, "due": DUE, "dispatch_ms": round(dispatch_ms), "send_s": round(send_s, 1),
           "emails_per_s": round(rate)})
    if args.keep:
        Reminder.objects.filter(pk__in=due_ids).delete()  # sent: the rest stays pending
    else:
        delete_seeded()


def explain_claim() -> str:
    """EXPLAIN ANALYZE of the query `claim_due()` itself sends (caught as it runs), so the
    plan is the real one, not a hand-written copy that could drift from it."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from cases import reminders

    with CaptureQueriesContext(connection) as queries:
        reminders.claim_due()
    claim = next(q["sql"] for q in queries.captured_queries
                 if q["sql"].startswith("SELECT") and "cases_reminder" in q["sql"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + claim.replace("%", "%%"))
        return "\n".join(row[0] for row in cursor.fetchall())


def keep_in_future():
    """Reused reminders fall due from an hour after seeding on: move any now near to an hour
    or more ahead, so nothing is due."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_reminder SET due_at = now() + interval '1 hour' "
            "+ (id %% 43200) * interval '1 minute', claimed_at = NULL "
            "WHERE key LIKE 'bench:%%' AND due_at < now() + interval '30 minutes'", []
        )


def delete_seeded():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_reminder WHERE key LIKE 'bench:%%'")


def write(result):
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "dispatch.json").write_text(json.dumps(result, indent=2))


def seed_reminders(pending=PENDING):
    """Replace the bench's reminders (keys `bench:…`) with `pending` rows, none due for an
    hour or more, spread over the first 5,000 cases (bench/load.py calls this too)."""
    from django.db import connection

    from accounts.models import User

    user, _ = User.objects.get_or_create(email="bench-reminders@example.com")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_reminder WHERE key LIKE 'bench:%%'")
        cursor.execute(SEED, [user.pk, pending])
        cursor.execute("ANALYZE cases_reminder")


def time_now():
    from django.utils import timezone

    return timezone.now()


if __name__ == "__main__":
    main()
