"""Time the insights dashboard with 100,000 cases and 50,000 survey answers on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench_insights \\
        .venv/bin/python bench/measure_insights.py [--cases 100000] [--surveys 50000] [--runs 15]

Uses a dedicated database: creates it if missing and, when it holds no cases yet, seeds it
with bench/seed_cases.py (customers, cases over two years, their opening events), then adds
what the figures read, with COPY: every step of every sent case and the steps before an
open case's stage (remedies and root causes included), a step-completed event per step
(one in seven carrying a lexicon finding), the sent apologies, and --surveys answered
surveys; then VACUUM ANALYZE. Then, in process with the Django test client (DEBUG off),
median and p95 over --runs requests of /healthz (the reference: the least a request
costs) and /insights/ for a manager (12 weeks, 2 years) and an agent (12 weeks, 2 years),
each with its number of queries and its ratio to the reference measured in the same run.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

from measure_archive import summary, timed  # noqa: E402
from seed_cases import BENCH_AGENT, copy_rows, ensure_database  # noqa: E402

BENCH_MANAGER = "bench-manager@example.com"
STEP_KEYS = ["restore_value", "acknowledge", "explain", "fix", "regret"]
REMEDIES = ["refund", "credit", "replacement", "upgrade", "expedite", "gift", "service"]
FINDINGS = [("any inconvenience", "minimizing"), ("it's our policy", "policy_speak"),
            ("the courier lost", "blame"), ("did you check", "dypii"),
            ("we were very busy", "excuse"), ("as I already explained", "youre_wrong")]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--surveys", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def seed(args):
    from django.core.management import call_command

    from cases.models import Case

    call_command("migrate", verbosity=0, interactive=False)
    if not Case.objects.exists():
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "seed_cases.py"),
                        "--cases", str(args.cases)], check=True)
    from apologies.models import ApologyStep

    if ApologyStep.objects.exists():
        return
    seed_recovery(random.Random(args.seed), args.surveys)


def seed_recovery(rng, survey_count):
    """Steps, step events, sent apologies and surveys for the seeded cases, with COPY."""
    import json

    from django.db import connection, transaction
    from django.utils import timezone

    from apologies.models import ApologyMessage, ApologyStep, RootCause
    from cases.models import Case, CaseEvent, Survey

    now = timezone.now()
    causes = list(RootCause.objects.values_list("id", flat=True))
    cases = Case.objects.values_list("id", "reference", "status", "stage", "created_at",
                                     "first_responded_at", "resolved_at", "assignee_id")
    steps, events, messages, surveys = [], [], [], []
    event_id = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = time.monotonic()
    for case_id, reference, _status, stage, created, responded, resolved, assignee in cases:
        done = STEP_KEYS if stage == "sent" else STEP_KEYS[:STEP_KEYS.index(stage)] \
            if stage in STEP_KEYS else STEP_KEYS
        if not done:
            continue
        until = responded if stage == "sent" and responded else now
        span = (until - created).total_seconds()
        # Most of the time goes into the first step (agreeing the remedy).
        fractions = sorted(rng.random() ** 2 for _ in done)
        for key, fraction in zip(done, fractions, strict=True):
            at = created + timedelta(seconds=span * fraction * 0.98)
            value = round(rng.uniform(10, 200), 2) if key == "restore_value" else None
            steps.append((case_id, key, "Step text.", rng.choice(REMEDIES) if value else "",
                          value, round(value * rng.uniform(0.2, 0.8), 2) if value else None,
                          "EUR" if value else "", rng.choice(causes) if key == "explain"
                          else None, at, assignee, at))
            findings = []
            if rng.random() < 1 / 7:
                text, category = rng.choice(FINDINGS)
                findings = [{"text": text, "kind": "caution", "category": category,
                             "rule": "lexicon", "start": 0, "end": len(text)}]
            event_id += 1
            events.append((event_id, case_id, "step_completed", assignee, None, "", key,
                           "Step text.", json.dumps({"step": key, "findings": findings}), at))
        if stage == "sent" and responded:
            messages.append((case_id, "customer@example.com", f"We are sorry ({reference})",
                             "Sorry.", "<p>Sorry.</p>", assignee, responded, responded,
                             f"<apology-{reference.lower()}@bench>"))
            if resolved and len(surveys) < survey_count:
                answered = min(resolved + timedelta(days=rng.uniform(1, 7)), now)
                csat = rng.choices([1, 2, 3, 4, 5], [4, 6, 15, 35, 40])[0]
                surveys.append((case_id, answered - timedelta(days=1), answered, csat,
                                min(10, max(0, csat * 2 + rng.randint(-2, 0))), ""))
    print(f"built rows in {time.monotonic() - started:.1f}s", flush=True)
    with transaction.atomic():
        for model, columns, rows in (
            (ApologyStep, ["case_id", "key", "content", "remedy_type", "value_to_customer",
                           "cost", "currency", "root_cause_id", "completed_at",
                           "completed_by_id", "updated_at"], steps),
            (CaseEvent, ["id", "case_id", "kind", "actor_id", "api_key_id", "from_value",
                         "to_value", "note", "data", "created_at"], events),
            (ApologyMessage, ["case_id", "to_email", "subject", "text", "html", "sent_by_id",
                              "sent_at", "delivered_at", "message_id"], messages),
            (Survey, ["case_id", "sent_at", "answered_at", "csat", "nps", "comment"], surveys),
        ):
            step = time.monotonic()
            count = copy_rows(model._meta.db_table, columns, rows)
            print(f"{model._meta.db_table}: {count:,} ({time.monotonic() - step:.1f}s)",
                  flush=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('cases_caseevent', 'id'), "
                           "(SELECT MAX(id) FROM cases_caseevent))")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/recovery_bench_insights")
    ensure_database(url)
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Role, User
    from accounts.roles import create_desk_user
    from cases.models import Case, Survey

    seed(args)
    manager = User.objects.filter(email=BENCH_MANAGER).first() or create_desk_user(
        BENCH_MANAGER, role=Role.MANAGER, password="recovery-bench")
    agent = User.objects.get(email=BENCH_AGENT)
    as_manager, as_agent = Client(), Client()
    as_manager.force_login(manager)
    as_agent.force_login(agent)
    today = timezone.localdate()
    two_years = f"/insights/?from={today - timedelta(days=730)}&to={today}"
    requests = [
        ("reference: /healthz", Client(), "/healthz"),
        ("manager, 12 weeks (default)", as_manager, "/insights/"),
        ("manager, 2 years", as_manager, two_years),
        ("agent, 12 weeks", as_agent, "/insights/"),
        ("agent, 2 years", as_agent, two_years),
        ("CSV: stalls, manager, 2 years", as_manager, two_years.replace("/?", "/stalls.csv?")),
    ]
    answered = Survey.objects.filter(answered_at__isnull=False).count()
    print(f"\n{Case.objects.count():,} cases, {answered:,} survey answers, "
          f"{Case.objects.filter(assignee=agent).count():,} assigned to the agent; "
          f"{args.runs} runs each\n")
    print(f"{'request':34} {'median ms':>10} {'p95 ms':>8} {'x ref':>7} {'queries':>8}")
    reference = None
    for label, client, path in requests:
        median, p95 = summary(timed(client, path, args.runs))
        reference = reference or median
        print(f"{label:34} {median:10.1f} {p95:8.1f} {median / reference:7.1f} "
              f"{queries(client, path):8}")


if __name__ == "__main__":
    main()
