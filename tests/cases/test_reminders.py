"""Which reminders a case gets, when they are cancelled, and sending them once
(cases.schedule, cases.reminders), in-process; the real-worker tests are beside this file."""

from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from apologies import flow
from cases import reminders, work
from cases.models import Notification, Reminder, ReminderPolicy

from ..apologies.steps import complete
from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent, severity="high")  # respond 4 h, resolve 3 d


def pending(case):
    return dict(Reminder.objects.filter(case=case).pending().values_list("kind", "due_at"))


def test_a_new_case_gets_warnings_escalations_and_an_idle_timer(case):
    opened = case.created_at
    assert pending(case) == {
        "first_response_near": opened + timedelta(hours=3),  # 75% of 4 hours
        "first_response_breached": opened + timedelta(hours=4),
        "resolution_near": opened + timedelta(days=3) * 0.75,
        "resolution_breached": opened + timedelta(days=3),
        "step_idle": opened + timedelta(hours=24),
    }


def test_the_policy_is_data(agent):
    ReminderPolicy.objects.filter(pk=1).update(warn_at_percent=50, step_idle_hours=2)
    case = CaseFactory(by=agent, severity="high")
    assert pending(case)["first_response_near"] == case.created_at + timedelta(hours=2)
    assert pending(case)["step_idle"] == case.created_at + timedelta(hours=2)


def test_a_completed_step_restarts_the_idle_timer(case, agent):
    complete(case, "restore_value", by=agent)
    idle = Reminder.objects.filter(case=case, kind="step_idle")
    states = {r.key.rsplit(":", 1)[-1]: r.cancelled_at is not None for r in idle}
    assert states == {"restore_value": True, "acknowledge": False}


def test_sending_the_apology_cancels_first_response_reminders_and_plans_the_survey(
    case, agent
):
    complete(case, by=agent)
    message = flow.send_apology(case, by=agent)
    assert set(pending(case)) == {"resolution_near", "resolution_breached", "survey"}
    assert pending(case)["survey"] == message.sent_at + timedelta(days=3)


def test_resolving_and_closing_cancel_what_no_longer_makes_sense(case, agent):
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    assert set(pending(case)) == {"survey"}
    flow.close(case, by=agent)
    assert set(pending(case)) == {"survey"}


def test_a_commitment_reminds_its_owner_and_escalates_until_kept(case, agent, other_agent):
    due = timezone.now() + timedelta(days=3)
    commitment = work.add_commitment(case, "Call the courier", due, owner=other_agent, by=agent)
    rows = Reminder.objects.filter(commitment=commitment)
    assert dict(rows.values_list("kind", "due_at")) == {
        "commitment_due": due - timedelta(hours=24),
        "commitment_overdue": due + timedelta(hours=2),
    }
    work.keep_commitment(commitment, by=other_agent)
    assert not rows.pending().exists()
    assert case.events.last().kind == "commitment_kept"


def test_a_commitment_due_soon_is_reminded_halfway(case, agent):
    commitment = work.add_commitment(case, "Ring back", timezone.now() + timedelta(hours=2),
                                     by=agent)
    due = Reminder.objects.get(commitment=commitment, kind="commitment_due").due_at
    assert timezone.now() + timedelta(minutes=55) < due < timezone.now() + timedelta(minutes=65)


def test_dispatch_claims_only_what_is_due(case):
    assert reminders.claim_due() == []
    with time_machine.travel(case.created_at + timedelta(hours=3, minutes=1)):
        ids = reminders.claim_due()
    assert [Reminder.objects.get(pk=pk).kind for pk in ids] == ["first_response_near"]
    assert reminders.claim_due(now=case.created_at + timedelta(hours=3, minutes=2)) == []


