"""A slow receiver holds nothing else up: no transaction or row lock is open while it answers,
an attempt is claimed by one sender at a time (a second one returns at once), a repeated task
does not skip the backoff, connecting gives up after a few seconds, and a key or person has at
most WEBHOOK_MAX_SUBSCRIPTIONS subscriptions."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from webhooks import sending, tasks
from webhooks.models import Delivery, Subscription

from ..cases.test_intake_api import BODY, CASES

pytestmark = pytest.mark.usefixtures("loopback_allowed", "sent_only_by_the_test")


@pytest.fixture
def sent_only_by_the_test(monkeypatch):
    """The task that would send each delivery after commit is not enqueued (in tests that
    commit, eager Celery would send it at once): each test sends when it means to."""
    monkeypatch.setattr(tasks.send_delivery, "delay", lambda *args: None)


def subscribe(client, url, events=("case.created",)):
    return client.post("/api/v1/webhooks/", {"url": url, "events": list(events)}, format="json")


def planned_delivery(api, url):
    assert subscribe(api, url).status_code == 201
    created = api.post(CASES, BODY, format="json")
    assert created.status_code == 201, created.json()
    return Delivery.objects.get()


def _in_another_connection(work):
    """Run `work` in a thread of its own, so on a database connection of its own."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as exc:  # reported to the test
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return outcome


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_row_is_locked_while_the_receiver_answers(api, receiver):
    hook = receiver(200)
    delivery = planned_delivery(api, hook.url)
    seen = {}

    def rows_free():
        with transaction.atomic():  # NOWAIT: an error at once if the sender holds a lock
            Delivery.objects.select_for_update(nowait=True).get(pk=delivery.pk)
            Subscription.objects.select_for_update(nowait=True).get(pk=delivery.subscription_id)
        return True

    hook.on_request = lambda: seen.update(_in_another_connection(rows_free))
    assert sending.send(delivery.pk) is True
    assert "error" not in seen, f"a row was locked during the HTTP call: {seen['error']!r}"
    assert seen["value"] is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_sender_of_the_same_attempt_returns_at_once_and_sends_nothing(api, receiver):
    hook = receiver(200, hold=5)
    delivery = planned_delivery(api, hook.url)
    first = threading.Thread(target=lambda: (sending.send(delivery.pk), connection.close()))
    first.start()
    assert hook.arrived.wait(5)  # the first attempt is at the receiver
    started = time.monotonic()
    assert sending.send(delivery.pk) is False  # another worker already sends it
    waited = time.monotonic() - started
    hook.release()
    first.join(10)
    assert waited < 1, f"the second sender waited {waited:.1f} s for the first"
    assert len(hook.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)


@pytest.mark.django_db
def test_a_repeated_task_after_a_failure_waits_for_the_backoff(api, receiver):
    hook = receiver(500)
    delivery = planned_delivery(api, hook.url)
    assert sending.send(delivery.pk) is False
    assert sending.send(delivery.pk) is False  # the task again (a retry, the sweep)
    delivery.refresh_from_db()
    assert len(hook.requests) == 1 and delivery.attempts == 1


@pytest.mark.django_db
def test_an_attempt_left_by_a_dead_worker_is_taken_over_later(api, receiver, settings):
    hook = receiver(200)
    delivery = planned_delivery(api, hook.url)
    Delivery.objects.filter(pk=delivery.pk).update(sending_since=timezone.now())
    assert sending.send(delivery.pk) is False and hook.requests == []  # in flight elsewhere
    long_ago = timezone.now() - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 1)
    Delivery.objects.filter(pk=delivery.pk).update(sending_since=long_ago)
    assert sending.send(delivery.pk) is True
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.sending_since is None


@pytest.fixture
def unanswered_port():
    """A port whose listen queue is full, so a new connection is never accepted (the
    SYN goes unanswered, as with a firewalled or overloaded host)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(server.getsockname())
        fillers.append(filler)
    time.sleep(0.2)
    yield server.getsockname()[1]
    for sock in (*fillers, server):
        sock.close()


@pytest.mark.django_db
def test_connecting_gives_up_long_before_the_read_timeout(
    api, monkeypatch, unanswered_port
):
    monkeypatch.setattr(sending, "CONNECT_TIMEOUT", 0.5)
    monkeypatch.setattr(sending, "READ_TIMEOUT", 10)
    delivery = planned_delivery(api, f"http://127.0.0.1:{unanswered_port}/hook")
    started = time.monotonic()
    assert sending.send(delivery.pk) is False
    assert time.monotonic() - started < 3
    delivery.refresh_from_db()
    assert delivery.last_error == "timed out"


def test_the_connect_timeout_is_short():
    assert sending.CONNECT_TIMEOUT <= 3 < sending.READ_TIMEOUT <= 10


@pytest.mark.django_db
def test_a_key_has_at_most_ten_subscriptions(api, agent_api):
    for n in range(10):
        assert subscribe(api, f"http://127.0.0.1:9/hook-{n}").status_code == 201
    over = subscribe(api, "http://127.0.0.1:9/hook-10")
    assert over.status_code == 400
    assert over.json() == {"non_field_errors": [
        "An API key (or person) may have at most 10 webhook subscriptions; delete one "
        "before adding another."]}
    assert Subscription.objects.count() == 10
    assert subscribe(agent_api, "http://127.0.0.1:9/theirs").status_code == 201  # per key
    first = api.get("/api/v1/webhooks/").json()[0]
    assert api.delete(f"/api/v1/webhooks/{first['id']}/").status_code == 204
    assert subscribe(api, "http://127.0.0.1:9/hook-10").status_code == 201


@pytest.mark.django_db
def test_the_cap_follows_its_setting_for_a_person_too(agent, client, settings):
    settings.WEBHOOK_MAX_SUBSCRIPTIONS = 2
    client.force_login(agent)
    body = {"url": "http://127.0.0.1:9/hook", "events": ["case.created"]}
    answers = [client.post("/api/v1/webhooks/", body, content_type="application/json")
               for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 400]
    assert "at most 2 webhook subscriptions" in answers[2].json()["non_field_errors"][0]
