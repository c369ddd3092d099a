"""Receivers on loopback and a name server the test controls, for the webhook tests."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    """An HTTP server on 127.0.0.1 that answers from a script of status codes. `hold` makes
    each request wait (up to `hold` seconds, or until `release()`), as a slow receiver does."""

    def __init__(self, answers=(200,), hold=0.0):
        self.answers, self.requests, self.hold = list(answers), [], hold
        self.arrived, self.released = threading.Event(), threading.Event()
        self.on_request = None  # called inside the handler, while the sender waits
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                receiver.arrived.set()
                if receiver.on_request:
                    receiver.on_request()
                if receiver.hold:
                    receiver.released.wait(receiver.hold)
                code = receiver.answers.pop(0) if len(receiver.answers) > 1 else \
                    receiver.answers[0]
                self.send_response(code)
                if code in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self):
        self.released.set()

    def close(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(*answers, hold=0.0):
        made.append(Receiver(answers or (200,), hold=hold))
        return made[-1]

    yield make
    for item in made:
        item.close()


@pytest.fixture
def loopback_allowed(settings):
    """The receivers live on 127.0.0.1, which webhooks may not reach unless allowed."""
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]


class FakeDNS(dict):
    """host → list of addresses (or a callable returning one); other names resolve as usual.
    `lookups` lists the names asked for, in order."""

    def __init__(self):
        super().__init__()
        self.lookups = []


@pytest.fixture
def dns(monkeypatch):
    records = FakeDNS()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in records:
            return real(host, port, *args, **kwargs)
        records.lookups.append(host)
        answer = records[host]
        addresses = answer() if callable(answer) else answer
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM,
                 socket.IPPROTO_TCP, "", (address, port or 0)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return records
