"""The burst of `make bench`: many case POSTs at once, half of them retries with the same
`Idempotency-Key`, then the database counted — no 5xx, no duplicate, none lost."""

import http.client
import json
import random
import statistics
import threading
import time
import uuid

from results import percentile


def burst_order(distinct, clients, seed=1):
    """Each key once as a first request, in order, and once more as a retry placed up to three
    rounds of clients later, so some retries arrive while their first is still running."""
    rng = random.Random(seed)
    slots = []
    for key in range(distinct):
        slots.append((2 * key, key))
        slots.append((2 * key + rng.uniform(1, 3 * clients), key))
    return [key for _, key in sorted(slots)]


def burst(p, total, clients, port):
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
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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
