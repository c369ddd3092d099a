"""The public complaint form (/complain/): a customer's complaint opens a case and is
acknowledged at once; bots, floods and bad input create nothing; only this page is framed,
and only by the configured sites. And "what would put it right" from the agent's log-case
form, shown beside the remedy we give."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Case
from conversation.forms import TOO_QUICK, fill_stamp
from conversation.models import Attachment, Message

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]

ROOT = Path(__file__).resolve().parents[2]
FORM, THANKS = "/complain/", "/complain/thanks/"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def complaint(**changes):
    data = {
        "name": "Inès Moreau", "email": "ines@example.fr",
        "text": "The vase arrived broken.\nThe box was crushed on one side.",
        "order_reference": "ORD-48213", "remedy_requested": "A new vase before Friday.",
        "website": "", "started": fill_stamp(time.time() - 30),
    }
    return {**data, **changes}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Post the form as a browser does, running what waits for the commit (the email)."""
    def go(data=None, *, who=client, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return who.post(FORM, complaint() if data is None else data, **extra)
    return go


def test_the_form_asks_for_what_a_customer_needs_without_signing_in(client):
    page = client.get(FORM)
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Your name", "Your email", "What happened", "Order reference",
                  "What would put it right?", "Photos or documents", "Leave this empty"):
        assert label in html
    assert 'enctype="multipart/form-data"' in html and 'maxlength="5000"' in html
    assert "<script" not in html  # no third-party (or any) script


def test_a_complaint_opens_a_case_acknowledged_at_once(client, send):
    response = send()
    assert response.status_code == 302 and urlsplit(response["Location"]).path == THANKS
    case = Case.objects.get()
    assert (case.channel, case.customer.email, case.customer.name) == (
        "web", "ines@example.fr", "Inès Moreau")
    assert case.remedy_requested == "A new vase before Friday."
    assert "The box was crushed" in case.description and "ORD-48213" in case.description
    first, *rest = Message.objects.filter(case=case).order_by("created_at", "id")
    assert first.kind == "complaint" and first.direction == "in"
    assert "The vase arrived broken." in first.body
    assert [m.kind for m in rest] == ["acknowledgement"]
    [email] = mail.outbox
    assert email.to == ["ines@example.fr"] and case.reference in email.subject + email.body

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    text = thanks.content.decode()
    assert case.reference in text and "An email is on its way" in text


def test_attachments_are_stored_and_the_limits_are_field_errors(client, send, settings):
    files = [SimpleUploadedFile("damage.png", PNG), SimpleUploadedFile("receipt.txt", b"Paid")]
    send(complaint(files=files))
    case = Case.objects.get()
    stored = Attachment.objects.filter(case=case).order_by("id")
    assert [(a.filename, a.content_type) for a in stored] == [
        ("damage.png", "image/png"), ("receipt.txt", "application/octet-stream")]
    assert all(a.message.kind == "complaint" for a in stored)

    settings.ATTACHMENTS_PER_MESSAGE = 2
    three = [SimpleUploadedFile(f"p{n}.png", PNG) for n in range(3)]
    response = send(complaint(email="kim@example.com", files=three))
    assert "Attach at most 2 files." in response.content.decode()
    settings.ATTACHMENT_MAX_BYTES = 10
    response = send(complaint(email="kim@example.com", files=[SimpleUploadedFile("big.png", PNG)]))
    assert "big.png: larger than" in response.content.decode()
    assert Case.objects.count() == 1


def test_a_bot_that_fills_the_honeypot_is_thanked_and_nothing_is_created(client, send):
    response = send(complaint(website="https://cheap-pills.example"))
    assert response.status_code == 302 and urlsplit(response["Location"]).path == THANKS
    assert client.get(response["Location"]).status_code == 200
    assert not Case.objects.exists() and mail.outbox == []


def test_too_fast_or_a_stamp_we_did_not_issue_is_a_polite_form_error(send):
    response = send(complaint(started=fill_stamp()))
    assert response.status_code == 200 and TOO_QUICK in response.content.decode()
    for stamp in ("", "1700000000", fill_stamp(time.time() - 3 * 86400)):
        response = send(complaint(started=stamp))
        assert "open for too long" in response.content.decode()
        # the page comes back with a fresh stamp to send it with
        fresh = re.search(r'name="started" value="([^"]+)"', response.content.decode())[1]
        assert fresh != stamp
    assert not Case.objects.exists() and mail.outbox == []


