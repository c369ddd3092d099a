"""Where and on what a `make bench` run ran, for the head of bench/RESULTS.md."""

import os
import platform
import subprocess
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


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
