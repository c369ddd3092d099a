"""'Send to all' through a real Celery worker on Redis and PostgreSQL: a worker killed in the
middle of the run, then the run started again (or resumed by beat's sweep), and every
customer has exactly one apology."""

import os
import signal
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apologies.models import ApologyMessage
from conversation.tasks import redeliver_messages
from incidents import linking, sending
from incidents.models import BulkSend
from incidents.tasks import resume_stalled_sends

from ..factories import CaseFactory
from ..workers import wait_for
from .helpers import make_incident

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CASES = 60


def _sent(bulk):
    return sending.progress(bulk)["sent"]


def _kill_mid_run(incident, manager, celery_workers):
    first = celery_workers.start()
    bulk = sending.start(incident, by=manager)
    assert wait_for(lambda: _sent(bulk) >= 5, timeout=30, every=0.05)
    os.kill(first.pid, signal.SIGKILL)  # mid-run: some cases sent, most not
    first.wait(timeout=10)
    assert 5 <= _sent(bulk) < CASES, "the worker should die mid-run"
    assert BulkSend.objects.get(pk=bulk.pk).status == "running"
    return bulk


def _each_customer_got_one_apology(cases, celery_workers):
    assert ApologyMessage.objects.filter(case__in=cases).count() == CASES
    # Deliveries the dead worker had taken (prefetched, unacknowledged) are lost to it;
    # beat enqueues undelivered apologies again once their claim is stale. Play beat.
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=True):
        redeliver_messages()
    assert wait_for(lambda: not ApologyMessage.objects.filter(
        case__in=cases, delivered_at__isnull=True).exists(), timeout=60)
    celery_workers.wait_until_idle()
    recipients = [line.split(": ", 1)[1] for email in celery_workers.emails()
                  for line in email.splitlines() if line.startswith("To: ")]
    assert sorted(recipients) == sorted(case.customer.email for case in cases)
    for case in cases:
        assert case.events.filter(kind="incident_sent").count() == 1


def _resumed_by_beat(incident, manager, bulk):
    # Nobody presses the button. Beat's sweep (called here as beat calls it), once the run
    # has not moved for longer than the timeout, hands it out again.
    assert resume_stalled_sends() == 0  # it moved a moment ago: left alone
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=True):
        assert resume_stalled_sends() == 1


def _started_again(incident, manager, bulk):
    again = sending.start(incident, by=manager)  # the manager presses "Send to all" again
    assert again.pk == bulk.pk


@pytest.mark.parametrize("resume", [_resumed_by_beat, _started_again],
                         ids=["resumed by beat", "started again"])
def test_a_worker_killed_mid_run_sends_each_apology_once_when_the_run_resumes(
        agent, manager, celery_workers, resume):
    incident = make_incident(manager)
    cases = [CaseFactory(by=agent) for _ in range(CASES)]
    linking.link(incident, cases, by=agent)
    bulk = _kill_mid_run(incident, manager, celery_workers)

    celery_workers.start()
    resume(incident, manager, bulk)
    assert wait_for(lambda: BulkSend.objects.get(pk=bulk.pk).status == "finished", timeout=60)
    assert _sent(bulk) == CASES
    _each_customer_got_one_apology(cases, celery_workers)


def test_two_workers_racing_over_one_run_send_each_customer_one_apology(
        agent, manager, celery_workers):
    """Eight customers with three cases each, their cases interleaved, and the run handed out
    twice to two workers at once (as "Send to all (resume)" does): each customer's cases are
    settled by one worker at a time, and each customer gets one email, with their oldest
    case; their other cases are answered by it."""
    from cases.intake import CustomerDetails
    from incidents.models import BulkSendItem

    incident = make_incident(manager)
    customers = [CustomerDetails(email=f"person{n}@example.com", name=f"Person {n}")
                 for n in range(8)]
    cases = [CaseFactory(by=agent, customer=customer) for _ in range(3) for customer in customers]
    linking.link(incident, cases, by=agent)
    oldest = {}
    for case in cases:  # created in this order: the first per customer is the oldest
        oldest.setdefault(case.customer_id, case)

    celery_workers.start()
    celery_workers.start()
    bulk = sending.start(incident, by=manager)
    assert sending.start(incident, by=manager).pk == bulk.pk  # handed out a second time
    assert wait_for(lambda: BulkSend.objects.get(pk=bulk.pk).status == "finished", timeout=60)

    counts = sending.progress(bulk)
    assert (counts["sent"], counts["answered"], counts["failed"]) == (8, 16, 0)
    assert sorted(ApologyMessage.objects.filter(case__in=cases).values_list("case", flat=True)
                  ) == sorted(case.pk for case in oldest.values())
    for item in BulkSendItem.objects.filter(bulk_send=bulk, state="answered"):
        assert item.answered_by == oldest[item.case.customer_id]
    celery_workers.wait_until_idle()
    recipients = [line.split(": ", 1)[1] for email in celery_workers.emails()
                  for line in email.splitlines() if line.startswith("To: ")]
    assert sorted(recipients) == sorted(customer.email for customer in customers)
