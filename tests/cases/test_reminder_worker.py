"""Reminders through a real Celery worker on Redis and PostgreSQL: sent exactly once across
a worker killed mid-batch, Redis flushed empty, and two dispatchers at once.

The test process plays beat: it calls `reminders.dispatch()` as the periodic task would.
"""

import os
import signal
import threading
from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.utils import timezone

from cases import reminders, work
from cases.models import CaseEvent, Notification, Reminder

from ..factories import CaseFactory
from ..workers import wait_for

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SLOW = "tests.slow_mail.SlowFileBackend"


def due_commitments(agent, count, in_seconds=0):
    """`count` commitments, each on a case of its own (so each is an email of its own, not
    grouped with the others: `cases.notify`), each with its 'due soon' reminder due now."""
    due = timezone.now() + timedelta(hours=1)
    for number in range(count):
        case = CaseFactory(by=agent, assignee=agent)
        work.add_commitment(case, f"Promise {number}", due, owner=agent, by=agent)
    send_at = timezone.now() + timedelta(seconds=in_seconds)
    Reminder.objects.filter(kind="commitment_due").update(due_at=send_at)
    return CaseEvent.objects.filter(kind="reminder_commitment_due")


def dispatch_until_sent(timeout=40):
    def all_sent():
        reminders.dispatch()
        return not Reminder.objects.filter(kind="commitment_due", sent_at__isnull=True).exists()

    return wait_for(all_sent, timeout=timeout, every=0.5)


def dispatch_until_emailed(timeout=40):
    """Beat's sweep, again and again, until every notification's email went (one claimed by
    a dead worker goes stale, and is sent again)."""
    def all_emailed():
        reminders.dispatch()
        return not Notification.objects.filter(emailed_at__isnull=True).exists()

    return wait_for(all_emailed, timeout=timeout, every=0.5)


def emails_per_promise(emails, count):
    return [sum(f"“Promise {n}”" in email for email in emails) for n in range(count)]


def test_a_commitment_due_in_seconds_gives_one_email_and_one_event(agent, celery_workers):
    celery_workers.start()
    events = due_commitments(agent, 1, in_seconds=2)
    assert reminders.dispatch() == []  # not due yet
    assert dispatch_until_sent()
    celery_workers.wait_until_idle()
    emails = celery_workers.emails()
    assert len(emails) == 1 and f"To: {agent.email}" in emails[0]
    assert "Promise 0" in emails[0]
    assert events.count() == 1


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(
    agent, celery_workers, settings
):
    settings.REMINDER_CLAIM_TIMEOUT = 3  # a claim left by the dead worker is retried soon
    events = due_commitments(agent, 12)
    first = celery_workers.start(email_backend=SLOW, REMINDER_CLAIM_TIMEOUT="3")
    assert len(reminders.dispatch()) == 12
    assert wait_for(lambda: 2 <= len(celery_workers.emails()), timeout=20)
    os.kill(first.pid, signal.SIGKILL)  # mid-batch: one send in flight, the rest queued
    first.wait()
    # The reminders are quick (a notification each); their emails, slow, were under way.
    assert 2 <= len(celery_workers.emails()) < 12
    celery_workers.start(email_backend=SLOW, REMINDER_CLAIM_TIMEOUT="3")
    assert dispatch_until_sent(timeout=60)
    assert dispatch_until_emailed(timeout=60)
    celery_workers.wait_until_idle()
    assert emails_per_promise(celery_workers.emails(), 12) == [1] * 12
    assert events.count() == 12


def test_redis_flushed_mid_way_loses_nothing(agent, celery_workers, settings):
    """The broker's database emptied, as a Redis restarted without persistence would be.
    FLUSHDB, not FLUSHALL: other runs on the same Redis (another database) keep theirs;
    run the suite serially (as `make test` does), since tests share this database."""
    settings.REMINDER_CLAIM_TIMEOUT = 3
    events = due_commitments(agent, 5)
    assert len(reminders.dispatch()) == 5  # enqueued, then the broker forgets everything
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    celery_workers.start(REMINDER_CLAIM_TIMEOUT="3")
    assert dispatch_until_sent()
    assert dispatch_until_emailed()
    celery_workers.wait_until_idle()
    assert emails_per_promise(celery_workers.emails(), 5) == [1] * 5
    assert events.count() == 5


def test_two_dispatchers_at_once_claim_each_reminder_once(agent, celery_workers):
    due_commitments(agent, 40)
    claimed, barrier = [], threading.Barrier(2)

    def dispatcher():
        try:
            barrier.wait()
            claimed.append(reminders.dispatch())
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    all_ids = [pk for ids in claimed for pk in ids]
    assert len(all_ids) == len(set(all_ids)) == 40
    celery_workers.start()
    assert dispatch_until_sent()
    celery_workers.wait_until_idle()
    assert emails_per_promise(celery_workers.emails(), 40) == [1] * 40
