"""Real processes for the resilience tests: the app under gunicorn, reaching PostgreSQL and
Redis through TCP proxies the test can cut and restore, as a network or a restart would."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ..workers import wait_for

ROOT = Path(__file__).resolve().parent.parent.parent


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a server. `cut()` drops every connection and refuses
    new ones (the server is gone); `restore()` lets them through again."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.up = False
        with self.lock:
            for end in self.sockets:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.sockets.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


class Answer:
    def __init__(self, status, headers, text):
        self.status, self.headers, self.text = status, headers, text

    def json(self):
        return json.loads(self.text)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServedApp:
    """`gunicorn recovery.wsgi` (one worker) on the test database, through the proxies."""

    def __init__(self, tmp_path, database: TcpProxy, broker: TcpProxy, **env):
        db = connection.settings_dict
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        redis_db = settings.CELERY_BROKER_URL.rsplit("/", 1)[1]
        self.log_path = tmp_path / "gunicorn.log"
        environment = {
            **os.environ, "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY,  # its sessions
            "ALLOWED_HOSTS": "127.0.0.1", "CELERY_QUEUE": self.queue,
            "CELERY_WEBHOOK_QUEUE": f"{self.queue}-webhooks",
            "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{database.port}/{db['NAME']}",
            "REDIS_URL": f"redis://127.0.0.1:{broker.port}/{redis_db}",
            "DJANGO_SETTINGS_MODULE": "recovery.settings", **env,
        }
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "recovery.wsgi", "--bind",
                 f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "30"],
                cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        if not wait_for(self._answers, timeout=30):
            self.stop()
            pytest.fail("gunicorn did not start:\n" + self.log())

    def request(self, method, path, body=None, headers=None, timeout=30) -> "Answer":
        """One HTTP request, redirects not followed; a JSON body for dicts."""
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Answer(response.status, dict(response.getheaders()),
                          response.read().decode())
        finally:
            conn.close()

    def _answers(self) -> bool:
        try:
            return self.request("GET", "/healthz", timeout=2).status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def log(self) -> str:
        return self.log_path.read_text()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def database_port() -> int:
    return int(connection.settings_dict["PORT"] or 5432)


def broker_port() -> int:
    return int(settings.CELERY_BROKER_URL.split("://", 1)[1].split("/")[0].split(":")[1])


def until(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
