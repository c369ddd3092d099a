"""Search the archive with 100,000 archived apologies on PostgreSQL, and time the "Similar
apologies" panel of a case page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench \\
        .venv/bin/python bench/measure_archive.py [--archived 100000] [--runs 30]

Needs the cases of bench/seed_cases.py. First archives that many of them if the archive
holds fewer (COPY of apologies written from varied sentences, then one UPDATE computing the
weighted tsvector, then VACUUM FULL ANALYZE). Then, in process with the Django test client (DEBUG
off), median and p95 over --runs requests of: /healthz (the reference: the least a request
costs), GET /api/v1/archive/ with one-word and three-word queries and with none, the
/archive/ page (one word, two words, none), and a case page with its suggestion panel (and
`search.similar` alone).
Each time is also given as a ratio to the reference, measured in the same run.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

BENCH_AGENT = "bench-agent@example.com"

ITEMS = ["parcel", "vase", "kettle", "invoice", "subscription", "phone", "wardrobe", "order",
         "refund", "booking", "sofa", "laptop", "jacket", "voucher", "delivery", "blender"]
FAULTS = ["arrived broken", "went missing", "was charged twice", "came a week late",
          "was the wrong size", "stopped working", "was never sent", "was cancelled"]
CAUSES = ["our courier mislabelled the {i}", "a billing run repeated itself overnight",
          "our warehouse picked from the wrong shelf", "a supplier shipped a faulty batch",
          "a colleague misread your note", "our website showed stock we did not have",
          "the refunds queue was not checked", "an update broke the checkout"]
FIXES = ["we now scan every {i} before it leaves", "we added a check to the nightly run",
         "the shelf labels are now barcoded", "every batch is tested on arrival",
         "two people now confirm each change", "stock updates every five minutes",
         "a named backup covers every absence", "we test checkout after each release"]
REMEDIES = ["We have refunded the {i} in full", "A new {i} is on its way by express",
            "We added a credit to your account for the {i}", "We upgraded your {i} for free"]
REGRETS = ["We are truly sorry that your {i} {f}.", "We are sorry for the time this took.",
           "We regret the worry this caused you.", "We are sorry we let you down."]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archived", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def seed_archive(target, rng):
    from django.db import connection

    from archive.models import ArchivedApology
    from archive.search import VECTOR
    from cases.models import Case

    have = ArchivedApology.objects.count()
    if have >= target:
        return have
    # every seeded case, closed or not: the archive only needs their ids and titles
    cases = list(Case.objects.filter(archived__isnull=True)
                 .values_list("id", "reference", "title", "category_id", "severity", "channel",
                              "created_at")[: target - have])
    print(f"archiving {len(cases):,} cases …", flush=True)
    columns = ["case_id", "reference", "title", "restore_value", "acknowledge", "explain",
               "fix", "regret", "subject", "message", "category_id", "remedy_type",
               "value_to_customer", "cost", "currency", "severity", "channel",
               "customer_name", "customer_email", "customer_company", "opened_at",
               "archived_at", "csat", "outcome", "rating", "exemplary", "lessons",
               "survey_comment", "public_title", "public_text", "extra_type",
               "extra_description"]
    buffer = io.StringIO()
    for case_id, reference, title, category, severity, channel, created in cases:
        item, fault = rng.choice(ITEMS), rng.choice(FAULTS)
        parts = [rng.choice(REMEDIES).format(i=item),
                 f"The {item} {fault}, and that is our responsibility.",
                 f"It happened because {rng.choice(CAUSES).format(i=item)}.",
                 f"To stop it happening again, {rng.choice(FIXES).format(i=item)}.",
                 rng.choice(REGRETS).format(i=item, f=fault)]
        csat = rng.choice([None, None, 1, 2, 3, 4, 5, 5])
        outcome = ("no_answer" if csat is None else "recovered" if csat >= 4
                   else "neutral" if csat == 3 else "not_recovered")
        row = [case_id, reference, title, *parts, f"We are sorry: {title}", "\n\n".join(parts),
               category, rng.choice(["refund", "credit", "replacement", "gift"]), "40.00",
               "25.00", "EUR", severity, channel, "Pat Doe", "pat@example.com", "",
               created.isoformat(), created.isoformat(), csat, outcome,
               rng.choice([None, None, None, 3, 4, 5]), rng.random() < 0.03, "", "", "", "", "", ""]
        buffer.write("\t".join(_copy_value(value) for value in row) + "\n")
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY archive_archivedapology ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    started = time.perf_counter()
    ArchivedApology.objects.filter(search_vector__isnull=True).update(search_vector=VECTOR)
    print(f"search vectors in {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cursor:
        # FULL: the UPDATE above left a dead copy of every row (190 MB instead of 112 MB at
        # 100,000), which a live archive, written a few rows at a time, does not carry.
        cursor.execute("VACUUM FULL ANALYZE archive_archivedapology")
        # and of its search entry, which the trigger wrote twice too (archive/migrations/0003)
        cursor.execute("VACUUM FULL ANALYZE archive_searchentry")
    return ArchivedApology.objects.count()


def _copy_value(value):
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def timed(client, url, runs):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main():
    args = parse_args()
    import django

    django.setup()
    from django.test import Client

    from accounts.models import ApiKey, User
    from archive import search
    from cases.models import Case

    total = seed_archive(args.archived, random.Random(args.seed))
    agent = User.objects.get(email=BENCH_AGENT)
    browser = Client()
    browser.force_login(agent)
    raw_key = ApiKey.objects.create_key(name="bench-archive", user=agent)[1]
    api = Client(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    open_case = Case.objects.filter(status="open").order_by("-created_at").first()
    cases = [
        ("reference: /healthz", Client(), "/healthz"),
        ("API, no query (newest)", api, "/api/v1/archive/"),
        ("API, one word: refund", api, "/api/v1/archive/?q=refund"),
        ("API, one rare word: wardrobe", api, "/api/v1/archive/?q=wardrobe"),
        ("API, three words: parcel arrived broken", api,
         "/api/v1/archive/?q=parcel+arrived+broken"),
        ("API, three words: courier mislabelled kettle", api,
         "/api/v1/archive/?q=courier+mislabelled+kettle"),
        ("page /archive/?q=refund (target p95 < 100 ms)", browser, "/archive/?q=refund"),
        ("page /archive/?q=charged twice", browser, "/archive/?q=charged+twice"),
        ("page /archive/, no query", browser, "/archive/"),
        ("case page with suggestions", browser, open_case.get_absolute_url()),
    ]
    print(f"\n{total:,} archived apologies; {args.runs} runs each\n")
    print(f"{'request':48} {'median ms':>10} {'p95 ms':>8} {'x ref':>7}")
    reference = None
    for label, client, url in cases:
        median, p95 = summary(timed(client, url, args.runs))
        reference = reference or median
        print(f"{label:48} {median:10.1f} {p95:8.1f} {median / reference:7.1f}")
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        search.similar(open_case)
        times.append((time.perf_counter() - started) * 1000)
    median, p95 = summary(times)
    print(f"{'search.similar(case) alone':48} {median:10.1f} {p95:8.1f} {median / reference:7.1f}")


if __name__ == "__main__":
    main()
