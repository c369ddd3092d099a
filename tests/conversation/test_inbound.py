"""Email in, through the one code path every door uses (`conversation.inbound.receive`):
a new case, a reply threaded onto its case with the quote removed, recorded once, no loops,
bad mail kept without stopping anything."""

from datetime import timedelta
from email.message import EmailMessage

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from apologies import flow
from cases.models import Case, Notification
from conversation import inbound
from conversation.models import InboundEmail, InboundRoute, Message

from ..apologies.steps import complete
from ..factories import CaseFactory, deliver_queued

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
CUSTOMER = "pat.doe@example.org"


def raw_email(*, subject="My kettle arrived broken", body="The lid was cracked.",
              sender=f"Pat Doe <{CUSTOMER}>", to="desk@example.com", message_id=None,
              in_reply_to=None, headers=None, files=()) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"] = message_id or f"<{abs(hash((subject, body, sender)))}@mail.example.org>"
    if in_reply_to:
        msg["In-Reply-To"] = msg["References"] = in_reply_to
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content, kind in files:
        maintype, subtype = kind.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def test_a_new_email_opens_a_case_and_is_acknowledged_as_an_answer_to_it(
        django_capture_on_commit_callbacks, agent):
    InboundRoute.objects.create(address="billing", category=Case._meta.get_field(
        "category").related_model.objects.get(slug="billing"))
    raw = raw_email(to="Billing <billing@example.com>", subject="Charged twice",
                    body="You charged my card twice for order 1042.")
    with django_capture_on_commit_callbacks(execute=True):
        received = inbound.receive(raw, mailbox="pipe")
    case = received.case
    assert received.record.outcome == "opened"
    assert (case.channel, case.category.slug, case.customer.email) == ("email", "billing",
                                                                       CUSTOMER)
    assert case.customer.name == "Pat Doe" and case.title == "Charged twice"
    complaint, ack = case.messages.all()
    assert (complaint.kind, complaint.direction) == ("complaint", "in")
    assert complaint.body == "You charged my card twice for order 1042."
    assert ack.kind == "acknowledgement" and ack.in_reply_to == complaint.message_id
    [email] = mail.outbox
    assert email.to == [CUSTOMER] and email.extra_headers["In-Reply-To"] == complaint.message_id


