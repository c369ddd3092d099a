"""What `make bench` works on: the seeded desk (once), the reference app's table, and the
people and keys the load comes from; cases posted by an earlier run are removed first."""

import random
import time
from dataclasses import dataclass

LOAD_KEY, USER_KEY, BURST_KEY = "bench-load", "bench-load-agent", "bench-burst"
MANAGER = "bench-manager@example.com"


def seed(args):
    """Seed what is missing (everything with --reseed); return the counts."""
    from django.db import connection
    from measure_archive import seed_archive
    from measure_dispatch import seed_reminders
    from scale import seed_messages
    from seed_cases import seed as seed_cases

    from archive.models import ArchivedApology
    from cases.models import Case, Reminder
    from conversation.models import Message

    cases = Case.objects.count()
    if args.reseed or cases < args.cases:
        print(f"seeding {args.cases:,} cases …", flush=True)
        seed_cases(cases=args.cases, reset=True)
    added = seed_messages()
    if added:
        print(f"  {added:,} complaint messages (one per case without one)", flush=True)
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
        # Email in's notifications of an earlier run were enqueued to a queue nobody consumes:
        # unsent, the "nothing due" cycle would enqueue up to 1,000 of them again each time
        # (700 ms, not 1 ms). They were never meant to leave: count them as sent.
        cursor.execute("UPDATE cases_notification SET emailed_at = now() "
                       "WHERE emailed_at IS NULL")
    return {
        "cases": Case.objects.count(),
        "messages": Message.objects.count(),
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
