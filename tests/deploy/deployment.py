"""A desk deployed from a fresh checkout, as README.md's production section says.

The processes run from a copy of the tracked files with `python -m <gunicorn|celery>` and the
copy as their working directory, so the copy's code is what they import (the console scripts
would reach the developer's checkout through the editable install, and with it a `var/` that
a fresh host does not have). Everything else is the documented command line.
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from ..resilience.served import Answer, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
# Its own Redis database, emptied before each shape: nothing else's tasks, none left over.
SMOKE_REDIS_DB = int(os.environ.get("SMOKE_REDIS_DB", "9"))
# The test run's own settings that must not leak into the deployment.
NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "CELERY_QUEUE", "VAR_DIR", "EMAIL_BACKEND",
                 "EMAIL_FILE_PATH", "DEBUG", "SITE_URL", "REMINDER_DISPATCH_SECONDS",
                 "NOTIFICATION_GROUP_SECONDS"}
MESSAGE_SEPARATOR = "-" * 79 + "\n"  # Django's file email backend, after each message


class Deployment:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.checkout = workdir / "checkout"
        self.database = f"recovery_smoke_{secrets.token_hex(4)}"
        db = connection.settings_dict
        self.server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432,
                       "user": db["USER"] or "postgres"}
        broker = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
        self.redis_url = f"{broker}/{SMOKE_REDIS_DB}"
        self.port = free_port()
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.mail_dir = workdir / "mail"
        self.users = 0
        self.key = ""
        self.env = {
            **{name: value for name, value in os.environ.items() if name not in NOT_INHERITED},
            "DATABASE_URL": "postgres://{user}@{host}:{port}/".format(**self.server)
            + self.database,
            "REDIS_URL": self.redis_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "REMINDER_DISPATCH_SECONDS": "2",
            # Notification emails wait this long to be grouped by case (2 minutes by
            # default): a short window keeps the delayed send in play, within the test's wait.
            "NOTIFICATION_GROUP_SECONDS": "2",
        }

    # --- setting up, as the README's production section -------------------------------
    def install(self):
        tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                                 capture_output=True).stdout.decode().split("\0")
        for name in filter(None, tracked):
            source = ROOT / name
            if source.is_file():
                target = self.checkout / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        with self._server() as server:
            server.execute(f'CREATE DATABASE "{self.database}"')
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        # "--password=…": a random password may begin with "-", which argparse would take
        # for an option
        self.manage("create_user", "lead@smoke.test", "--role", "manager",
                    f"--password={secrets.token_urlsafe(16)}")
        self.key = self.manage("create_api_key", "Smoke test", "--user",
                               "lead@smoke.test").strip()

    def manage(self, *args) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=self.checkout,
                              env={**self.env, "EMAIL_FILE_PATH": str(self.mail_dir)},
                              capture_output=True, text=True, timeout=300)
        if done.returncode:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def new_user(self, role: str) -> str:
        self.users += 1
        email = f"{role}{self.users}@smoke.test"
        self.manage("create_user", email, "--role", role,
                    f"--password={secrets.token_urlsafe(16)}")  # it may begin with "-"
        return email

    def remove(self):
        self.stop()
        with self._server() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    @contextmanager
    def _server(self):
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as server:
            yield server

    # --- the processes -------------------------------------------------------------------
    @contextmanager
    def running(self, celery_commands):
        """gunicorn and the given Celery processes, on a fresh host: no `var/` folder, an
        empty broker, an empty mail folder."""
        shutil.rmtree(self.checkout / "var", ignore_errors=True)
        redis.Redis.from_url(self.redis_url).flushdb()
        self.mail_dir = self.workdir / f"mail-{len(self.processes)}"
        self.mail_dir.mkdir()
        try:
            self._start("gunicorn", ["gunicorn", "recovery.wsgi", "--bind",
                                     f"127.0.0.1:{self.port}", "--workers", "2"])
            for command in celery_commands:
                self._start("-".join(part for part in command[3:] if not part.startswith("--")
                                     and part != "INFO"), command)
            if not self.wait_for(self._answers, timeout=30):
                pytest.fail("gunicorn did not start:\n" + self.logs())
            yield self
        finally:
            self.stop()

    def _start(self, name, command):
        log_path = self.workdir / f"{len(self.processes)}-{name.replace(' ', '-')}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", *command], cwd=self.checkout, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
                env={**self.env, "EMAIL_FILE_PATH": str(self.mail_dir)})
        self.processes.append((name, process, log_path))

    def stop(self):
        for _, process, _ in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process, _ in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def logs(self, tail=3000) -> str:
        return "\n".join(f"--- {name} ({path.name}) ---\n{path.read_text()[-tail:]}"
                         for name, _, path in self.processes)

    # --- talking to it ---------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None) -> Answer:
        headers = dict(headers or {})
        if body is not None:
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read().decode())
        finally:
            conn.close()

    def api(self, method, path, body=None) -> Answer:
        return self.request(method, path, body, {"Authorization": f"Api-Key {self.key}"})

    def get(self, path) -> Answer:
        return self.request("GET", path)

    def _answers(self) -> bool:
        try:
            return self.get("/healthz").status == 200
        except OSError:
            return False

    def emails(self) -> list[str]:
        text = "".join(path.read_text() for path in sorted(self.mail_dir.glob("*.log")))
        return [part for part in text.split(MESSAGE_SEPARATOR) if part.strip()]

    def reminders_to(self, email) -> list[str]:
        return [message for message in self.emails()
                if f"\nTo: {email}\n" in message and "\nSubject: Commitment due" in message]

    @staticmethod
    def in_seconds(seconds) -> str:
        return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()

    @staticmethod
    def wait_for(condition, timeout=20, every=0.25) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(every)
        return False

    @staticmethod
    def settle(seconds):
        time.sleep(seconds)