def test_a_reply_to_the_apology_lands_on_its_case_without_the_quote(agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    deliver_queued()
    apology = case.messages.get(kind="apology")
    body = ("Thank you, that is kind.\n\nPat\n\n"
            "On Tue, 1 Dec 2026 at 10:00, Recovery Desk <desk@example.com> wrote:\n"
            "> We are sorry.\n> We made a mistake.\n")
    sender = f"Pat <{case.customer.email}>"
    received = inbound.receive(raw_email(subject="Re: We are sorry", body=body,
                                         sender=sender, in_reply_to=apology.message_id),
                               mailbox="imap:INBOX")
    assert received.record.outcome == "threaded" and received.case == case
    reply = case.messages.get(kind="reply")
    assert reply.body.startswith("Thank you, that is kind.")
    assert "We made a mistake" not in reply.body and "We made a mistake" in reply.full_body
    assert case.events.filter(kind="customer_replied").count() == 1
    assert Notification.objects.filter(recipient=agent, kind="customer_replied").exists()
    # Read again (a poll repeated): recorded once.
    again = inbound.receive(raw_email(subject="Re: We are sorry", body=body, sender=sender,
                                      in_reply_to=apology.message_id), mailbox="imap:INBOX")
    assert again.duplicate and case.messages.filter(kind="reply").count() == 1


def test_the_reference_in_the_subject_threads_only_the_cases_own_customer(agent):
    case = CaseFactory(by=agent)
    mine = inbound.receive(raw_email(subject=f"Re: [{case.reference}] news?",
                                     sender=case.customer.email), mailbox="pipe")
    assert mine.case == case
    stranger = inbound.receive(raw_email(subject=f"[{case.reference}] let me in",
                                         sender="mallory@example.net"), mailbox="pipe")
    assert stranger.case != case and stranger.record.outcome == "opened"


@pytest.mark.parametrize("headers, sender", [
    ({"Auto-Submitted": "auto-replied"}, CUSTOMER),
    ({"X-Autoreply": "yes"}, CUSTOMER),
    ({"Precedence": "bulk"}, CUSTOMER),
    ({"Return-Path": "<>"}, CUSTOMER),
    ({}, "desk@localhost"),  # our own address: a loop
    ({}, "MAILER-DAEMON@mail.example.org"),
])
def test_auto_replies_bounces_and_our_own_mail_create_nothing(headers, sender):
    received = inbound.receive(raw_email(headers=headers, sender=sender), mailbox="pipe")
    assert received.record.outcome == "ignored" and received.record.note
    assert not Case.objects.exists() and mail.outbox == []


def test_a_flood_from_one_sender_is_not_heard_past_the_hourly_rate(settings):
    settings.INBOUND_PER_SENDER_PER_HOUR = 2
    outcomes = [inbound.receive(raw_email(body=f"Message {n}"), mailbox="pipe").record.outcome
                for n in range(3)]
    assert outcomes == ["opened", "opened", "ignored"]


def test_a_message_too_large_is_recorded_and_answered_politely(
        settings, django_capture_on_commit_callbacks):
    settings.INBOUND_MAX_BYTES = 50_000
    raw = raw_email(files=[("photo.jpg", b"\xff\xd8\xff" + b"x" * 80_000, "image/jpeg")])
    with django_capture_on_commit_callbacks(execute=True):
        received = inbound.receive(raw, mailbox="pipe")
    assert received.record.outcome == "too_large" and "not kept whole" in received.record.note
    assert not received.record.raw
    case = received.case
    assert case.customer.email == CUSTOMER and not case.attachments.exists()
    polite = [m for m in mail.outbox if "smaller emails" in m.body]
    assert len(polite) == 1 and polite[0].to == [CUSTOMER]


def test_a_malformed_message_between_two_good_ones_stops_nothing():
    bad = (b"From: =?x-unknown?B?////?= <bad@example.org>\r\nSubject: \xff\xfe caf\xe9\r\n"
           b"Content-Type: multipart/mixed; boundary=\"zz\"\r\nMessage-ID: <bad@x>\r\n\r\n"
           b"--zz\r\nContent-Type: text/plain; charset=x-klingon\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64\r\n")
    outcomes = [inbound.receive(raw, mailbox="pipe").record.outcome for raw in (
        raw_email(body="First."), bad, raw_email(body="Third.", sender="ann@example.org"))]
    assert outcomes[0] == outcomes[2] == "opened"
    bad_record = InboundEmail.objects.get(message_id="<bad@x>")
    assert bad_record.raw  # kept as it came
    assert Message.objects.filter(kind="complaint").count() >= 2


def test_a_reply_long_after_closing_opens_a_new_case_that_follows_the_old(agent, settings):
    settings.REOPEN_WINDOW_DAYS = 30
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    flow.close(case, by=agent)
    deliver_queued()
    apology = case.messages.get(kind="apology")
    later = timezone.now() + timedelta(days=31)
    with time_machine.travel(later):
        received = inbound.receive(raw_email(sender=case.customer.email,
                                             in_reply_to=apology.message_id), mailbox="pipe")
    assert received.case != case and received.case.follows == case
    case.refresh_from_db()
    assert case.status == "closed"
    soon = inbound.receive(raw_email(body="One more thing.", sender=case.customer.email,
                                     in_reply_to=apology.message_id), mailbox="pipe")
    assert soon.case == case  # within the window: reopened
    case.refresh_from_db()
    assert case.status == "open"


def test_attachments_come_with_their_type_from_the_content(agent):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    received = inbound.receive(raw_email(files=[
        ("receipt.pdf", png, "application/pdf"),  # the name lies
        ("page.html", b"<script>alert(1)</script>", "text/html")]), mailbox="pipe")
    kept = {a.filename: a.content_type for a in received.case.attachments.all()}
    assert kept == {"receipt.pdf": "image/png", "page.html": "application/octet-stream"}


def test_the_whole_email_is_one_click_away_and_the_raw_one_a_download(agent, agent_client):
    case = CaseFactory(by=agent)
    body = "Yes please.\n\nOn Monday, Desk wrote:\n> Shall we send a new one?\n"
    received = inbound.receive(raw_email(subject=f"Re: [{case.reference}]", body=body,
                                         sender=case.customer.email), mailbox="pipe")
    reply = received.record.recorded_as
    page = agent_client.get(case.get_absolute_url()).content.decode()
    whole = f"/cases/{case.reference}/messages/{reply.pk}/"
    assert whole in page
    shown = agent_client.get(whole).content.decode()
    assert "Shall we send a new one?" in shown and "Yes please." in shown
    raw = agent_client.get(f"{whole}raw/")
    assert raw.status_code == 200 and raw["X-Content-Type-Options"] == "nosniff"
    assert raw["Content-Disposition"].startswith("attachment")
    assert raw["Content-Type"] == "application/octet-stream"
    assert b"Shall we send a new one?" in b"".join(raw.streaming_content)
    assert Client().get(whole).status_code == 302  # signed out: to the sign-in page


def test_an_email_from_a_desk_address_is_still_a_customer(agent):
    received = inbound.receive(raw_email(sender=f"Boss <{agent.email}>",
                                         body="Refund everyone, I am the manager."),
                               mailbox="pipe")
    case = received.case
    assert case.created_by is None and case.customer.email == agent.email.lower()
    complaint = case.messages.get(kind="complaint")
    assert complaint.author is None and complaint.direction == "in"
