"""A real Celery worker on Redis for tests where delivery matters (`real_worker` marker).

The worker is a subprocess of `celery -A recovery worker` on the test database, consuming a
queue of its own, so parallel test runs (xdist) and any worker on the machine never take
each other's tasks. Tasks are routed to that queue for the duration of the test.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from recovery.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _route_to(queue):
    celery_app.conf.task_routes = {"*": {"queue": queue}} if queue else None
    celery_app.amqp.flush_routes()
    celery_app.amqp.router = celery_app.amqp.Router()


class Worker:
    def __init__(self, queue, mail_dir, process):
        self.queue, self.mail_dir, self.process = queue, mail_dir, process

    def emails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]

    def wait_until_idle(self, timeout=20):
        """Until the queue is empty and the worker has had a moment to finish."""
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        deadline = time.monotonic() + timeout
        while broker.llen(self.queue) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)


def wait_for(condition, timeout=20, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


@pytest.fixture
def celery_worker_process(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("Real-worker tests need REDIS_URL (make test sets it)")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": settings.CELERY_BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir), "DJANGO_SETTINGS_MODULE": "recovery.settings",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recovery", "worker", "-Q", queue,
         "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-l", "INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    _route_to(queue)
    try:
        if not wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text(), timeout=30):
            pytest.fail("The Celery worker did not start:\n"
                        + (tmp_path / "worker.log").read_text()[-2000:])
        yield Worker(queue, mail_dir, process)
    finally:
        _route_to(None)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)
