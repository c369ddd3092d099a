"""What delivery makes of a mail server that says no, or nothing: a real SMTP server on
loopback (aiosmtpd), delivery run in the test's process. Only a refusal of the customer's
address flags the customer; the desk's own trouble (a refused sender, a silent or absent
server, a provider's outage) is tried again and flags nobody."""

import socket
import time

import pytest
from anymail.message import AnymailRecipientStatus

from cases.intake import CustomerDetails
from cases.models import Notification
from conversation import delivery, emails

from ..factories import CaseFactory
from ..smtp import free_port

pytestmark = [pytest.mark.acknowledging, pytest.mark.django_db]

CUSTOMER = "bo.nilsson@example.se"


@pytest.fixture
def acknowledgement(agent):
    """A case's acknowledgement, written and waiting for the mail server (in this test's
    transaction its task never runs: the test delivers it)."""
    case = CaseFactory(by=agent, assignee=agent,
                       customer=CustomerDetails(email=CUSTOMER, name="Bo Nilsson"))
    return case.messages.get(kind="acknowledgement")


def assert_kept_for_another_try(message, error):
    message.refresh_from_db()
    assert message.state == "queued" and message.sent_at is None
    assert message.claimed_at is None  # the retry (or the sweep) may claim it again
    assert error in message.last_error
    message.case.refresh_from_db()
    assert message.case.customer_unreachable_at is None
    assert not Notification.objects.filter(kind="customer_unreachable").exists()


def test_a_refused_sender_is_the_desks_problem_and_is_tried_again(
    acknowledgement, smtp_server, settings
):
    smtp_server.use_in(settings)
    smtp_server.refuse_sender(550)
    with pytest.raises(delivery.TemporaryFailure):
        delivery.deliver(acknowledgement.pk)
    assert_kept_for_another_try(acknowledgement, "550")

    smtp_server.refuse_sender(None)  # the desk put its address right
    assert delivery.deliver(acknowledgement.pk) is True
    assert len(smtp_server.emails(to=CUSTOMER)) == 1
    acknowledgement.refresh_from_db()
    assert acknowledgement.state == "sent" and acknowledgement.last_error == ""


def test_a_server_that_says_nothing_does_not_hold_the_worker(acknowledgement, settings):
    assert settings.EMAIL_TIMEOUT, "without a timeout a silent server holds the worker"
    with socket.socket() as silent:  # takes connections, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
        settings.EMAIL_TIMEOUT = 1
        started = time.monotonic()
        with pytest.raises(delivery.TemporaryFailure):
            delivery.deliver(acknowledgement.pk)
    assert time.monotonic() - started < 5
    assert_kept_for_another_try(acknowledgement, "timed out")


def test_no_server_at_all_is_tried_again(acknowledgement, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with pytest.raises(delivery.TemporaryFailure):
        delivery.deliver(acknowledgement.pk)
    assert_kept_for_another_try(acknowledgement, "refused")


def test_a_provider_refusing_the_customer_flags_them_unreachable(
    acknowledgement, agent, settings, monkeypatch
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    build = emails.build

    def refused_by_the_provider(message):
        email = build(message)
        email.anymail_test_response = {"recipient_status": {
            CUSTOMER: AnymailRecipientStatus(message_id=None, status="rejected")}}
        return email

    monkeypatch.setattr(emails, "build", refused_by_the_provider)
    assert delivery.deliver(acknowledgement.pk) is True
    acknowledgement.refresh_from_db()
    assert acknowledgement.state == "rejected"
    assert "rejected" in acknowledgement.state_detail
    case = acknowledgement.case
    case.refresh_from_db()
    assert case.customer_unreachable_at is not None
    assert Notification.objects.get(kind="customer_unreachable").recipient == agent
    assert delivery.deliver(acknowledgement.pk) is False  # and it is not tried again


def test_after_the_last_try_the_desk_is_told_and_the_message_is_not_sent(
        acknowledgement, settings, mailoutbox):
    settings.REMINDER_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with pytest.raises(delivery.TemporaryFailure):
        delivery.deliver(acknowledgement.pk)
    assert delivery.deliver(acknowledgement.pk) is False  # the second try: given up
    acknowledgement.refresh_from_db()
    assert acknowledgement.state == "failed" and "refused" in acknowledgement.state_detail
    assert delivery.stalled() == [] and delivery.deliver(acknowledgement.pk) is False
    case = acknowledgement.case
    case.refresh_from_db()
    assert case.customer_unreachable_at is None  # our fault, not their address
    assert case.events.filter(kind="message_not_sent").count() == 1
    [told] = Notification.objects.filter(kind="message_not_sent")
    assert told.recipient == case.assignee and "after 2 tries" in told.body
