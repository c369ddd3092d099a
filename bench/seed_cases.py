"""Seed a PostgreSQL database with a realistic desk: ~20,000 customers, 100,000 cases over
two years (most closed), two timeline events per case.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench \\
        .venv/bin/python bench/seed_cases.py --cases 100000

Creates the database if it is missing and migrates it. Rows go in with COPY, not through
`cases.intake.open_case` (which would take minutes); references, SLA due times, timelines and
`ReferenceCounter` are kept consistent with what intake would have written, so intake can
continue afterwards. Ends with VACUUM ANALYZE. Refuses to add to a database that already has
cases unless --reset.
"""

import argparse
import json
import os
import random
import sys
import time
from bisect import bisect
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")

BENCH_AGENT = "bench-agent@example.com"
BENCH_PASSWORD = "recovery-bench"
OTHER_AGENTS = [
    ("kim.ito@example.com", "Kim", "Ito"),
    ("lou.martin@example.com", "Lou", "Martin"),
    ("noor.aziz@example.com", "Noor", "Aziz"),
    ("pat.byrne@example.com", "Pat", "Byrne"),
]
INTEGRATION_KEY_NAME = "bench-crm"

FIRST_NAMES = (
    "Ana Ben Chen Dara Eva Farid Grace Hugo Ines Jonas Kofi Lena Mateo Nadia Oscar Priya Quinn "
    "Rosa Sami Tariq Uma Viktor Wen Ximena Yusuf Zoe Aiko Bruno Carmen Dmitri Elif Femi Giulia "
    "Hana Ivan Julia Kwame Lucia Marek Nina"
).split()
LAST_NAMES = (
    "Souza Clarke Wei Murphy Novak Haddad Kim Lopez Schmidt Rossi Okafor Silva Kowalski Nguyen "
    "Dubois Jensen Moreau Tanaka Fischer Costa Ali Petrov Larsen Walsh Romero Haas Kaya Mensah "
    "Bianchi Horvat Popescu Yilmaz Berg Ortiz Sato Ivanova Dahl Evans Nakamura Weber"
).split()
DOMAINS = (
    "example.com example.net example.org mail.example.com example.ie example.cz example.de "
    "example.fr example.co.uk example.es"
).split()
COMPANIES = ["Clarke Joinery", "Novák Design", "Haddad Trading", "Blue Fern Ltd", "Okafor & Co",
             "Nordlys AS", "Rossi Ristorante", "Kowalski Logistics", "Tanaka Studio"]

# category slug -> title templates ({n} is a number, {item} a product)
TITLES = {
    "shipping": [
        "Parcel delivered to the wrong address", "Order arrived a week late",
        "Wrong size sent twice", "Cold food delivered an hour late",
        "Delivery driver damaged the gate", "Parcel marked delivered but never arrived",
        "{item} arrived broken in the box", "Courier left order {n} in the rain",
    ],
    "billing": [
        "Charged twice for the annual plan", "Refund promised but never arrived",
        "Invoice addressed to the wrong company", "Subscription renewed after I cancelled",
        "Discount code rejected at checkout", "Refund for order {n} is missing",
        "Charged full price for the {item} on sale", "Card charged for a cancelled order {n}",
    ],
    "product_quality": [
        "Blender jug cracked on first use", "Missing parts in the flat-pack wardrobe",
        "Warranty claim ignored for a month", "Replacement phone has the same fault",
        "{item} stopped working after two days", "{item} does not match the photos",
    ],
    "outage": [
        "Checkout down during the sale", "App logged me out and lost my basket",
        "Sync outage lost a day of my notes", "Payment page timed out and charged me",
        "Could not log in for {n} minutes", "Website down while tracking order {n}",
    ],
    "staff_conduct": [
        "Rude reply from the support line", "Store manager raised his voice at me",
        "Told to 'read the manual' on the phone", "Agent hung up on me twice",
        "Staff ignored me at the {item} counter",
    ],
    "other": [
        "Installer did not turn up", "Website showed in stock, it was not",
        "Hotel room given away despite booking", "Loyalty points vanished from my account",
        "Gift wrapping missing from order {n}",
    ],
}
ITEMS = ["kettle", "blender", "router", "wardrobe", "sofa", "laptop", "phone", "lamp",
         "headphones", "coffee machine", "vacuum cleaner", "desk chair", "bicycle", "printer"]
