"""Webhooks: subscriptions through the API, signed deliveries to a receiver on loopback
(allowed by `WEBHOOK_ALLOWED_NETWORKS`), retries with backoff, redelivery, no redirects, and
disabling after a day of failures."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apologies import flow
from cases.models import Notification
from webhooks import sending
from webhooks.models import Delivery, Subscription

from ..apologies.steps import complete
from ..cases.test_intake_api import BODY, CASES
from ..factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]
SECRET = "a-long-shared-secret-for-tests"


def subscribe(client, url, events=("case.created", "case.apology_sent")):
    response = client.post("/api/v1/webhooks/", {"url": url, "events": list(events),
                                                 "secret": SECRET}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def verify(headers, body, secret=SECRET):
    fields = dict(part.split("=", 1) for part in headers["X-Recovery-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def test_a_new_case_is_posted_signed_to_the_subscriber(
    api, receiver, django_capture_on_commit_callbacks
):
    hook = receiver(200)
    subscribe(api, hook.url)
    with django_capture_on_commit_callbacks(execute=True):
        case = api.post(CASES, BODY, format="json").json()
    [(headers, body)] = hook.requests
    assert verify(headers, body)
    assert not verify(headers, body, secret="another-secret-entirely")
    payload = json.loads(body)
    assert payload["event"] == "case.created"
    assert payload["case"]["reference"] == case["reference"]
    assert headers["X-Recovery-Delivery"] == payload["delivery_id"]
    assert Delivery.objects.get().status == "succeeded"


def test_an_integration_hears_only_about_its_own_cases(
    api, agent, receiver, django_capture_on_commit_callbacks
):
    hook = receiver(200)
    subscribe(api, hook.url)
    with django_capture_on_commit_callbacks(execute=True):
        CaseFactory(by=agent)
    assert hook.requests == [] and not Delivery.objects.exists()


def test_a_failing_receiver_is_retried_with_backoff_then_succeeds(api, receiver):
    hook = receiver(500, 503, 200)
    subscribe(api, hook.url)
    api.post(CASES, BODY, format="json")
    delivery = Delivery.objects.get()
    assert sending.send(delivery.pk) is False
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (1, 500)
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert sending.claim_due() == []  # not due yet
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert sending.claim_due() == [delivery.pk]
        assert sending.send(delivery.pk) is False
    delivery.refresh_from_db()
    first_wait = timedelta(minutes=1)
    assert delivery.next_attempt_at - timezone.now() > first_wait  # the wait grows
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert sending.send(delivery.pk) is True
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)
    ids = {headers["X-Recovery-Delivery"] for headers, _ in hook.requests}
    assert len(hook.requests) == 3 and len(ids) == 1  # the same delivery id each time


def test_redirects_are_not_followed(api, receiver):
    hook = receiver(302)
    subscribe(api, hook.url)
    api.post(CASES, BODY, format="json")
    delivery = Delivery.objects.get()
    assert sending.send(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.last_status_code == 302 and delivery.status == "pending"


def test_redelivery_by_hand(api, receiver, django_capture_on_commit_callbacks):
    hook = receiver(200)
    subscription = subscribe(api, hook.url)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(CASES, BODY, format="json")
    delivery = Delivery.objects.get()
    log = api.get(f"/api/v1/webhooks/{subscription['id']}/deliveries/").json()
    assert log[0]["last_status_code"] == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/webhooks/{subscription['id']}/deliveries/{delivery.pk}/redeliver/")
    assert response.status_code == 202
    assert len(hook.requests) == 2


def test_a_subscription_failing_for_a_day_is_disabled_and_its_owner_told(
    agent_api, agent, receiver
):
    hook = receiver(500)
    subscribe(agent_api, hook.url, events=["case.apology_sent"])
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    delivery = Delivery.objects.get()
    start = timezone.now()
    for hours in (0, 2, 6, 12, 25):
        with time_machine.travel(start + timedelta(hours=hours)):
            Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
            sending.send(delivery.pk)
    subscription = Subscription.objects.get()
    assert not subscription.is_active and "failed since" in subscription.disabled_reason
    assert Notification.objects.filter(recipient=agent, kind="webhook_disabled").exists()


@pytest.mark.parametrize("body, field", [
    ({"url": "ftp://example.com/hook", "events": ["case.created"]}, "url"),
    ({"url": "https://example.com/hook", "events": ["case.exploded"]}, "events"),
    ({"url": "https://example.com/hook", "events": []}, "events"),
])
def test_bad_subscriptions_are_400(api, body, field):
    response = api.post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_subscriptions_are_private_to_their_key(api, agent_api):
    mine = subscribe(api, "https://example.com/hook")
    assert "secret" not in api.get("/api/v1/webhooks/").json()[0]
    assert agent_api.get(f"/api/v1/webhooks/{mine['id']}/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{mine['id']}/").status_code == 204


def test_a_subscription_added_hears_the_next_event(api):
    """The active subscriptions are kept by each process (recovery.settled): a new one is
    in the audience of the very next event."""
    api.post(CASES, {**BODY, "external_id": "first"}, format="json")  # the audience is kept
    assert not Delivery.objects.exists()
    subscribed = api.post("/api/v1/webhooks/", {
        "url": "http://127.0.0.1:9/desk", "events": ["case.created"],
        "secret": "a-long-shared-secret-for-tests"}, format="json")
    assert subscribed.status_code == 201
    api.post(CASES, {**BODY, "external_id": "second"}, format="json")
    assert Delivery.objects.filter(event="case.created").count() == 1
