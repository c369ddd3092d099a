"""Measure the agent's queue (/cases/) and the API list (GET /api/v1/cases/) against a seeded
database (see bench/seed_cases.py), and EXPLAIN the SQL each filter runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench \\
        .venv/bin/python bench/measure_queue.py [--runs 20] [--only queue|api] [--plans]

In-process, with the Django test client (DEBUG off): per request, the number of SQL queries,
and median / p95 wall time over --runs requests after two warm-ups. Then, for the page's main
query on cases_case and the paginator's COUNT(*), EXPLAIN (ANALYZE, BUFFERS): how cases_case
is read (which index, or a Seq Scan), how many of its rows were read, any Sort and its size,
and the execution time. Full plans go to bench/out/plans.txt, the numbers to
bench/out/results.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

BENCH_AGENT = "bench-agent@example.com"
MEASURE_KEY_NAME = "bench-measure"
TABLE = "cases_case"
SLOW_MS = 50
BIG_SORT_ROWS = 1000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", choices=["queue", "api"])
    parser.add_argument("--plans", action="store_true", help="print the full text plans too")
    return parser.parse_args()


# --- Sample values --------------------------------------------------------------------


def samples(agent):
    """Filter values taken from the seeded data, so every filter finds something."""
    from cases.choices import ACTIVE_STATUSES
    from cases.models import Case

    active = Case.objects.filter(status__in=ACTIVE_STATUSES)
    open_case = active.filter(status="open").order_by("-created_at")[100]
    mid = Case.objects.order_by("created_at")[Case.objects.count() // 2]
    # An order number from a title: a search that matches only a handful of cases.
    numbered = active.filter(title__regex=r"[0-9]{5}").order_by("-created_at").first()
    order_number = next(w for w in numbered.title.split() if w.isdigit())
    # A customer's email local part ("nina.weber123"): matches one customer.
    customer = active.select_related("customer").order_by("-created_at")[50].customer
    external = Case.objects.exclude(external_id="").order_by("created_at")[1000]
    return {
        "reference": open_case.reference,
        "closed_reference": Case.objects.filter(status="closed").order_by("id")[5000].reference,
        "word": "refund",
        "order_number": order_number,
        "email_fragment": customer.email.split("@")[0],
        "customer_email": customer.email,
        "external_id": external.external_id,
        "assignee_email": Case.objects.exclude(assignee=None).exclude(assignee=agent)
        .values_list("assignee__email", flat=True).first(),
        "created_after": mid.created_at.isoformat(),
        "created_before": mid.created_at.isoformat(),
    }


def queue_cases(s):
    return [
        ("queue default (active, due soonest)", {}),
        ("queue page 50", {"page": 50}),
        ("status=open", {"status": "open"}),
        ("stage=explain", {"stage": "explain"}),
        ("severity=critical", {"severity": "critical"}),
        ("category=billing", {"category": "billing"}),
        ("assignee=me", {"assignee": "me"}),
        ("assignee=none", {"assignee": "none"}),
        ("breaching=on", {"breaching": "on"}),
        ("q=<reference>", {"q": s["reference"]}),
        ("q=<title word> (refund)", {"q": s["word"]}),
        ("q=<order number>", {"q": s["order_number"]}),
        ("q=<email fragment>", {"q": s["email_fragment"]}),
        ("sort=-due", {"sort": "-due"}),
        ("sort=-severity", {"sort": "-severity"}),
        ("sort=age (newest)", {"sort": "age"}),
        ("sort=-age (oldest)", {"sort": "-age"}),
        ("sort=first_response", {"sort": "first_response"}),
        ("sort=reference", {"sort": "reference"}),
        ("sort=customer", {"sort": "customer"}),
        ("sort=assignee", {"sort": "assignee"}),
        ("sort=step", {"sort": "step"}),
        ("assignee=me (due)", {"assignee": "me"}),
        ("q=<year-number>", {"q": "-".join(s["reference"].split("-")[1:])}),
        ("q=<case number>", {"q": s["reference"].rsplit("-", 1)[1].lstrip("0")}),
        # Beyond the brief: "Any status" (all 100k cases) is one click away in the queue.
        ("status=any", {"status": ""}),
        ("status=any page 50", {"status": "", "page": 50}),
        ("status=any q=<email fragment>", {"status": "", "q": s["email_fragment"]}),
        ("status=any q=<closed reference>", {"status": "", "q": s["closed_reference"]}),
        ("status=any sort=first_response", {"status": "", "sort": "first_response"}),
    ]


def api_cases(s):
    return [
        ("api default", {}),
        ("api next page (cursor)", "NEXT"),
        ("api status=open", {"status": "open"}),
        ("api status=active", {"status": "active"}),
        ("api stage=explain", {"stage": "explain"}),
        ("api severity=critical", {"severity": "critical"}),
        ("api category=billing", {"category": "billing"}),
        ("api assignee=me", {"assignee": "me"}),
        ("api assignee=none", {"assignee": "none"}),
        ("api assignee=<email>", {"assignee": s["assignee_email"]}),
        ("api customer_email=", {"customer_email": s["customer_email"]}),
        ("api external_id=", {"external_id": s["external_id"]}),
        ("api q=<reference>", {"q": s["reference"]}),
        ("api q=<title word> (refund)", {"q": s["word"]}),
        ("api q=<order number>", {"q": s["order_number"]}),
        ("api q=<email fragment>", {"q": s["email_fragment"]}),
        ("api created_after=", {"created_after": s["created_after"]}),
        ("api created_before=", {"created_before": s["created_before"]}),
        ("api breaching=true", {"breaching": "true"}),
        ("api breaching=false", {"breaching": "false"}),
        ("api page_size=100", {"page_size": 100}),
    ]


# --- Timing ---------------------------------------------------------------------------


def measure(client, path, params, runs, headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(path, params, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
        return response

    for _ in range(2):
        response = get()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        get()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = get()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "queries": len(captured.captured_queries),
        "median_ms": statistics.median(times),
        "p95_ms": p95,
        "db_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000,
        "sql": [q["sql"] for q in captured.captured_queries],
        "response": response,
    }


def main_queries(sql_list):
    """The page's SELECT of cases (the one with LIMIT) and the paginator's COUNT(*)."""
    main = count = None
    for sql in sql_list:
        if f'FROM "{TABLE}"' not in sql:
            continue
        if sql.startswith("SELECT COUNT(*)"):
            count = count or sql
        elif " LIMIT " in sql:
            main = main or sql
    return main, count


# --- EXPLAIN --------------------------------------------------------------------------


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(2):  # the second run is the warm one
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    return plan, text


def walk(node, depth=0):
    yield node, depth
    for child in node.get("Plans", []):
        yield from walk(child, depth + 1)


def summarize(plan):
    """How cases_case is read, rows read from it, big sorts, and a verdict."""
    access, reads, sorts, notes = [], 0, [], []
    seq = False
    for node, _ in walk(plan["Plan"]):
        kind = node["Node Type"]
        loops = node.get("Actual Loops", 1)
        rows = node.get("Actual Rows", 0) * loops
        removed = loops * (
            node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
        )
        if node.get("Relation Name") == TABLE or (
            kind == "Bitmap Index Scan" and node.get("Index Name", "").startswith("case")
        ):
            if kind == "Seq Scan":
                seq = True
                access.append("Seq Scan")
            elif "Index Name" in node:
                name = kind.replace(" Scan", "").replace("Index Only", "IdxOnly")
                backward = " bwd" if node.get("Scan Direction") == "Backward" else ""
                access.append(f"{name}{backward} {node['Index Name']}")
            if kind != "Bitmap Index Scan":
                reads += rows + removed
        if kind in ("Sort", "Incremental Sort"):
            child_rows = sum(c.get("Actual Rows", 0) * c.get("Actual Loops", 1)
                             for c in node.get("Plans", []))
            method = node.get("Sort Method", "")
            sorts.append((kind, child_rows, method))
        if kind == "Seq Scan" and node.get("Relation Name") not in (TABLE, None):
            notes.append(f"Seq Scan {node['Relation Name']}")
    for node, _ in walk(plan["Plan"]):
        for key in ("Filter", "Join Filter"):
            if "SubPlan" in node.get(key, ""):
                notes.append("OR'd SubPlan in filter")
    big_sorts = [s for s in sorts if s[0] == "Sort" and s[1] > BIG_SORT_ROWS]
    if seq:
        verdict = "NO - Seq Scan"
    elif big_sorts:
        verdict = f"partly - sorts {big_sorts[0][1]} rows"
    elif reads > 5000:
        verdict = f"partly - reads {reads} rows"
    else:
        verdict = "yes"
    dedup = list(dict.fromkeys(access))
    return {
        "access": ", ".join(dedup) or "-",
        "rows_read": reads,
        "sorts": [f"{k} {n} rows ({m})" for k, n, m in sorts],
        "notes": sorted(set(notes)),
        "verdict": verdict,
        "exec_ms": plan["Execution Time"],
        "planning_ms": plan["Planning Time"],
    }


# --- Main -----------------------------------------------------------------------------


def run(label, client, path, params, runs, headers, plans_out):
    result = measure(client, path, params, runs, headers)
    main_sql, count_sql = main_queries(result["sql"])
    row = {"label": label, "params": params, **{k: v for k, v in result.items()
                                                if k not in ("response", "sql")}}
    for kind, sql in (("main", main_sql), ("count", count_sql)):
        if sql is None:
            row[kind] = None
            continue
        plan, text = explain(sql)
        row[kind] = summarize(plan)
        plans_out.append(f"### {label} [{kind}]\n{sql}\n\n{text}\n")
    row["other_sql"] = [sql for sql in result["sql"] if sql not in (main_sql, count_sql)]
    return row, result["response"]


def fmt_row(row):
    main, count = row["main"] or {}, row["count"]
    access = main.get("access", "-")
    sorts = [s for s in main.get("sorts", []) if not s.startswith("Incremental")]
    extra = f"; {sorts[0]}" if sorts else ""
    count_txt = (f"{count['exec_ms']:7.1f} {count['access']}" if count else "      -")
    return (
        f"{row['label']:<32} {row['queries']:>3} {row['median_ms']:>8.1f} {row['p95_ms']:>8.1f}"
        f" {row['db_ms']:>7.1f} | {main.get('exec_ms', 0):>7.1f} {main.get('rows_read', 0):>6}"
        f" {main.get('verdict', '-'):<24} {access}{extra}\n"
        f"{'':>32} {'':>3} {'':>8} {'':>8} {'':>7} | count: {count_txt}"
    )


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database")
    import django

    # whitenoise warns that collectstatic has not run; irrelevant here
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.test import Client

    from accounts.models import ApiKey, User
    from cases.models import Case

    agent = User.objects.get(email=BENCH_AGENT)
    print(f"{Case.objects.count()} cases; agent {agent.email}; {args.runs} runs per row")
    s = samples(agent)
    print("samples: " + ", ".join(f"{k}={v}" for k, v in s.items()))

    rows, plans_out = [], []
    header = (f"{'endpoint / filter':<32} {'SQL':>3} {'med ms':>8} {'p95 ms':>8} {'db ms':>7} |"
              f" {'main ms':>7} {'rows':>6} {'index serves it?':<24} cases_case access")
    if args.only in (None, "queue"):
        client = Client()
        client.force_login(agent)
        print("\nQueue: GET /cases/ (session, agent)\n" + header)
        for label, params in queue_cases(s):
            row, _ = run(label, client, "/cases/", params, args.runs, {}, plans_out)
            rows.append(row)
            print(fmt_row(row), flush=True)

    if args.only in (None, "api"):
        ApiKey.objects.filter(name=MEASURE_KEY_NAME, user=agent).delete()
        _, key = ApiKey.objects.create_key(name=MEASURE_KEY_NAME, user=agent)
        headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
        client = Client()
        print("\nAPI: GET /api/v1/cases/ (agent's API key)\n" + header)
        next_url = None
        try:
            for label, params in api_cases(s):
                path = "/api/v1/cases/"
                if params == "NEXT":
                    path, params = next_url.split("testserver", 1)[1], {}
                row, response = run(label, client, path, params, args.runs, headers, plans_out)
                if label == "api default":
                    next_url = response.json()["next"]
                rows.append(row)
                print(fmt_row(row), flush=True)
        finally:
            ApiKey.objects.filter(name=MEASURE_KEY_NAME, user=agent).delete()

    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "plans.txt").write_text("\n".join(plans_out))
    (OUT_DIR / "results.json").write_text(json.dumps(
        {"samples": s, "rows": rows}, indent=2, default=str))
    slow = [r for r in rows if r["median_ms"] > SLOW_MS]
    print(f"\nslow (> {SLOW_MS} ms median): " + (", ".join(r["label"] for r in slow) or "none"))
    print(f"plans: {OUT_DIR / 'plans.txt'}; numbers: {OUT_DIR / 'results.json'}")
    if args.plans:
        print("\n".join(plans_out))


if __name__ == "__main__":
    main()