NOTES = ["Called the customer back; left a voicemail.", "Checked the order history.",
         "Customer sent photos of the damage.", "Asked the courier for a proof of delivery.",
         "Escalated to the team lead.", "Waiting on finance for the refund."]

CATEGORY_WEIGHTS = {"shipping": 30, "billing": 25, "product_quality": 20, "outage": 10,
                    "staff_conduct": 8, "other": 7}
SEVERITY_WEIGHTS = {"low": 35, "medium": 40, "high": 18, "critical": 7}
CHANNEL_WEIGHTS = {"email": 30, "phone": 15, "chat": 12, "web": 10, "social": 4, "review": 3,
                   "in_person": 1, "api": 25}
STEP_WEIGHTS = {"restore_value": 40, "acknowledge": 20, "explain": 15, "fix": 15, "regret": 10}
TIER_WEIGHTS = {"standard": 80, "silver": 12, "gold": 6, "platinum": 2}
# case age in days (upper bound) -> weights of open / apology_sent / resolved / closed
STATUS_BY_AGE = [
    (3, (75, 15, 5, 5)),
    (14, (30, 25, 20, 25)),
    (60, (5, 5, 10, 80)),
    (None, (0.5, 0.5, 1, 98)),
]
STATUSES = ("open", "apology_sent", "resolved", "closed")


class Picker:
    """random.choices with the cumulative weights computed once."""

    def __init__(self, rng, weights: dict):
        self.rng = rng
        self.values = list(weights)
        self.cum = list(accumulate(weights.values()))
        self.total = self.cum[-1]

    def __call__(self):
        return self.values[bisect(self.cum, self.rng.random() * self.total)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=None,
                        help="default: one customer per five cases")
    parser.add_argument("--years", type=float, default=2.0, help="spread of created_at")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reset", action="store_true",
                        help="delete existing customers, cases and events first")
    return parser.parse_args()