def test_a_corrected_form_keeps_its_stamp(send):
    stamp = fill_stamp(time.time() - 30)
    response = send(complaint(email="not-an-email", started=stamp))
    assert f'name="started" value="{stamp}"' in response.content.decode()


@pytest.mark.parametrize("change, field, message", [
    ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ({"email": ""}, "email", "Tell us your email, so that we can write back."),
    ({"text": "   "}, "text", "Tell us what happened."),
    ({"text": "Broken\x00vase"}, "text", "Remove the control characters"),
    ({"remedy_requested": "Refund\x1b[31m"}, "remedy_requested", "Remove the control characters"),
    ({"name": "Inès\nMoreau"}, "name", "Use a single line"),
    ({"order_reference": "ORD\r\nBcc: x@y"}, "order_reference", "Use a single line"),
    ({"text": "x" * 5001}, "text", "at most 5000 characters"),
    ({"remedy_requested": "x" * 2001}, "remedy_requested", "at most 2000 characters"),
])
def test_bad_input_is_a_field_error_and_creates_nothing(send, change, field, message):
    response = send(complaint(**change))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Case.objects.exists() and mail.outbox == []


def test_many_complaints_from_one_address_are_a_429(send, settings):
    settings.COMPLAINTS_PER_ADDRESS_PER_HOUR = 2
    assert [send(complaint(email="ines@example.fr")).status_code for _ in range(2)] == [302] * 2
    response = send(complaint(email="INES@example.fr"))
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Please wait a little" in response.content.decode()
    assert Case.objects.count() == 2
    assert send(complaint(email="kim@example.com")).status_code == 302  # another address


def test_many_complaints_from_one_client_are_a_429(send, settings):
    settings.COMPLAINTS_PER_CLIENT_PER_HOUR = 2
    codes = [send(complaint(email=f"c{n}@example.com")).status_code for n in range(3)]
    assert codes == [302, 302, 429] and Case.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert send(complaint(email="d@example.com"), who=other).status_code == 302


def test_the_form_works_without_a_csrf_token_as_in_a_cross_site_frame(send):
    browser = Client(enforce_csrf_checks=True)  # the frame's POST carries no CSRF cookie
    assert send(who=browser).status_code == 302 and Case.objects.count() == 1


def test_only_this_page_may_be_framed_and_by_us_unless_configured(client, agent_client):
    for path in (FORM, THANKS):
        response = client.get(path)
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "SAMEORIGIN"
    login = client.get("/accounts/login/")
    assert login["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in login["Content-Security-Policy"]
    assert agent_client.get("/cases/")["X-Frame-Options"] == "DENY"


def test_the_configured_shop_may_frame_the_form(client, settings):
    settings.COMPLAINT_FRAME_ANCESTORS = ["https://shop.example.com"]
    for path in (FORM, THANKS):
        response = client.get(path)
        assert ("frame-ancestors 'self' https://shop.example.com"
                in response["Content-Security-Policy"])
        assert "X-Frame-Options" not in response  # it cannot name the shop; CSP can
    assert client.get("/accounts/login/")["X-Frame-Options"] == "DENY"


def test_a_thanks_address_we_did_not_sign_shows_no_reference(client, send):
    send()
    reference = Case.objects.get().reference
    page = client.get(THANKS, {"for": reference})
    assert page.status_code == 200 and reference not in page.content.decode()


def test_the_agent_logs_what_would_put_it_right_and_sees_it_at_the_remedy(agent_client):
    response = agent_client.post("/cases/new/", {
        "customer_email": "dara@example.ie", "title": "Installer did not turn up",
        "description": "I took a day off work.", "channel": "phone", "category": "other",
        "severity": "high", "remedy_requested": "Pay me for the day off,\nand a new date.",
        "assign_to_me": "on"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.remedy_requested == "Pay me for the day off,\nand a new date."
    for path in (f"/cases/{case.reference}/steps/restore_value/", f"/cases/{case.reference}/"):
        html = agent_client.get(path).content.decode()
        assert "The customer asked for:" in html
        assert "Pay me for the day off,\nand a new date." in html
    other = agent_client.get(f"/cases/{case.reference}/steps/acknowledge/").content.decode()
    assert "The customer asked for:" not in other


def test_a_frame_ancestor_that_is_not_an_origin_stops_the_start():
    """It goes into a CSP header as it is: `https://a.example; script-src *` must not."""
    env = {**os.environ, "COMPLAINT_FRAME_ANCESTORS": "https://a.example; script-src *"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "COMPLAINT_FRAME_ANCESTORS" in result.stderr and "is not an origin" in result.stderr
