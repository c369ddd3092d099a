"""The apology email, delivered by a real Celery worker on Redis: once, whatever happens."""

import pytest

from apologies import flow
from apologies.models import ApologyMessage
from apologies.tasks import deliver_apology
from cases.intake import CustomerDetails

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
    deliver_apology.delay(message.pk)
    deliver_apology.delay(message.pk)
    celery_worker_process.wait_until_idle()
    emails = celery_worker_process.emails()
    assert len(emails) == 1
    assert emails[0].count("To: ines@example.fr") == 1
    assert GOOD["regret"]["content"] in emails[0]
    assert case.events.filter(kind="apology_delivered").count() == 1
