"""Delivery you can see: the email service provider's tracking webhooks, through anymail's
own views with the provider's real payloads, move each message's state; a bounce flags the
case "customer unreachable by email" and tells the assignee."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from django.core import mail

from cases.intake import CustomerDetails
from cases.models import Case, Notification
from conversation import delivery
from conversation.models import Message

from ..factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
SECRET = "hook:secret"
POSTMARK = "/anymail/postmark/tracking/"


@pytest.fixture(autouse=True)
def provider(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "POSTMARK_SERVER_TOKEN": "server-token"}


@pytest.fixture
def acknowledged(agent, django_capture_on_commit_callbacks):
    """A case assigned to the agent, its acknowledgement sent (the provider's id for it
    recorded as Postmark gives ids)."""
    with django_capture_on_commit_callbacks(execute=True):
        case = CaseFactory(by=agent, assignee=agent)
    message = case.messages.get()
    assert message.state == "sent"
    Message.objects.filter(pk=message.pk).update(
        esp_message_id="883953f4-6105-42a2-a16a-77a8eac79483")
    mail.outbox.clear()
    message.refresh_from_db()
    return message


def basic(credentials=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def postmark_bounce(message, **changes):
    """Postmark's bounce webhook, as its documentation shows it."""
    return {
        "RecordType": "Bounce", "MessageStream": "outbound", "ID": 4323372036854775807,
        "Type": "HardBounce", "TypeCode": 1, "Name": "Hard bounce", "Tag": "",
        "MessageID": message.esp_message_id,
        "Metadata": {"message": str(message.pk), "case": message.case.reference},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, "
                       "mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": message.address, "From": "desk@example.com",
        "BouncedAt": "2026-12-01T16:33:54.9070259Z", "DumpAvailable": True, "Inactive": True,
        "CanActivate": True, "Subject": message.subject, **changes,
    }


def postmark_delivery(message, **changes):
    return {
        "RecordType": "Delivery", "ServerID": 23, "MessageStream": "outbound",
        "MessageID": message.esp_message_id, "Recipient": message.address, "Tag": "",
        "DeliveredAt": "2026-12-01T16:33:54.9070259Z",
        "Details": "Test delivery webhook details",
        "Metadata": {"message": str(message.pk), "case": message.case.reference},
        **changes,
    }


def post(client, payload, url=POSTMARK, **auth):
    return client.post(url, json.dumps(payload), content_type="application/json",
                       **(auth if auth else basic()))


def kinds(case):
    return list(case.events.order_by("created_at", "id").values_list("kind", flat=True))


def test_a_postmark_bounce_flags_the_case_and_tells_the_assignee(
        client, acknowledged, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, postmark_bounce(acknowledged))
    assert response.status_code == 200

    acknowledged.refresh_from_db()
    assert acknowledged.state == "bounced"
    assert "5.1.1" in acknowledged.state_detail
    case = Case.objects.get(pk=acknowledged.case_id)
    assert case.customer_unreachable and case.customer_unreachable_at is not None
    assert kinds(case)[-2:] == ["message_undeliverable", "customer_unreachable"]
    unreachable = case.events.get(kind="customer_unreachable")
    assert unreachable.to_value == acknowledged.address
    assert "acknowledgement could not be delivered" in unreachable.note

    told = Notification.objects.get(recipient=agent, kind="customer_unreachable")
    assert told.case == case and case.reference in told.subject
    [email] = mail.outbox
    assert email.to == [agent.email]
    assert f"Customer unreachable by email: {case.reference}" in email.subject
    assert acknowledged.address in email.body and "5.1.1" in email.body


def test_the_provider_id_alone_finds_the_message(client, acknowledged):
    payload = postmark_bounce(acknowledged, Metadata={})
    assert post(client, payload).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "bounced"


def test_our_metadata_alone_finds_the_message(client, acknowledged):
    Message.objects.filter(pk=acknowledged.pk).update(esp_message_id="")
    payload = postmark_bounce(acknowledged, MessageID="someone-elses",
                              Metadata={"message": str(acknowledged.pk)})
    assert post(client, payload).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "bounced"


@pytest.mark.parametrize("metadata", [
    {"message": "<pk>", "case": "SR-1999-000001"},  # another installation's message 1
    {"message": "99999999999999999999999999"},  # no id of ours (nor a bigint)
])
def test_an_event_that_is_not_about_our_message_changes_nothing(
        client, acknowledged, metadata):
    Message.objects.filter(pk=acknowledged.pk).update(esp_message_id="")
    metadata = {k: str(acknowledged.pk) if v == "<pk>" else v for k, v in metadata.items()}
    payload = postmark_bounce(acknowledged, Metadata=metadata, MessageID="unknown")
    assert post(client, payload).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"
    assert not Case.objects.get(pk=acknowledged.case_id).customer_unreachable


