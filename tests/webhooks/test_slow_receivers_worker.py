"""Slow webhook receivers do not hold back customers' emails (issue 16, item 5): with a worker
on the default queue and one on the webhook queue, as production runs them, twelve
subscriptions to a receiver that takes ~10 s to answer leave the apology email's delay under
2 s. (Before the webhook queue and the short transactions, the same setup held the email
back ~60 s: the apology waited behind the twelve deliveries on the shared pool.)"""

import time

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey
from apologies import flow

from ..apologies.steps import complete
from ..factories import CaseFactory
from ..workers import wait_for

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_twelve_slow_receivers_do_not_delay_the_apology_email(
    agent, celery_workers, receiver, loopback_allowed
):
    hook = receiver(200, hold=10)  # each request waits ~10 s (released at the end)
    # Twelve subscriptions: more than one key may have (10), so two keys.
    for client, count in ((_key_client(agent, "CRM"), 10), (_key_client(agent, "Script"), 2)):
        for n in range(count):
            answer = client.post("/api/v1/webhooks/", {
                "url": f"{hook.url}-{n}", "events": ["case.apology_sent"]}, format="json")
            assert answer.status_code == 201, answer.json()
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    allowed = {"WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}
    celery_workers.start(queues=[celery_workers.queue], **allowed)
    celery_workers.start(queues=[celery_workers.webhook_queue], **allowed)

    started = time.monotonic()
    flow.send_apology(case, by=agent)  # commits: 12 deliveries and the email are enqueued
    arrived = wait_for(lambda: any(case.reference in email for email in celery_workers.emails()),
                       timeout=20, every=0.05)
    delay = time.monotonic() - started
    assert arrived, "the apology email never arrived"
    print(f"\napology email delay with 12 slow webhook subscribers: {delay:.2f} s")
    assert delay < 2, f"the apology email took {delay:.1f} s"
    # ...while the webhook worker really is busy with the slow receiver
    assert hook.arrived.wait(5) and len(hook.requests) >= 1
    hook.release()


def _key_client(user, name):
    _, raw = ApiKey.objects.create_key(name=name, user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client