def test_a_stale_claim_is_claimed_again(case, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 60
    at = case.created_at + timedelta(hours=3, minutes=1)
    first = reminders.claim_due(now=at)
    assert reminders.claim_due(now=at + timedelta(seconds=30)) == []
    assert reminders.claim_due(now=at + timedelta(seconds=90)) == first
    assert Reminder.objects.get(pk=first[0]).attempts == 2


def test_the_warning_reaches_the_assignee_once(case, agent, mailoutbox):
    with (time_machine.travel(case.created_at + timedelta(hours=3, minutes=1)),
          TestCase.captureOnCommitCallbacks(execute=True)):  # the email leaves after commit
        [pk] = reminders.claim_due()
        assert reminders.send(pk) is True
        assert reminders.send(pk) is False  # a second run sends nothing
    assert [m.to for m in mailoutbox] == [[agent.email]]
    assert "First response due soon" in mailoutbox[0].subject
    assert Notification.objects.get(recipient=agent).emailed_at is not None
    assert case.events.last().kind == "reminder_first_response_near"


def test_a_breach_escalates_to_managers(case, manager, mailoutbox):
    with (time_machine.travel(case.created_at + timedelta(hours=4, minutes=1)),
          TestCase.captureOnCommitCallbacks(execute=True)):
        for pk in reminders.claim_due():
            reminders.send(pk)
    escalations = [m for m in mailoutbox if m.to == [manager.email]]
    assert len(escalations) == 1 and "first-response target missed" in escalations[0].subject
    assert case.events.filter(kind="escalated").count() == 1


def test_a_reminder_that_no_longer_makes_sense_is_cancelled_when_sent(case, agent, mailoutbox):
    at = case.created_at + timedelta(hours=3, minutes=1)
    [pk] = reminders.claim_due(now=at)
    case.first_responded_at = timezone.now()
    case.save()
    assert reminders.send(pk) is False
    assert Reminder.objects.get(pk=pk).cancelled_at is not None
    assert mailoutbox == []


def test_a_failing_reminder_is_pushed_forward(case, monkeypatch):
    at = case.created_at + timedelta(hours=3, minutes=1)
    [pk] = reminders.claim_due(now=at)

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(reminders, "_deliver", broken)
    with pytest.raises(RuntimeError):
        reminders.send(pk)
    row = Reminder.objects.get(pk=pk)
    assert row.sent_at is None and row.claimed_at is None
    assert row.due_at > timezone.now() and "template exploded" in row.last_error


def test_the_daily_digest_lists_breaching_cases_for_each_manager(case, manager, mailoutbox):
    with (time_machine.travel(case.created_at + timedelta(hours=5)),
          TestCase.captureOnCommitCallbacks(execute=True)):
        assert reminders.plan_digests() == 1
        assert reminders.plan_digests() == 1  # planned once per day: same key
        digest = Reminder.objects.get(kind="digest")
        reminders.send(digest.pk)
    digests = [m for m in mailoutbox if m.subject.startswith("Daily digest")]
    assert len(digests) == 1 and case.reference in digests[0].body


def test_the_tables_every_intake_writes_carry_only_the_indexes_that_are_read():
    """Each index is one more page written per row: intake writes a case, an event and five
    reminders into tables of millions. No LIKE index on keys nobody searches, no index a
    wider one already starts with, mostly-empty keys indexed only where set."""
    from django.db import connection

    def indexes(table):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        return {tuple(info["columns"]) for info in found.values() if info["index"]}

    reminder = indexes("cases_reminder")
    assert reminder == {("key",), ("case_id", "kind"), ("due_at",),
                        ("commitment_id",), ("recipient_id",)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename IN "
                       "('cases_reminder', 'cases_case', 'cases_caseevent')")
        definitions = [row[0] for row in cursor.fetchall()]
    assert not [d for d in definitions if "pattern_ops" in d and "reference" not in d]
    partial = [d for d in definitions if "IS NOT NULL" in d]
    for column in ("commitment_id", "recipient_id", "source_key_id", "incident_id", "api_key_id"):
        assert any(f"({column}" in d for d in partial), column
    assert ("case_id",) not in indexes("cases_caseevent")


def test_the_dispatcher_cycle_with_nothing_due_takes_a_fixed_number_of_queries(
        case, django_assert_num_queries):
    """`make bench`'s dispatcher row: with reminders pending and none due, a cycle is one
    index read of the due reminders (no transaction to claim nothing), one of the
    notifications to email, and one UPDATE of its heartbeat: 3 statements."""
    from cases.tasks import dispatch_reminders

    assert Reminder.objects.filter(sent_at__isnull=True).count() >= 5
    dispatch_reminders()
    with django_assert_num_queries(3):
        assert dispatch_reminders() == 0
