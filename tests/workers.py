"""A real Celery worker on Redis for tests where delivery matters (`real_worker` marker).

The worker is a subprocess of `celery -A recovery worker` on the test database, consuming
queues of its own (a default queue and a webhook queue, named per test), so parallel test runs
(xdist) and any worker on the machine never take each other's tasks. Tasks are routed to those
queues for the duration of the test, webhook deliveries to the webhook queue as in production.
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


def _route_to(queue, webhook_queue=None):
    """Route every task to `queue`, webhook deliveries to `webhook_queue`; with no queue, back
    to the settings' routes."""
    # Under its Django name: Celery reads CELERY_TASK_ROUTES before `task_routes`.
    celery_app.conf["CELERY_TASK_ROUTES"] = (
        {"webhooks.tasks.*": {"queue": webhook_queue or queue}, "*": {"queue": queue}}
        if queue else settings.CELERY_TASK_ROUTES
    )
    celery_app.amqp.flush_routes()
    celery_app.amqp.router = celery_app.amqp.Router()


class Workers:
    """Celery worker subprocesses sharing this test's queues and one mail folder (file
    backend)."""

    def __init__(self, tmp_path):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.webhook_queue = f"{self.queue}-webhooks"
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.tmp_path = tmp_path
        self.processes = []

    def start(self, email_backend="django.core.mail.backends.filebased.EmailBackend", *,
              queues=None, **env):
        """A worker consuming `queues` (default: both of this test's queues, as a small host's
        `worker -Q celery,webhooks` does); `env` adds settings, e.g. WEBHOOK_ALLOWED_NETWORKS,
        or `**smtp_server.env` to send through a real SMTP server instead (tests/smtp.py)."""
        queues = queues or [self.queue, self.webhook_queue]
        env = {
            **os.environ, "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.CELERY_BROKER_URL, "EMAIL_BACKEND": email_backend,
            "EMAIL_FILE_PATH": str(self.mail_dir), "DJANGO_SETTINGS_MODULE": "recovery.settings",
            # what the worker's own tasks enqueue stays with this test's queues
            "CELERY_QUEUE": self.queue, "CELERY_WEBHOOK_QUEUE": self.webhook_queue,
            # notification emails at once, unless a test is about their grouping window
            "NOTIFICATION_GROUP_SECONDS": str(settings.NOTIFICATION_GROUP_SECONDS), **env,
        }
        log_path = self.tmp_path / f"worker-{len(self.processes)}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "recovery", "worker", "-Q", ",".join(queues),
                 "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
                 "-l", "INFO"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        if not wait_for(lambda: "ready" in log_path.read_text(), timeout=30):
            pytest.fail("The Celery worker did not start:\n" + log_path.read_text()[-2000:])
        return process

    def emails(self) -> list[str]:
        """Every email the workers sent, one string each (the file backend appends a line
        of dashes after each message)."""
        text = "".join(path.read_text() for path in sorted(self.mail_dir.glob("*.log")))
        return [part for part in text.split("-" * 79 + "\n") if part.strip()]

    def queued(self) -> int:
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        return broker.llen(self.queue) + broker.llen(self.webhook_queue)

    def wait_until_idle(self, timeout=20):
        """Until the queue is empty and the worker has had a moment to finish."""
        deadline = time.monotonic() + timeout
        while self.queued() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(condition, timeout=20, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


@pytest.fixture
def celery_workers(tmp_path, settings):
    """Start workers with `celery_workers.start()`; tasks go to their queue meanwhile.
    Notification emails leave at once (NOTIFICATION_GROUP_SECONDS 0, here and in the
    workers), unless the test sets a window before starting them."""
    settings.NOTIFICATION_GROUP_SECONDS = 0
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("Real-worker tests need REDIS_URL (make test sets it)")
    workers = Workers(tmp_path)
    _route_to(workers.queue, workers.webhook_queue)
    try:
        yield workers
    finally:
        _route_to(None)
        workers.stop()
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(workers.queue,
                                                                workers.webhook_queue)


@pytest.fixture
def celery_worker_process(celery_workers):
    """One worker, started."""
    celery_workers.start()
    return celery_workers
