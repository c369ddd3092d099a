"""The conversation through the API: the acknowledgement at intake, updates and questions
sent once and threaded, the lexicon and the probing rule, and bad input."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from accounts.models import ApiKey
from cases.models import Case
from conversation import delivery
from conversation.models import AcknowledgementTemplate, Message

from ..factories import client_with_key

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
CASES = "/api/v1/cases/"
CASE = {
    "customer": {"email": "ana.souza@example.net", "name": "Ana Souza"},
    "title": "VIP - parcel to wrong address",
    "description": "My parcel was left with a neighbour three streets away.",
    "channel": "web", "category": "shipping", "severity": "high",
}


def messages_url(reference):
    return f"/api/v1/cases/{reference}/messages/"


@pytest.fixture
def logged(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(CASES, CASE, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def send(client, reference, capture, **body):
    with capture(execute=True):
        return client.post(messages_url(reference), body, format="json")


def test_a_new_case_is_acknowledged_at_once_with_what_happens_next(api, logged):
    [email] = mail.outbox
    reference = logged["reference"]
    assert email.to == ["ana.souza@example.net"]
    assert email.subject == f"[{reference}] We are sorry: Your delivery"
    assert "VIP" not in email.subject + email.body  # the internal title stays inside
    assert "We are sorry this happened" in email.body
    assert "left with a neighbour three streets away" in email.body  # their words
    assert reference in email.body and "We will write to you again by" in email.body
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    status_url = next(word for word in email.body.split() if "/status/" in word)
    page = Client().get(urlsplit(status_url).path)  # signed out
    assert page.status_code == 200 and "Your delivery" in page.content.decode()
    # The stored copy never holds the working link.
    stored = Message.objects.get(case__reference=reference)
    assert urlsplit(status_url).path not in stored.body + stored.html
    case = api.get(f"{CASES}{reference}/").json()
    assert case["first_responded_at"] is not None
    listed = api.get(messages_url(reference)).json()["results"]
    assert [(m["kind"], m["direction"], m["state"]) for m in listed] == [
        ("acknowledgement", "out", "sent")]
    assert listed[0]["message_id"] == email.extra_headers["Message-ID"]


@pytest.mark.parametrize("channel", ["phone", "in_person"])
def test_no_acknowledgement_by_email_where_the_agent_already_spoke(
        api, channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(CASES, {**CASE, "channel": channel}, format="json")
    assert response.status_code == 201
    assert mail.outbox == [] and not Message.objects.exists()
    assert response.json()["first_responded_at"] is None


def test_acknowledging_can_be_turned_off(api, settings, django_capture_on_commit_callbacks):
    settings.ACKNOWLEDGE_NEW_CASES = False
    with django_capture_on_commit_callbacks(execute=True):
        api.post(CASES, CASE, format="json")
    assert mail.outbox == []


def test_the_managers_template_words_the_acknowledgement(
        api, django_capture_on_commit_callbacks):
    AcknowledgementTemplate.objects.create(
        pk=1, subject="Sorry about {{ title }}", skip_channels=[],
        body="Hello {{ customer_name }}, reference {{ reference }}; by {{ resolve_by }}.")
    with django_capture_on_commit_callbacks(execute=True):
        reference = api.post(CASES, CASE, format="json").json()["reference"]
    [email] = mail.outbox
    assert email.subject == f"[{reference}] Sorry about Your delivery"
    assert email.body.startswith(f"Hello Ana Souza, reference {reference}; by ")


def test_a_question_then_an_update_go_out_once_each_threaded(
        agent_api, logged, django_capture_on_commit_callbacks):
    reference = logged["reference"]
    asked = send(agent_api, reference, django_capture_on_commit_callbacks, kind="question",
                 body="Did you keep the box? If so, we will collect it.")
    assert asked.status_code == 201, asked.content
    updated = send(agent_api, reference, django_capture_on_commit_callbacks, kind="update",
                   body="Your replacement left our warehouse today.")
    assert updated.status_code == 201
    ack, question, update = mail.outbox
    for email in (question, update):
        assert email.subject.startswith(f"[{reference}] ")
    assert question.extra_headers["In-Reply-To"] == ack.extra_headers["Message-ID"]
    assert update.extra_headers["In-Reply-To"] == question.extra_headers["Message-ID"]
    assert update.extra_headers["References"].split() == [
        ack.extra_headers["Message-ID"], question.extra_headers["Message-ID"]]
    assert "/status/" in question.body and "/status/" in update.body
    # A task run twice sends nothing more.
    assert delivery.deliver(updated.json()["id"]) is False
    assert len(mail.outbox) == 3
    case = Case.objects.get(reference=reference)
    assert case.waiting_on_customer
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds.count("message_sent") == 3 and "waiting_on_customer" in kinds


def test_apologise_before_you_probe(agent_api, agent, settings,
                                    django_capture_on_commit_callbacks):
    settings.ACKNOWLEDGE_NEW_CASES = False
    with django_capture_on_commit_callbacks(execute=True):
        reference = agent_api.post(CASES, CASE, format="json").json()["reference"]
    probe = "Did you check your spam folder?"
    early = send(agent_api, reference, django_capture_on_commit_callbacks, kind="question",
                 body=probe)
    assert early.status_code == 422
    assert {f["category"] for f in early.json()["findings"]} == {"dypii"}
    assert "acknowledge" in early.json()["findings"][0]["message"]
    ack = send(agent_api, reference, django_capture_on_commit_callbacks,
               kind="acknowledgement")
    assert ack.status_code == 201 and ack.json()["kind"] == "acknowledgement"
    again = send(agent_api, reference, django_capture_on_commit_callbacks,
                 kind="acknowledgement")
    assert again.status_code == 409
    in_update = send(agent_api, reference, django_capture_on_commit_callbacks, kind="update",
                     body=probe)
    assert in_update.status_code == 422  # probing belongs in a question, after the sorry
    asked = send(agent_api, reference, django_capture_on_commit_callbacks, kind="question",
                 body=probe)
    assert asked.status_code == 201
    assert [m.kind for m in Message.objects.filter(case__reference=reference)] == [
        "acknowledgement", "question"]


def test_banned_wording_is_refused_with_its_findings(agent_api, logged,
                                                     django_capture_on_commit_callbacks):
    refused = send(agent_api, logged["reference"], django_capture_on_commit_callbacks,
                   kind="update", body="Sorry, it's our policy.")
    assert refused.status_code == 422
    assert refused.json()["findings"][0]["category"] == "policy_speak"
    assert Message.objects.count() == 1 and len(mail.outbox) == 1  # the acknowledgement


@pytest.mark.parametrize("body, field", [
    ({"kind": "update", "body": ""}, "body"),
    ({"kind": "update"}, "body"),
    ({"kind": "update", "body": "x" * 5001}, "body"),
    ({"kind": "update", "body": "a\x00b"}, "body"),
    ({"kind": "update", "body": "a\x1bb"}, "body"),
    ({"kind": "apology", "body": "Sorry"}, "kind"),
    ({"body": "Sorry"}, "kind"),
])
def test_bad_messages_are_400_naming_the_field(agent_api, logged, body, field):
    response = agent_api.post(messages_url(logged["reference"]), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Message.objects.count() == 1


def test_integrations_read_their_own_conversation_but_do_not_write(api, logged):
    reference = logged["reference"]
    assert api.get(messages_url(reference)).status_code == 200
    refused = api.post(messages_url(reference), {"kind": "update", "body": "Hello"},
                       format="json")
    assert refused.status_code == 403
    other = client_with_key(ApiKey.objects.create_key(name="CRM")[1])
    assert other.get(messages_url(reference)).status_code == 404
    assert Message.objects.count() == 1


def test_a_repeated_request_sends_one_message(agent_api, logged,
                                              django_capture_on_commit_callbacks):
    headers = {"HTTP_IDEMPOTENCY_KEY": "update-1"}
    body = {"kind": "update", "body": "Your refund is on its way."}
    with django_capture_on_commit_callbacks(execute=True):
        first = agent_api.post(messages_url(logged["reference"]), body, format="json",
                               **headers)
        again = agent_api.post(messages_url(logged["reference"]), body, format="json",
                               **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Message.objects.filter(kind="update").count() == 1 and len(mail.outbox) == 2


def test_the_conversation_is_paged_oldest_first(agent_api, logged,
                                                django_capture_on_commit_callbacks):
    for n in range(3):
        send(agent_api, logged["reference"], django_capture_on_commit_callbacks,
             kind="update", body=f"Update number {n}.")
    page = agent_api.get(messages_url(logged["reference"]), {"page_size": 2}).json()
    assert [m["kind"] for m in page["results"]] == ["acknowledgement", "update"]
    rest = agent_api.get(page["next"]).json()
    assert [m["body"] for m in rest["results"]] == ["Update number 1.", "Update number 2."]


def test_acknowledging_adds_two_statements_to_intake(api):
    """The busiest write, pinned: with the acknowledgement, intake also writes the message
    and its event; its template, the next-update target and the organisation's name are
    kept by the process (`recovery.settled`; tests/cases/test_intake_api.py pins the rest)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.post(CASES, CASE, format="json")  # the customer exists now
    with CaptureQueriesContext(connection) as queries:
        response = api.post(CASES, {**CASE, "title": "Second"}, format="json")
    assert response.status_code == 201
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 8, statements
    assert sum(sql.startswith('INSERT INTO "conversation_message"') for sql in statements) == 1