def test_an_event_for_another_recipient_changes_nothing(client, acknowledged):
    assert post(client, postmark_bounce(acknowledged, Email="x@elsewhere.test")
                ).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"


def test_a_delivery_marks_the_message_delivered(client, acknowledged):
    assert post(client, postmark_delivery(acknowledged)).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "delivered"
    case = Case.objects.get(pk=acknowledged.case_id)
    assert not case.customer_unreachable
    assert "message_undeliverable" not in kinds(case)


def test_a_delivered_after_a_bounce_leaves_the_bounce(client, acknowledged):
    assert post(client, postmark_bounce(acknowledged)).status_code == 200
    assert post(client, postmark_delivery(acknowledged)).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "bounced"
    case = Case.objects.get(pk=acknowledged.case_id)
    assert case.customer_unreachable
    assert "customer_reachable" not in kinds(case)


def test_a_second_bounce_is_one_more_event_but_no_second_alarm(
        client, acknowledged, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, postmark_bounce(acknowledged)).status_code == 200
        assert post(client, postmark_bounce(acknowledged)).status_code == 200
    case = Case.objects.get(pk=acknowledged.case_id)
    assert kinds(case).count("customer_unreachable") == 1
    assert Notification.objects.filter(kind="customer_unreachable").count() == 1


@pytest.mark.parametrize("auth", [
    {},  # no credentials
    basic("hook:wrong"),
    basic("someone:secret"),
    {"HTTP_AUTHORIZATION": "Bearer hook:secret"},
])
def test_a_webhook_without_the_secret_is_refused_and_changes_nothing(
        client, acknowledged, auth):
    response = client.post(POSTMARK, json.dumps(postmark_bounce(acknowledged)),
                           content_type="application/json", **auth)
    assert response.status_code == 400  # anymail's answer (a SuspiciousOperation)
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"
    case = Case.objects.get(pk=acknowledged.case_id)
    assert not case.customer_unreachable
    assert kinds(case)[-1] != "message_undeliverable"
    assert not Notification.objects.exists()


def test_without_a_webhook_secret_there_is_no_webhook(client, acknowledged, settings):
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token"}
    response = post(client, postmark_bounce(acknowledged))
    assert response.status_code == 404
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"


def test_opens_and_clicks_change_nothing(client, acknowledged):
    opened = {"RecordType": "Open", "MessageID": acknowledged.esp_message_id,
              "Recipient": acknowledged.address, "ReceivedAt": "2026-12-01T16:33:54Z",
              "Metadata": {"message": str(acknowledged.pk)}, "FirstOpen": True}
    assert post(client, opened).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"


def mailgun_failed(message, signing_key, **changes):
    """Mailgun's "failed" webhook (a permanent failure), signed as Mailgun signs it."""
    token, timestamp = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0", str(int(time.time()))
    signature = hmac.new(signing_key.encode(), f"{timestamp}{token}".encode(),
                         hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": "failed", "severity": "permanent", "reason": "bounce",
            "id": "G9Bn5sl1TC6ikUGCdWUQ", "timestamp": time.time(), "log-level": "error",
            "recipient": message.address, "tags": [],
            "user-variables": {"message": str(message.pk), "case": message.case.reference},
            "message": {"headers": {"to": message.address,
                                    "message-id": "20130503192659.13651.20287@mg.example.com",
                                    "from": "desk@example.com", "subject": message.subject}},
            "delivery-status": {"code": 550, "message": "5.1.1 The email account that you "
                                "tried to reach does not exist.",
                                "description": "", "attempt-no": 1},
            **changes,
        },
    }


