"""Measure "Send to all": one incident with 5,000 linked cases, sent by real Celery workers
on Redis and PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench_incident \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/measure_incident_send.py

Steps: migrate a database of its own; log 5,000 cases through `open_case` (not timed) and
link them to an incident; start a Celery worker (prefork, 2 processes, file email backend)
on a queue of its own (`CELERY_QUEUE`); press "Send to all" (`sending.start`) and time
until every case's apology is composed and sent (the run finished), and until every
email has left (each message's `delivered_at`). Numbers go to stdout and to
bench/out/incident_send.json.
"""

import json
import os
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
# a queue of its own, so no other worker on the same Redis takes the bench's tasks
QUEUE = os.environ["CELERY_QUEUE"] = f"bench-{uuid.uuid4().hex[:8]}"

CASES = int(os.environ.get("BENCH_INCIDENT_CASES", 5_000))
TIERS = ["standard", "standard", "standard", "silver", "gold", "platinum"]


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from accounts.models import User
    from apologies.models import ApologyMessage
    from cases.intake import CustomerDetails, open_case
    from cases.models import Category
    from incidents import linking, sending
    from incidents.models import BulkSend
    from tests.incidents.helpers import REMEDIES, make_incident

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)  # categories, root causes, the lexicon
    manager = User.objects.get(email="manager@example.com")
    category = Category.objects.get(slug="outage")
    run_id = uuid.uuid4().hex[:6]
    print(f"Logging {CASES:,} cases …", flush=True)
    t0 = time.perf_counter()
    cases = [open_case(customer=CustomerDetails(email=f"bench-{run_id}-{n}@example.com",
                                                name=f"Customer {n}", tier=TIERS[n % 6]),
                       title=f"Checkout failed, order {n}", category=category,
                       severity="high", channel="web", by=manager) for n in range(CASES)]
    incident = make_incident(manager, remedies=REMEDIES)
    linking.link(incident, cases, by=manager)
    print(f"  logged and linked in {time.perf_counter() - t0:.0f} s")

    mail_dir = tempfile.mkdtemp(prefix="bench-mail-")
    env = {**os.environ, "CELERY_QUEUE": QUEUE, "EMAIL_FILE_PATH": mail_dir,
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recovery", "worker",
         "--concurrency", "2", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-l", "WARNING"], cwd=BASE_DIR, env=env)
    messages = ApologyMessage.objects.filter(case__incident=incident)
    try:
        time.sleep(5)  # let the worker start: the timings are of sending, not start-up
        t0 = time.perf_counter()
        bulk = sending.start(incident, by=manager)
        while BulkSend.objects.get(pk=bulk.pk).status != "finished":
            time.sleep(0.2)
            if time.perf_counter() - t0 > 1800:
                sys.exit("The run did not finish in 30 minutes")
        run_s = time.perf_counter() - t0
        while messages.filter(delivered_at__isnull=True).exists():
            time.sleep(0.2)
        delivered_s = time.perf_counter() - t0
    finally:
        worker.terminate()
        worker.wait()
    counts = sending.progress(BulkSend.objects.get(pk=bulk.pk))
    # the file backend appends a line of 79 dashes after each message
    emails = sum(path.read_text().count("-" * 79) for path in Path(mail_dir).glob("*.log"))
    print(f"{counts['sent']:,} sent, {counts['skipped']} skipped, {counts['failed']} failed")
    print(f"Run (steps completed, apology composed and recorded): {run_s:.1f} s "
          f"({CASES / run_s:.0f} cases/s)")
    print(f"All {messages.count():,} emails delivered after {delivered_s:.1f} s "
          f"({CASES / delivered_s:.0f} emails/s); {emails:,} emails written")
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "incident_send.json").write_text(json.dumps({
        "cases": CASES, **counts, "run_s": round(run_s, 1),
        "delivered_s": round(delivered_s, 1), "emails_per_s": round(CASES / delivered_s, 1),
        "database": settings.DATABASES["default"]["NAME"],
    }, indent=2))


if __name__ == "__main__":
    main()
