"""Email through an email service provider's inbound webhook: Postmark's real inbound
payload, through anymail's own view (`/anymail/postmark/inbound/`, its basic auth), down
the one path every door takes."""

import base64
import json

import pytest
from django.core import mail

from apologies import flow
from cases.models import Case
from conversation.models import InboundEmail

from ..apologies.steps import complete
from ..factories import CaseFactory, deliver_queued
from .test_inbound import raw_email
from .test_tracking import SECRET, basic

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
INBOUND = "/anymail/postmark/inbound/"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture(autouse=True)
def provider(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "POSTMARK_SERVER_TOKEN": "server-token"}


def postmark_inbound(*, sender="pat.doe@example.org", subject="My kettle arrived broken",
                     text="The lid was cracked.", message_id="<kettle-1@mail.example.org>",
                     in_reply_to=None, attachments=()):
    """Postmark's inbound webhook, as its documentation shows it (no RawEmail: the parsed
    fields, the original headers in `Headers`)."""
    headers = [{"Name": "Return-Path", "Value": f"<{sender}>"},
               {"Name": "X-Spam-Status", "Value": "No"},
               {"Name": "X-Spam-Score", "Value": "-0.1"},
               {"Name": "MIME-Version", "Value": "1.0"},
               {"Name": "Message-ID", "Value": message_id}]
    if in_reply_to:
        headers += [{"Name": "In-Reply-To", "Value": in_reply_to},
                    {"Name": "References", "Value": in_reply_to}]
    return {
        "FromName": "Pat Doe", "MessageStream": "inbound", "From": sender,
        "FromFull": {"Email": sender, "Name": "Pat Doe", "MailboxHash": ""},
        "To": "desk@example.com",
        "ToFull": [{"Email": "desk@example.com", "Name": "", "MailboxHash": ""}],
        "Cc": "", "CcFull": [], "Bcc": "", "BccFull": [],
        "OriginalRecipient": "desk@example.com", "Subject": subject,
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b", "ReplyTo": "",
        "MailboxHash": "", "Date": "Tue, 1 Dec 2026 10:07:00 +0000",
        "TextBody": text, "HtmlBody": f"<p>{text}</p>", "StrippedTextReply": "",
        "Tag": "", "Headers": headers,
        "Attachments": [{"Name": name, "Content": base64.b64encode(content).decode(),
                         "ContentType": kind, "ContentLength": len(content)}
                        for name, content, kind in attachments],
    }


def post(client, payload, **auth):
    return client.post(INBOUND, json.dumps(payload), content_type="application/json",
                       **(auth if auth else basic()))


def test_a_new_email_opens_a_case(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, postmark_inbound())
    assert response.status_code == 200
    record = InboundEmail.objects.get()
    assert (record.mailbox, record.message_id, record.outcome) == (
        "anymail:postmark", "<kettle-1@mail.example.org>", "opened")
    case = record.recorded_as.case
    assert (case.channel, case.customer.email, case.title) == (
        "email", "pat.doe@example.org", "My kettle arrived broken")
    assert case.messages.get(kind="complaint").body == "The lid was cracked."
    assert [email.to for email in mail.outbox] == [["pat.doe@example.org"]]
    post(client, postmark_inbound())  # the provider retries: recorded once
    assert Case.objects.count() == 1 and InboundEmail.objects.count() == 1


def test_a_reply_to_the_apology_lands_on_its_case(client, agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    deliver_queued()
    apology = case.messages.get(kind="apology")
    text = ("Thank you, that is kind.\n\nOn Tue, 1 Dec 2026 at 10:00, Recovery Desk "
            "<desk@example.com> wrote:\n> We are sorry.\n")
    response = post(client, postmark_inbound(
        sender=case.customer.email, subject="Re: We are sorry", text=text,
        message_id="<reply-1@mail.example.org>", in_reply_to=apology.message_id))
    assert response.status_code == 200
    reply = case.messages.get(kind="reply")
    assert reply.body == "Thank you, that is kind." and "We are sorry" in reply.full_body
    assert Case.objects.count() == 1


def test_bad_basic_auth_is_refused_and_creates_nothing(client):
    response = post(client, postmark_inbound(), **basic("hook:wrong"))
    assert response.status_code in (400, 401, 403)
    assert client.post(INBOUND, json.dumps(postmark_inbound()),
                       content_type="application/json").status_code in (400, 401, 403)
    assert not InboundEmail.objects.exists() and not Case.objects.exists()


def test_an_attachment_arrives_typed_by_its_content(client):
    response = post(client, postmark_inbound(attachments=[
        ("damage.jpg", PNG, "image/jpeg")]))  # named and sent as a JPEG: it is a PNG
    assert response.status_code == 200
    [attachment] = InboundEmail.objects.get().recorded_as.case.attachments.all()
    assert attachment.content_type == "image/png"
    assert attachment.file.read() == PNG


def test_without_a_secret_the_webhook_is_not_served(client, settings):
    settings.ANYMAIL = {}
    assert post(client, postmark_inbound()).status_code == 404
    assert not InboundEmail.objects.exists()


def test_postmark_raw_email_keeps_the_headers_exactly(client):
    payload = postmark_inbound()
    payload["RawEmail"] = raw_email(message_id="<raw-1@mail.example.org>").decode()
    assert post(client, payload).status_code == 200
    assert InboundEmail.objects.get().message_id == "<raw-1@mail.example.org>"


def test_postmark_raw_email_in_8_bit_text_reads_as_it_was_written(client):
    payload = postmark_inbound()
    payload["RawEmail"] = (
        "From: Zoë <zoe@example.org>\r\nTo: desk@example.com\r\nSubject: Café cassé\r\n"
        "Message-ID: <cafe@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nLa tasse est cassée.\r\n")
    assert post(client, payload).status_code == 200
    case = InboundEmail.objects.get().recorded_as.case
    assert case.title == "Café cassé" and case.customer.name == "Zoë"
    assert case.messages.get(kind="complaint").body == "La tasse est cassée."