def test_a_mailgun_permanent_failure_flags_the_case(client, acknowledged, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": "mg-key"}
    url = "/anymail/mailgun/tracking/"
    assert post(client, mailgun_failed(acknowledged, "mg-key"), url=url).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "bounced"
    assert "5.1.1" in acknowledged.state_detail
    assert Case.objects.get(pk=acknowledged.case_id).customer_unreachable


def test_a_mailgun_temporary_failure_or_a_forged_signature_changes_nothing(
        client, acknowledged, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": "mg-key"}
    url = "/anymail/mailgun/tracking/"
    deferred = mailgun_failed(acknowledged, "mg-key", severity="temporary")
    assert post(client, deferred, url=url).status_code == 200
    forged = mailgun_failed(acknowledged, "not-the-key")
    assert post(client, forged, url=url).status_code == 400
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"
    assert not Case.objects.get(pk=acknowledged.case_id).customer_unreachable


def test_the_provider_id_is_recorded_from_anymail(agent, settings,
                                                  django_capture_on_commit_callbacks):
    """anymail's test backend numbers the emails it takes (from 0) and sets
    `anymail_status` on each, as a real provider's backend does with the provider's id."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        first = CaseFactory(by=agent)
        second = CaseFactory(by=agent)
    assert [m.esp_message_id for m in Message.objects.filter(case__in=[first, second])
            .order_by("pk")] == ["0", "1"]
    assert mail.outbox[0].anymail_test_params["metadata"] == {
        "message": str(first.messages.get().pk), "case": first.reference}


def test_a_provider_refusing_the_recipient_marks_the_message_rejected(
        agent, monkeypatch, django_capture_on_commit_callbacks):
    from anymail.exceptions import AnymailRecipientsRefused

    def refuse(self, messages):
        raise AnymailRecipientsRefused("All message recipients were rejected or invalid")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        case = CaseFactory(by=agent, assignee=agent)
    message = case.messages.get()
    assert message.state == "rejected" and message.sent_at is None
    case.refresh_from_db()
    assert case.customer_unreachable and case.first_responded_at is None


def test_a_later_message_delivered_clears_unreachable(
        client, acknowledged, agent, django_capture_on_commit_callbacks):
    from conversation import writing

    assert post(client, postmark_bounce(acknowledged)).status_code == 200
    case = Case.objects.get(pk=acknowledged.case_id)
    with django_capture_on_commit_callbacks(execute=True):
        update = writing.send(case, "update", "We have found your parcel and it is on its "
                                               "way back to you.", by=agent)
    update.refresh_from_db()
    assert update.state == "sent" and update.sent_at > case.customer_unreachable_at
    assert post(client, postmark_delivery(update, MessageID="")).status_code == 200

    case.refresh_from_db()
    assert not case.customer_unreachable
    cleared = case.events.get(kind="customer_reachable")
    assert cleared.to_value == acknowledged.address and "delivered" in cleared.note
    assert cleared.label == "Customer reachable by email again"


def test_correcting_the_customers_email_clears_unreachable(
        client, acknowledged, manager_client, manager):
    """A manager corrects the customer's email on the desk (`/customers/<id>/edit/`)."""
    assert post(client, postmark_bounce(acknowledged)).status_code == 200
    case = Case.objects.get(pk=acknowledged.case_id)
    customer = case.customer
    other = CaseFactory(customer=CustomerDetails(email=customer.email, name="Pat Doe"))
    response = manager_client.post(f"/customers/{customer.pk}/edit/", {
        "email": "pat.doe@example.org", "name": customer.name, "company": "", "tier": "standard"})
    assert response.status_code == 302, response.content

    case.refresh_from_db()
    assert not case.customer_unreachable
    cleared = case.events.get(kind="customer_reachable")
    assert cleared.to_value == "pat.doe@example.org"
    assert acknowledged.address in cleared.note
    assert cleared.actor == manager
    assert not other.events.filter(kind="customer_reachable").exists()  # it was not flagged


def test_a_late_bounce_at_the_old_address_does_not_flag_the_case_again(
        client, acknowledged, admin_client):
    case = Case.objects.get(pk=acknowledged.case_id)
    customer = case.customer
    assert admin_client.post(f"/admin/cases/customer/{customer.pk}/change/", {
        "email": "pat.doe@example.org", "name": customer.name, "company": "", "tier": "standard"}
    ).status_code == 302
    assert post(client, postmark_bounce(acknowledged)).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "bounced"
    case.refresh_from_db()
    assert not case.customer_unreachable
    assert kinds(case)[-1] == "message_undeliverable"


@pytest.mark.parametrize("body", ["not json", "[]", '"Bounce"', '{"RecordType": "Bounce"',
                                  json.dumps({"RecordType": "SubscriptionChange"})])
def test_a_payload_anymail_cannot_read_is_a_400_not_a_500(client, acknowledged, body):
    response = client.post(POSTMARK, body, content_type="application/json", **basic())
    assert response.status_code == 400
    acknowledged.refresh_from_db()
    assert acknowledged.state == "sent"


def test_a_provider_failing_to_answer_leaves_the_message_to_retry(agent, monkeypatch):
    from anymail.exceptions import AnymailAPIError

    case = CaseFactory(by=agent)  # (its acknowledgement queued; the task not run)
    message = case.messages.get()

    def fail(self, messages):
        raise AnymailAPIError("Postmark API response 503 (Service Unavailable)")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", fail)
    with pytest.raises(delivery.TemporaryFailure):
        delivery.deliver(message.pk)
    message.refresh_from_db()
    assert (message.state, message.claimed_at, message.attempts) == ("queued", None, 1)
    assert "503" in message.last_error
    assert not Case.objects.get(pk=case.pk).customer_unreachable


def test_a_spam_complaint_is_on_the_timeline_but_does_not_flag_the_case(client, acknowledged):
    complaint = postmark_bounce(acknowledged, RecordType="SpamComplaint", Type="SpamComplaint",
                                TypeCode=512, Description="The subscriber explicitly marked "
                                "this message as spam.", Details="")
    assert post(client, complaint).status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.state == "complained"
    case = Case.objects.get(pk=acknowledged.case_id)
    assert kinds(case)[-1] == "message_complained" and not case.customer_unreachable
