"""Webhooks cannot reach inside the network (SSRF): internal destinations are refused when a
subscription is made (API and admin) and again when each delivery is sent, after the name is
resolved; the delivery goes to the address that was checked; errors say what happened, not
what is behind the address."""

import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks import sending
from webhooks.models import Delivery, Subscription

from ..cases.test_intake_api import BODY, CASES

pytestmark = pytest.mark.django_db
PUBLIC = "93.184.215.14"  # a public address; nothing is ever sent to it in these tests

INTERNAL = [
    "http://127.0.0.1:5432/",  # PostgreSQL on the desk's own host
    "http://localhost:6379/",  # Redis, by a name that resolves to loopback
    "http://169.254.169.254/latest/meta-data/",  # the cloud's metadata service
    "http://10.1.2.3/hook",
    "http://172.16.5.4/hook",
    "http://192.168.0.10/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://0.0.0.0:8000/",
    "http://224.0.0.251/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://[::1]/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
    "http://[::ffff:169.254.169.254]/",
    "http://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[ff02::1]/hook",
    "https://intranet.example.com/hook",  # a name resolving to 10.0.0.7 (below)
]


def subscribe(client, url):
    return client.post("/api/v1/webhooks/", {"url": url, "events": ["case.created"]},
                       format="json")


def deliver_one(api):
    """Log a case (one delivery planned), then attempt it; the delivery, reloaded."""
    api.post(CASES, BODY, format="json")
    delivery = Delivery.objects.get()
    sending.send(delivery.pk)
    delivery.refresh_from_db()
    return delivery


@pytest.mark.parametrize("url", INTERNAL)
def test_an_internal_destination_is_refused_at_creation(api, dns, url):
    dns["intranet.example.com"] = ["10.0.0.7"]
    response = subscribe(api, url)
    assert response.status_code == 400, response.json()
    assert "not allowed" in response.json()["url"][0]
    assert not Subscription.objects.exists()


def test_a_url_with_a_user_and_password_is_refused(api, dns):
    dns["hooks.example.com"] = [PUBLIC]
    response = subscribe(api, "https://user:secret@hooks.example.com/hook")
    assert response.status_code == 400
    assert "user name or password" in response.json()["url"][0]
    assert not Subscription.objects.exists()