def ensure_database(url: str):
    """CREATE DATABASE if the one in DATABASE_URL does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("DATABASE_URL must point at PostgreSQL")
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432,
              "user": db["USER"], "password": db["PASSWORD"] or None, "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
            print(f"created database {db['NAME']}")


def desk_people():
    from accounts.models import ApiKey, Role, User
    from accounts.roles import create_desk_user

    people = []
    for email, first, last in [(BENCH_AGENT, "Bench", "Agent"), *OTHER_AGENTS]:
        user = User.objects.filter(email=email).first() or create_desk_user(
            email, role=Role.AGENT, password=BENCH_PASSWORD, first_name=first, last_name=last
        )
        people.append(user)
    key = ApiKey.objects.filter(name=INTEGRATION_KEY_NAME, user=None).first()
    if key is None:
        key, _ = ApiKey.objects.create_key(name=INTEGRATION_KEY_NAME)
    return people, key


def copy_rows(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    count = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def make_customers(rng, count, now, years):
    tier = Picker(rng, TIER_WEIGHTS)
    for n in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}{n}@{rng.choice(DOMAINS)}".lower()
        name = f"{first} {last}" if rng.random() < 0.9 else ""
        company = rng.choice(COMPANIES) if rng.random() < 0.15 else ""
        created = now - timedelta(days=rng.uniform(0, years * 365 + 30))
        yield (n, email, name, company, tier(), created)


def status_for(rng, age_days):
    for bound, weights in STATUS_BY_AGE:
        if bound is None or age_days < bound:
            return rng.choices(STATUSES, weights)[0]
    raise AssertionError


def make_cases(rng, args, now, customers, categories, sla, people, key, prefix, counters):
    """Yield (case row, event rows) in created_at order; fill `counters` {year: last}."""
    category = Picker(rng, CATEGORY_WEIGHTS)
    severity = Picker(rng, SEVERITY_WEIGHTS)
    channel = Picker(rng, CHANNEL_WEIGHTS)
    step = Picker(rng, STEP_WEIGHTS)
    span = args.years * 365 * 86400
    # Sorted creation times: ids and references grow with time, as they do in production.
    ages = sorted((rng.random() * span for _ in range(args.cases)), reverse=True)
    agent_ids = [p.pk for p in people]
    agent_emails = {p.pk: p.email for p in people}
    event_id = 0
    for case_id, age in enumerate(ages, 1):
        created = now - timedelta(seconds=age)
        age_days = age / 86400
        slug = category()
        sev = severity()
        chan = channel()
        status = status_for(rng, age_days)
        stage = step() if status == "open" else "sent"
        respond, resolve = sla[sev]
        response_due = created + timedelta(minutes=respond)
        resolution_due = created + timedelta(minutes=resolve)

        def met(window_minutes, late_share, created=created):
            factor = rng.uniform(1.05, 3) if rng.random() < late_share else rng.uniform(0.05, 1)
            at = created + timedelta(minutes=window_minutes * factor)
            return at if at < now else None

        responded = met(respond, 0.12) if status != "open" or rng.random() < 0.5 else None
        if status != "open" and responded is None:
            responded = created + (now - created) * rng.uniform(0.1, 0.9)
        resolved = closed = None
        if status in ("resolved", "closed"):
            resolved = met(resolve, 0.10) or created + (now - created) * rng.uniform(0.5, 0.95)
            resolved = max(resolved, responded)
        if status == "closed":
            closed = min(resolved + timedelta(hours=rng.uniform(1, 168)), now)
        updated = max(t for t in (created, responded, resolved, closed) if t is not None)
        # The conversation's clocks: an open case the customer heard from owes the next
        # update some hours later (some are past); a few wait on the customer's answer.
        next_update = waiting = None
        if status in ("open", "apology_sent") and responded is not None:
            next_update = responded + timedelta(hours=rng.uniform(4, 48))
            if rng.random() < 0.1:
                waiting = responded

        counters[created.year] = number = counters.get(created.year, 0) + 1
        reference = f"{prefix}-{created.year}-{number:06d}"
        title = rng.choice(TITLES[slug]).format(n=rng.randint(10000, 99999),
                                                item=rng.choice(ITEMS))
        title = title[0].upper() + title[1:]
        assigned_share = 0.6 if status != "closed" else 0.5
        assignee = rng.choice(agent_ids) if rng.random() < assigned_share else None
        via_api = chan == "api"
        case_row = (
            case_id, reference, rng.randint(1, customers), title,
            f"{title}. Customer wrote in via {chan}.", chan, categories[slug], sev, status,
            stage, assignee, f"crm-{case_id:07d}" if via_api else "", "[]",
            created - timedelta(hours=rng.uniform(0, 48)) if rng.random() < 0.7 else None,
            response_due, resolution_due, responded, resolved, closed,
            None if via_api else rng.choice(agent_ids), key.pk if via_api else None,
            created, updated, "", "", 0, next_update, waiting,
        )
        opened_by = (None, key.pk) if via_api else (case_row[19], None)
        event_id += 1
        events = [(event_id, case_id, "opened", *opened_by, "", "open", title,
                   json.dumps({"severity": sev, "channel": chan}), created)]
        event_id += 1
        second_at = created + timedelta(minutes=rng.uniform(1, 90))
        if assignee is not None:
            events.append((event_id, case_id, "assigned", assignee, None, "",
                           agent_emails[assignee], "", "{}", min(second_at, now)))
        else:
            events.append((event_id, case_id, "note", rng.choice(agent_ids), None, "", "",
                           rng.choice(NOTES), "{}", min(second_at, now)))
        yield case_row, events


CASE_COLUMNS = [
    "id", "reference", "customer_id", "title", "description", "channel", "category_id",
    "severity", "status", "stage", "assignee_id", "external_id", "tags", "occurred_at",
    "first_response_due_at", "resolution_due_at", "first_responded_at", "resolved_at",
    "closed_at", "created_by_id", "source_key_id", "created_at", "updated_at",
    "customer_title", "remedy_requested", "waiting_minutes", "next_update_due_at",
    "waiting_on_customer_since",
]
EVENT_COLUMNS = ["id", "case_id", "kind", "actor_id", "api_key_id", "from_value", "to_value",
                 "note", "data", "created_at"]


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/recovery_bench")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated ({time.monotonic() - started:.1f}s)")
    from cases.models import Case, Customer

    if (Case.objects.exists() or Customer.objects.exists()) and not args.reset:
        sys.exit(f"{Case.objects.count()} cases already there; use --reset to start over")
    seed(cases=args.cases, customers=args.customers, years=args.years, seed=args.seed,
         reset=args.reset)
    print(f"agent: {BENCH_AGENT} / {BENCH_PASSWORD}")


def seed(*, cases=100_000, customers=None, years=2.0, seed=42, reset=False):
    """Seed customers, cases and their timelines into the migrated database Django is set up
    on (bench/load.py calls this too). With `reset`, existing customers and cases (and all
    that hangs off them) go first."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from cases.models import Case, CaseEvent, Category, Customer, ReferenceCounter, SlaTarget

    started = time.monotonic()
    args = argparse.Namespace(cases=cases, years=years)
    if reset and (Case.objects.exists() or Customer.objects.exists()):
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {CaseEvent._meta.db_table}, {Case._meta.db_table}, "
                # CASCADE: everything that hangs off a case (steps, reminders, archive, …)
                f"{Customer._meta.db_table} RESTART IDENTITY CASCADE"
            )
        ReferenceCounter.objects.all().delete()
        print("reset: removed existing customers, cases and events")

    rng = random.Random(seed)
    now = timezone.now()
    customers = customers or max(1, args.cases // 5)
    categories = dict(Category.objects.values_list("slug", "id"))
    sla = {sev: SlaTarget.due_times(sev, now) for sev in SEVERITY_WEIGHTS}
    sla = {sev: ((r - now).total_seconds() / 60, (s - now).total_seconds() / 60)
           for sev, (r, s) in sla.items()}

    with transaction.atomic():
        people, key = desk_people()
        step = time.monotonic()
        n = copy_rows(
            Customer._meta.db_table,
            ["id", "email", "name", "company", "tier", "created_at"],
            make_customers(rng, customers, now, args.years),
        )
        print(f"customers: {n} ({time.monotonic() - step:.1f}s)")

        step = time.monotonic()
        counters: dict[int, int] = {}
        events: list[tuple] = []

        def case_rows():
            for case_row, case_events in make_cases(
                rng, args, now, customers, categories, sla, people, key,
                settings.CASE_REFERENCE_PREFIX, counters,
            ):
                events.extend(case_events)
                yield case_row

        n = copy_rows(Case._meta.db_table, CASE_COLUMNS, case_rows())
        print(f"cases: {n} ({time.monotonic() - step:.1f}s)")
        step = time.monotonic()
        n = copy_rows(CaseEvent._meta.db_table, EVENT_COLUMNS, events)
        print(f"events: {n} ({time.monotonic() - step:.1f}s)")

        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        with connection.cursor() as cursor:
            for model in (Customer, Case, CaseEvent):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )

    step = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"vacuumed and analyzed ({time.monotonic() - step:.1f}s)")

    print(f"seeded in {time.monotonic() - started:.1f}s; reference counters: "
          + ", ".join(f"{y}={c}" for y, c in sorted(counters.items())))


if __name__ == "__main__":
    main()
