"""The apology email, delivered by a real Celery worker on Redis: once, whatever happens."""

import pytest
import redis

from apologies import flow
from apologies.models import ApologyMessage
from cases.intake import CustomerDetails
from conversation import delivery
from conversation.models import Message
from conversation.tasks import deliver_message, redeliver_messages

from ..factories import CaseFactory
from ..workers import wait_for
from .steps import GOOD, complete

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_worker_delivers_one_email_even_when_the_task_is_enqueued_again(
    agent, celery_worker_process
):
    case = CaseFactory(by=agent, assignee=agent,
                       customer=CustomerDetails(email="ines@example.fr", name="Inès Moreau"))
    complete(case, by=agent)
    message = flow.send_apology(case, by=agent)  # commits: the task is enqueued on commit

    def delivered():
        return ApologyMessage.objects.get(pk=message.pk).delivered_at is not None

    assert wait_for(delivered), "the worker never delivered the apology"
    # A retry or a duplicate enqueue must not send it again.
    sent = Message.objects.get(case=case, kind="apology")
    deliver_message.delay(sent.pk)
    deliver_message.delay(sent.pk)
    celery_worker_process.wait_until_idle()
    emails = [e for e in celery_worker_process.emails() if GOOD["regret"]["content"] in e]
    assert len(emails) == 1
    assert emails[0].count("To: ines@example.fr") == 1
    assert GOOD["regret"]["content"] in emails[0]
    assert case.events.filter(kind="apology_delivered").count() == 1


def test_an_apology_whose_task_was_lost_is_delivered_by_the_next_cycle(
    agent, celery_workers, settings
):
    settings.REMINDER_CLAIM_TIMEOUT = 1
    settings.ACKNOWLEDGE_NEW_CASES = False  # the apology is the case's one email here
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    message = flow.send_apology(case, by=agent)
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(celery_workers.queue)  # lost
    celery_workers.start()
    sent = Message.objects.get(case=case, kind="apology")
    assert wait_for(lambda: delivery.stalled() == [sent.pk], timeout=10)
    redeliver_messages()  # what beat runs every cycle
    assert wait_for(lambda: ApologyMessage.objects.get(pk=message.pk).delivered_at, timeout=20)
    celery_workers.wait_until_idle()
    assert len(celery_workers.emails()) == 1