def test_a_public_destination_is_accepted(api, dns):
    dns["hooks.example.com"] = [PUBLIC, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    assert subscribe(api, "https://hooks.example.com/hook").status_code == 201


def test_a_name_with_one_internal_address_among_public_ones_is_refused(api, dns):
    dns["hooks.example.com"] = [PUBLIC, "127.0.0.1"]
    assert subscribe(api, "https://hooks.example.com/hook").status_code == 400


def test_allowed_networks_let_an_on_premises_receiver_through(api, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8", "fd00::/8"]
    assert subscribe(api, "http://10.1.2.3/hook").status_code == 201
    assert subscribe(api, "http://[fd00::1]/hook").status_code == 201
    assert subscribe(api, "http://192.168.0.10/hook").status_code == 400


def test_the_admin_refuses_an_internal_destination(admin_client):
    response = admin_client.post("/admin/webhooks/subscription/add/", {
        "url": "http://169.254.169.254/latest/meta-data/", "events": '["case.created"]',
        "secret": "a-long-shared-secret-for-tests", "is_active": "on",
    })
    assert response.status_code == 200  # the form again, with the error
    assert "not allowed" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_name_that_now_resolves_inside_is_refused_at_send_time(api, dns, receiver):
    hook = receiver(200)
    dns["hooks.example.com"] = [PUBLIC]
    assert subscribe(api, f"http://hooks.example.com:{hook.port}/hook").status_code == 201
    dns["hooks.example.com"] = ["127.0.0.1"]  # DNS rebinding: the name now points inside
    delivery = deliver_one(api)
    assert (delivery.last_error, delivery.last_status_code) == ("destination not allowed", None)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert hook.requests == []


def test_a_subscription_made_while_allowed_is_refused_once_the_allowance_is_gone(
    api, settings, receiver
):
    hook = receiver(200)
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    assert subscribe(api, hook.url).status_code == 201
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    delivery = deliver_one(api)
    assert delivery.last_error == "destination not allowed"
    assert hook.requests == []


def test_the_delivery_goes_to_the_address_that_was_checked(api, dns, receiver, loopback_allowed):
    """One lookup per attempt: the connection is made to the checked address, so a second
    answer (the rebinding attacker's) is never asked for."""
    hook = receiver(200)
    assert subscribe(api, f"http://hooks.example.com:{hook.port}/hook").status_code == 201
    answers = iter([["127.0.0.1"]])  # the second lookup would fail the delivery
    dns["hooks.example.com"] = lambda: next(answers, [])
    dns.lookups.clear()
    delivery = deliver_one(api)
    assert delivery.status == "succeeded", delivery.last_error
    assert dns.lookups == ["hooks.example.com"]
    [(headers, _)] = hook.requests
    assert headers["Host"] == f"hooks.example.com:{hook.port}"


def _refusing_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: connecting is refused


def _hanging_up_port(request):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def hang_up():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.close()

    threading.Thread(target=hang_up, daemon=True).start()
    request.addfinalizer(server.close)
    return server.getsockname()[1]


@pytest.mark.parametrize("kind, expected", [
    ("closed port", "could not connect"),
    ("open port that hangs up", "could not connect"),
    ("receiver too slow", "timed out"),
    ("server error", "HTTP 500"),
])
def test_errors_are_recorded_without_internal_detail(
    api, receiver, loopback_allowed, monkeypatch, request, kind, expected
):
    monkeypatch.setattr(sending, "READ_TIMEOUT", 0.3)
    if kind == "closed port":
        url = f"http://127.0.0.1:{_refusing_port()}/hook"
    elif kind == "open port that hangs up":
        url = f"http://127.0.0.1:{_hanging_up_port(request)}/hook"
    elif kind == "receiver too slow":
        url = receiver(200, hold=2).url
    else:
        url = receiver(500).url
    assert subscribe(api, url).status_code == 201
    delivery = deliver_one(api)
    assert delivery.last_error == expected
    log = api.get(f"/api/v1/webhooks/{delivery.subscription_id}/deliveries/").json()
    assert log[0]["last_error"] == expected


# --- https: the connection goes to the checked address, the TLS checks to the name ----------

def _certificates(folder):
    """A throwaway CA and a certificate it signed for hooks.example.com."""
    def run(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
        "-subj", "/CN=Webhook test CA")
    run("req", *ec, "-keyout", "hook.key", "-out", "hook.csr", "-subj", "/CN=hooks.example.com")
    (folder / "san.cnf").write_text("subjectAltName=DNS:hooks.example.com\n")
    run("x509", "-req", "-in", "hook.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "hook.pem", "-days", "1", "-extfile", "san.cnf")
    return folder / "ca.pem", folder / "hook.pem", folder / "hook.key"


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An HTTPS receiver on 127.0.0.1 with a certificate for hooks.example.com (only), whose
    CA the sender trusts for the test. `names` lists the SNI names the clients sent."""
    ca, cert, key = _certificates(tmp_path)
    monkeypatch.setattr(sending, "CA_CERTS", str(ca))
    requests, names = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            requests.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, requests, names
    server.shutdown()
    server.server_close()


def test_https_sends_the_name_and_checks_the_certificate_against_it(
    api, dns, loopback_allowed, tls_receiver
):
    port, requests, names = tls_receiver
    dns["hooks.example.com"] = ["127.0.0.1"]
    assert subscribe(api, f"https://hooks.example.com:{port}/hook").status_code == 201
    delivery = deliver_one(api)
    assert delivery.status == "succeeded", delivery.last_error
    assert len(requests) == 1 and names == ["hooks.example.com"]


def test_https_refuses_a_certificate_for_another_name(api, dns, loopback_allowed, tls_receiver):
    port, requests, _ = tls_receiver
    dns["other.example.com"] = ["127.0.0.1"]  # same address, but not the certificate's name
    assert subscribe(api, f"https://other.example.com:{port}/hook").status_code == 201
    delivery = deliver_one(api)
    assert delivery.last_error == "TLS error" and requests == []
