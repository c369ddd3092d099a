"""A customer complains through the public form, on our site and inside the shop's page (a
cross-site iframe: no CSRF cookie goes with its POST), attaches a photo, and is told their
reference; the email confirming it is already sent. Screenshots at a desktop's and a phone's
width in /tmp/shots/complain-*.png."""

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from cases.models import Case
from conversation.models import Attachment

from ..factories import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.acknowledging,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"complain-{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def fill(where, email="ines@example.fr"):
    where.get_by_label("Your name").fill("Inès Moreau")
    where.get_by_label("Your email").fill(email)
    where.get_by_label("What happened").fill(
        "The vase arrived broken.\nThe box was crushed on one side.")
    where.get_by_label("Order reference").fill("ORD-48213")
    where.get_by_label("What would put it right?").fill("A new vase before Friday.")


def test_a_customer_complains_and_is_told_their_reference(live_server, page, settings):
    settings.COMPLAINT_MIN_SECONDS = 1
    page.goto(f"{live_server.url}/complain/")
    loaded = time.monotonic()
    expect(page.get_by_role("heading", name="Tell us what went wrong")).to_be_visible()
    expect(page.get_by_label("Leave this empty")).not_to_be_in_viewport()
    shoot(page, "form")

    page.get_by_label("Your email").fill("not an email")
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator("body")).to_contain_text("Enter a valid email address.")
    shoot(page, "errors")

    fill(page)
    page.get_by_label("Photos or documents").set_input_files(
        [{"name": "damage.png", "mimeType": "image/png", "buffer": PNG}])
    time.sleep(max(0, 1.2 - (time.monotonic() - loaded)))  # a person takes a moment
    page.get_by_role("button", name="Send complaint").click()
    expect(page.get_by_role("heading", name="Thank you: we have your complaint")).to_be_visible()
    case = Case.objects.get()
    expect(page.locator("#complaint-reference")).to_contain_text(case.reference)
    expect(page.locator("body")).to_contain_text("An email is on its way")
    shoot(page, "thanks")

    assert (case.channel, case.remedy_requested) == ("web", "A new vase before Friday.")
    assert Attachment.objects.get(case=case).content_type == "image/png"
    assert [m.to for m in mail.outbox] == [["ines@example.fr"]]


@pytest.fixture
def shop(live_server):
    """The shop's contact page framing the form, served from another site: 127.0.0.1 where
    the desk is on localhost (so no SameSite=Lax cookie crosses). A real server on loopback:
    Chromium's local-network checks block a frame of localhost in a page from anywhere else."""
    assert "//localhost:" in live_server.url
    body = ("<!doctype html><title>Shop</title><h1>Our shop: contact us</h1>"
            f'<iframe src="{live_server.url}/complain/" width="100%" height="1500" '
            'title="Complaint form"></iframe>').encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_form_works_inside_the_shops_page(shop, page, settings):
    settings.COMPLAINT_MIN_SECONDS = 0
    settings.COMPLAINT_FRAME_ANCESTORS = [shop]
    page.goto(f"{shop}/contact")
    frame = page.frame_locator("iframe")
    fill(frame, email="kim@example.com")
    shoot(page, "framed")
    frame.get_by_role("button", name="Send complaint").click()
    expect(frame.get_by_role("heading", name="Thank you: we have your complaint")).to_be_visible()
    expect(frame.locator("#complaint-reference")).to_contain_text(Case.objects.get().reference)
    page.evaluate("window.scrollTo(0, 0)")  # the click scrolled the shop's page down
    shoot(page, "framed-thanks")


def test_a_shop_not_configured_cannot_frame_it(shop, page, settings):
    settings.COMPLAINT_FRAME_ANCESTORS = []
    page.goto(f"{shop}/contact")
    page.wait_for_timeout(500)
    frame = page.frames[-1]
    assert "Tell us what went wrong" not in frame.content()


def test_the_agent_sees_what_the_customer_asked_for_while_choosing_the_remedy(
        live_server, page, settings):
    settings.COMPLAINT_MIN_SECONDS = 0
    make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    page.goto(f"{live_server.url}/complain/")
    fill(page)
    page.get_by_role("button", name="Send complaint").click()
    expect(page.get_by_role("heading", name="Thank you: we have your complaint")).to_be_visible()
    case = Case.objects.get()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("noor@desk.test")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/cases/{case.reference}/steps/restore_value/")
    asked = page.locator(f"#customer-asked-{case.reference}")
    expect(asked).to_contain_text("The customer asked for:")
    expect(asked).to_contain_text("A new vase before Friday.")
    shoot(page, "restore-step")
