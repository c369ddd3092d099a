"""The SLA clocks the conversation moves: the first response is the first message the
customer receives, the next update is due every N hours of the severity, and a question
pauses the resolution clock until the customer answers."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from cases.models import Case, Reminder
from conversation import clock, writing

from ..factories import CaseFactory, deliver_queued

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
START = timezone.now().replace(microsecond=0) + timedelta(days=1)


def pending(case, *kinds):
    return sorted((r.kind, r.due_at) for r in
                  Reminder.objects.filter(case=case, kind__in=kinds).pending())


def test_the_acknowledgement_stops_the_first_response_clock_and_starts_the_update_clock(agent):
    with time_machine.travel(START, tick=False):
        case = CaseFactory(by=agent, assignee=agent, severity="high")
        assert pending(case, "first_response_near", "first_response_breached")
        deliver_queued()
    case.refresh_from_db()
    assert case.first_responded_at == START
    assert not pending(case, "first_response_near", "first_response_breached")
    assert case.next_update_due_at == START + timedelta(hours=8)  # high: every 8 h
    assert pending(case, "update_due") == [("update_due", START + timedelta(hours=6))]  # 75 %
    with time_machine.travel(START + timedelta(hours=5), tick=False):
        writing.send(case, "update", "The courier collects the parcel today.", by=agent)
        deliver_queued()
    case.refresh_from_db()
    assert case.next_update_due_at == START + timedelta(hours=13)
    assert pending(case, "update_due") == [("update_due", START + timedelta(hours=11))]
    assert case.first_responded_at == START  # the first one counts


def test_a_question_pauses_the_resolution_clock_until_the_customer_answers(agent):
    with time_machine.travel(START, tick=False):
        case = CaseFactory(by=agent, assignee=agent, severity="high")
        deliver_queued()
    due = Case.objects.get(pk=case.pk).resolution_due_at
    assert due == START + timedelta(days=3)
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        writing.send(case, "question", "Which address should we send it to?", by=agent)
    case.refresh_from_db()
    assert case.waiting_on_customer
    assert not pending(case, "resolution_near", "resolution_breached", "update_due")
    with time_machine.travel(START + timedelta(hours=25), tick=False), transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        clock.waiting_ended(locked, timezone.now())
    case.refresh_from_db()
    assert not case.waiting_on_customer and case.waiting_minutes == 24 * 60
    assert case.resolution_due_at == due + timedelta(hours=24)
    assert pending(case, "resolution_breached") == [("resolution_breached", due
                                                     + timedelta(hours=24))]
    assert case.events.filter(kind="waiting_ended").count() == 1


def test_reminders_do_not_nag_while_the_case_waits_on_the_customer(agent):
    from cases import schedule

    with time_machine.travel(START, tick=False):
        case = CaseFactory(by=agent, assignee=agent, severity="high")
        deliver_queued()
    update_due = Reminder.objects.get(case=case, kind="update_due")
    writing.send(case, "question", "Which colour would you like instead?", by=agent)
    case.refresh_from_db()
    update_due.refresh_from_db()
    assert update_due.cancelled_at is not None
    assert not schedule.still_relevant(Reminder(case=case, kind="resolution_breached"))
