"""The conversation end to end: a case posted to the API, a real Celery worker on Redis, and
a real SMTP server on loopback (aiosmtpd). What is checked is what the mail server took,
as the customer's mail client would read it."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role
from cases.models import Case, Notification
from conversation.acknowledgement import placeholders, readable
from conversation.models import Message
from conversation.tasks import deliver_message

from ..factories import make_user
from ..workers import wait_for

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.acknowledging,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CUSTOMER = "ana.lima@example.net"
A_MINUTE = 60


@pytest.fixture
def worker(celery_workers, smtp_server):
    """One worker sending through the SMTP server, retrying a refused email after a second
    or two (30 s, doubling, in production)."""
    celery_workers.start(**smtp_server.env, EMAIL_RETRY_SECONDS="1")
    return celery_workers


def post_case(api, email=CUSTOMER) -> Case:
    response = api.post("/api/v1/cases/", {
        "customer": {"email": email, "name": "Ana Lima"}, "title": "Courier lost parcel",
        "customer_title": "Your parcel that did not arrive",
        "description": "My parcel never arrived and the tracking stopped a week ago.",
        "category": "shipping", "severity": "high"}, format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(reference=response.json()["reference"])


def emails_to(smtp_server, count, address=CUSTOMER, timeout=A_MINUTE):
    """The emails the server took for `address`, once there are `count` of them."""
    assert wait_for(lambda: len(smtp_server.emails(to=address)) >= count, timeout=timeout), \
        f"{len(smtp_server.emails(to=address))} of {count} emails arrived"
    return smtp_server.emails(to=address)


def state_of(message_id) -> str:
    return Message.objects.get(pk=message_id).state


def text_of(email) -> str:
    return email.get_body(preferencelist=("plain",)).get_content()


def status_link(text) -> str:
    found = re.search(re.escape(settings.SITE_URL) + r"/status/[\w-]+/", text)
    assert found, f"no status link in:\n{text}"
    return found.group(0)


def ids(header) -> list[str]:
    return str(header or "").split()


def test_a_case_posted_to_the_api_is_acknowledged_through_the_mail_server_within_a_minute(
    api, worker, smtp_server
):
    started = time.monotonic()
    case = post_case(api)
    [email] = emails_to(smtp_server, 1)
    assert time.monotonic() - started < A_MINUTE
    message = case.messages.get(kind="acknowledgement")

    assert re.fullmatch(r"SR-\d{4}-\d{6}", case.reference)
    assert f"[{case.reference}]" in email["Subject"]
    assert str(email["To"]) == CUSTOMER
    assert email["Message-ID"] == message.message_id
    assert email["Auto-Submitted"] == "auto-generated"  # the customer's auto-responder is quiet
    text = text_of(email)
    assert case.reference in text
    assert "My parcel never arrived" in text  # what happened, in the customer's words
    assert readable(case.resolution_due_at) in text
    assert placeholders(case, now=message.created_at)["next_update_by"] in text
    assert "\n-- \nFollow your case" in text  # a signature: left out of the customer's reply

    page = Client().get(urlsplit(status_link(text)).path)  # signed out, as the customer
    assert page.status_code == 200
    assert "Your parcel that did not arrive" in page.content.decode()

    assert wait_for(lambda: state_of(message.pk) == "sent")
    case.refresh_from_db()
    assert case.first_responded_at is not None
    assert case.customer_unreachable_at is None


def test_a_question_then_an_update_each_arrive_once_on_one_thread(
    api, agent, agent_api, worker, smtp_server
):
    case = post_case(api)
    [acknowledgement] = emails_to(smtp_server, 1)

    question = agent_api.post(f"/api/v1/cases/{case.reference}/messages/", {
        "kind": "question", "body": "Could you send us a photo of the label on the box?"},
        format="json")
    assert question.status_code == 201, question.content
    asked = emails_to(smtp_server, 2)[1]
    case.refresh_from_db()
    assert case.waiting_on_customer

    update = agent_api.post(f"/api/v1/cases/{case.reference}/messages/", {
        "kind": "update", "body": "A replacement parcel leaves our warehouse today."},
        format="json")
    assert update.status_code == 201, update.content
    updated = emails_to(smtp_server, 3)[2]

    # A retried task or a duplicate enqueue sends nothing again.
    for message in case.messages.filter(kind__in=["question", "update"]):
        assert wait_for(lambda message=message: state_of(message.pk) == "sent")
        deliver_message.delay(message.pk)
        deliver_message.delay(message.pk)
    worker.wait_until_idle()
    emails = smtp_server.emails(to=CUSTOMER)
    assert [text_of(e).split("\n", 1)[0] for e in emails[1:]] == [
        "Could you send us a photo of the label on the box?",
        "A replacement parcel leaves our warehouse today."]

    for email in emails:
        assert f"[{case.reference}]" in email["Subject"]
        assert status_link(text_of(email))
    assert len({e["Message-ID"] for e in emails}) == 3
    assert asked["In-Reply-To"] == acknowledgement["Message-ID"]
    assert updated["In-Reply-To"] == asked["Message-ID"]
    assert ids(asked["References"]) == [acknowledgement["Message-ID"]]
    assert ids(updated["References"]) == [acknowledgement["Message-ID"], asked["Message-ID"]]
    assert case.events.filter(kind="message_sent").count() == 3


def test_a_mailbox_the_server_refuses_for_good_flags_the_customer_unreachable(
    api, worker, smtp_server
):
    manager = make_user(Role.MANAGER, first_name="Morgan", last_name="Manager")
    smtp_server.refuse(CUSTOMER, 550)
    case = post_case(api)
    message = case.messages.get(kind="acknowledgement")

    assert wait_for(lambda: state_of(message.pk) == "rejected", timeout=A_MINUTE)
    assert smtp_server.refused == [(CUSTOMER, 550)]  # refused once: not tried again
    assert smtp_server.emails(to=CUSTOMER) == []
    message.refresh_from_db()
    assert message.state_detail.startswith("550")
    assert message.sent_at is None
    case.refresh_from_db()
    assert case.customer_unreachable_at is not None
    assert case.first_responded_at is None  # the customer has not heard from us
    assert case.events.filter(kind="customer_unreachable").count() == 1
    notification = Notification.objects.get(case=case, kind="customer_unreachable")
    assert notification.recipient == manager  # nobody is assigned: the managers are told
    assert CUSTOMER in notification.body
    # and it reaches the manager by email, through the same server
    [told] = emails_to(smtp_server, 1, address=manager.email)
    assert case.reference in told["Subject"]
    worker.wait_until_idle()
    assert smtp_server.refused == [(CUSTOMER, 550)]


def test_a_mailbox_the_server_cannot_take_now_gets_the_email_when_it_can(
    api, worker, smtp_server
):
    smtp_server.refuse(CUSTOMER, 451, times=2)  # "try again later", twice
    case = post_case(api)
    message = case.messages.get(kind="acknowledgement")

    [email] = emails_to(smtp_server, 1, timeout=30)
    assert smtp_server.refused == [(CUSTOMER, 451), (CUSTOMER, 451)]
    assert email["Message-ID"] == message.message_id
    assert wait_for(lambda: state_of(message.pk) == "sent")
    message.refresh_from_db()
    assert message.attempts == 3
    assert message.last_error == ""
    case.refresh_from_db()
    assert case.customer_unreachable_at is None
    assert case.first_responded_at is not None
    worker.wait_until_idle()
    assert len(smtp_server.emails(to=CUSTOMER)) == 1
