"""Case intake through gunicorn (2 workers) on PostgreSQL: POST /api/v1/cases/ from 16
concurrent clients for a fixed time, without and with `Idempotency-Key` (a fresh key per
request, as a careful integration sends), then a burst of retries reusing keys.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/measure_intake.py [--seconds 15]

A small threaded load generator (urllib, keep-alive off), so the numbers include the client's
own cost on the same machine; read them as a comparison between the two modes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")
PORT = 8765
CLIENTS = 16


def body(n):
    return json.dumps({
        "customer": {"email": f"bench{n % 5000}@example.com", "name": "Bench Customer"},
        "title": f"Bench case {n}", "category": "shipping", "severity": "medium",
        "channel": "api",
    }).encode()


def run(seconds, key_for, api_key, body_of=lambda n: n):
    latencies, statuses, stop = [], [], time.monotonic() + seconds
    lock, counter = threading.Lock(), iter(range(10**9))

    def client():
        while time.monotonic() < stop:
            n = next(counter)
            headers = {"Authorization": f"Api-Key {api_key}", "Content-Type": "application/json"}
            key = key_for(n)
            if key:
                headers["Idempotency-Key"] = key
            request = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/cases/",
                                             data=body(body_of(n)), method="POST", headers=headers)
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    code = response.status
            except urllib.error.HTTPError as error:
                code = error.code
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                statuses.append(code)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies), "rps": round(len(latencies) / took, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import ApiKey

    call_command("migrate", verbosity=0)
    _, api_key = ApiKey.objects.create_key(name=f"bench-intake-{uuid.uuid4().hex[:6]}")
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
           "API_THROTTLE_RATE": "1000000/min", "SECRET_KEY": "bench-" + "x" * 50}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "recovery.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"], cwd=BASE_DIR, env=env)
    try:
        time.sleep(3)
        results = {
            "without key": run(args.seconds, lambda n: None, api_key),
            "with a fresh key": run(args.seconds, lambda n: f"k-{uuid.uuid4()}", api_key),
            "retries (each key 4 times)": run(args.seconds, lambda n: f"r-{n // 4}", api_key,
                                              body_of=lambda n: n // 4),
        }
    finally:
        server.terminate()
        server.wait()
    for mode, numbers in results.items():
        print(f"{mode:<28} {numbers}")


if __name__ == "__main__":
    main()
