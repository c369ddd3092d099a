"""Beat resumes a "Send to all" run whose worker died: the pending items of a run that has
not moved for REMINDER_CLAIM_TIMEOUT seconds are handed to the workers again, and nobody
gets a second apology. A run that is moving is left alone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings

from apologies.models import ApologyMessage
from incidents import linking, sending
from incidents.models import BulkSend
from incidents.tasks import resume_stalled_sends

from ..factories import CaseFactory
from .helpers import make_incident

pytestmark = pytest.mark.django_db
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _run_whose_worker_died(manager, agent, capture, cases=4, sent=2):
    """A run started at START whose tasks were lost after `sent` cases (a killed worker)."""
    incident = make_incident(manager)
    linked = [CaseFactory(by=agent) for _ in range(cases)]
    linking.link(incident, linked, by=agent)
    with time_machine.travel(START, tick=False):
        with capture(execute=False):  # the run's task never reaches a worker
            bulk = sending.start(incident, by=manager)
        remedies = list(incident.remedies.all())
        with capture(execute=True):
            for item in bulk.items.order_by("pk")[:sent]:
                sending.send_item(item.pk, bulk, remedies)
    return bulk, linked


def _sweep(at, capture, execute=True):
    with time_machine.travel(at, tick=False), capture(execute=execute) as callbacks:
        resumed = resume_stalled_sends()
    return resumed, callbacks


def test_beat_resumes_a_run_that_stopped_and_nobody_gets_two(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    bulk, cases = _run_whose_worker_died(manager, agent, django_capture_on_commit_callbacks)
    assert sending.progress(bulk)["pending"] == 2
    assert len(mailoutbox) == 2

    later = START + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60)
    resumed, _ = _sweep(later, django_capture_on_commit_callbacks)

    assert resumed == 1
    bulk.refresh_from_db()
    assert bulk.status == "finished"
    assert sending.progress(bulk) | {"percent": None} == {
        "total": 4, "sent": 4, "skipped": 0, "answered": 0, "failed": 0, "pending": 0,
        "done": 4, "percent": None}
    assert ApologyMessage.objects.filter(case__in=cases).count() == 4
    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.customer.email for c in cases)
    # the next sweep finds nothing to do
    resumed, callbacks = _sweep(later + timedelta(minutes=10), django_capture_on_commit_callbacks)
    assert resumed == 0 and callbacks == []
    assert len(mailoutbox) == 4


def test_a_run_that_is_moving_is_left_alone(manager, agent, django_capture_on_commit_callbacks):
    bulk, _ = _run_whose_worker_died(manager, agent, django_capture_on_commit_callbacks)

    # a minute after it started: its workers may still be at it
    resumed, callbacks = _sweep(START + timedelta(minutes=1), django_capture_on_commit_callbacks)

    assert resumed == 0 and callbacks == []
    bulk.refresh_from_db()
    assert bulk.status == "running" and sending.progress(bulk)["pending"] == 2


def test_a_run_that_sent_a_case_recently_is_left_alone(
        manager, agent, django_capture_on_commit_callbacks):
    bulk, _ = _run_whose_worker_died(manager, agent, django_capture_on_commit_callbacks, sent=0)
    late = START + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60)
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        item = bulk.items.order_by("pk").first()
        sending.send_item(item.pk, bulk, list(bulk.incident.remedies.all()))

    resumed, callbacks = _sweep(late + timedelta(seconds=30), django_capture_on_commit_callbacks)

    assert resumed == 0 and callbacks == []
    assert sending.progress(bulk)["pending"] == 3


def test_a_resumed_run_is_not_handed_out_again_until_it_stalls_again(
        manager, agent, django_capture_on_commit_callbacks):
    """With every worker down, beat hands the run out once per timeout, not every cycle."""
    bulk, _ = _run_whose_worker_died(manager, agent, django_capture_on_commit_callbacks)
    stalled = START + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60)
    resumed, callbacks = _sweep(stalled, django_capture_on_commit_callbacks, execute=False)
    assert resumed == 1 and len(callbacks) == 1  # its task is lost again

    resumed, callbacks = _sweep(stalled + timedelta(seconds=settings.REMINDER_DISPATCH_SECONDS),
                                django_capture_on_commit_callbacks)
    assert resumed == 0 and callbacks == []
    resumed, _ = _sweep(stalled + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60),
                        django_capture_on_commit_callbacks)
    assert resumed == 1
    assert BulkSend.objects.get(pk=bulk.pk).status == "finished"


def test_pressing_the_button_again_counts_as_progress(
        manager, agent, django_capture_on_commit_callbacks):
    bulk, _ = _run_whose_worker_died(manager, agent, django_capture_on_commit_callbacks)
    pressed = START + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60)
    with time_machine.travel(pressed, tick=False), \
            django_capture_on_commit_callbacks(execute=False):
        sending.start(bulk.incident, by=manager)  # its task is in the broker now

    resumed, callbacks = _sweep(pressed + timedelta(seconds=30), django_capture_on_commit_callbacks)

    assert resumed == 0 and callbacks == []


def test_beat_sweeps_stalled_runs_every_dispatch_cycle():
    entry = next(entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
                 if entry["task"] == "incidents.tasks.resume_stalled_sends")
    assert entry["schedule"] == settings.REMINDER_DISPATCH_SECONDS
