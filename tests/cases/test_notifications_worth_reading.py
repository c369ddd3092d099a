"""Notifications worth reading (issue 20, item 3): plain-text subjects, no "due soon" after
the due time, honest idle wording, and notifications settled when what they asked for is
done."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from apologies import flow
from apologies.flow import approvals
from cases import reminders
from cases.models import Notification, Reminder

from ..apologies.steps import GOOD, complete
from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    # high: respond within 4 h (warned at 3 h), resolve within 3 days
    return CaseFactory(by=agent, assignee=agent, severity="high",
                       title="Customer's vase arrived broken")


def send_due(at):
    """Beat and the worker at `at`: due reminders sent, and their emails after commit."""
    with time_machine.travel(at), TestCase.captureOnCommitCallbacks(execute=True):
        for pk in reminders.claim_due():
            reminders.send(pk)


def test_a_reminder_subject_is_plain_text_not_html_escaped(case, agent, mailoutbox):
    send_due(case.created_at + timedelta(hours=3, minutes=1))
    [email] = mailoutbox
    title = "Customer's vase arrived broken"
    assert email.subject == f"First response due soon: {case.reference} {title}"
    assert "&#x27;" not in Notification.objects.get(recipient=agent).subject


def test_due_soon_is_not_sent_once_the_due_time_has_passed(case, agent, manager, mailoutbox):
    # The dispatcher was down: at 5 h both the warning and the breach are due; only the
    # breach is true, and the warning is cancelled rather than sent late.
    send_due(case.created_at + timedelta(hours=5))
    subjects = [m.subject for m in mailoutbox]
    assert not any("due soon" in s for s in subjects), subjects
    assert any("first-response target missed" in s for s in subjects)
    near = Reminder.objects.get(case=case, kind="first_response_near")
    assert near.sent_at is None and near.cancelled_at is not None


def test_due_soon_goes_once_before_the_due_time(case, agent, mailoutbox):
    send_due(case.created_at + timedelta(hours=3, minutes=1))
    send_due(case.created_at + timedelta(hours=3, minutes=30))
    assert [m.subject.startswith("First response due soon") for m in mailoutbox] == [True]


def test_idle_reminder_says_how_long_the_case_has_waited(case, agent, mailoutbox):
    send_due(case.created_at + timedelta(hours=24, minutes=5))
    [idle] = [m for m in mailoutbox if m.subject.startswith("Waiting in")]
    assert "0 minutes" not in idle.body
    assert "(1\xa0day" in idle.body  # since the case was opened, a day ago


def propose(case, agent):
    return flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"], "cost": Decimal("500.00"),
        "content": "We will replace the vase with the hand-made edition."}, by=agent).approval


def waiting_for(manager, case):
    return Notification.objects.filter(recipient=manager, case=case,
                                       kind="approval_requested")


@pytest.mark.parametrize("decide", ["approve", "decline"])
def test_remedy_waiting_for_approval_is_done_once_decided(case, agent, manager, decide):
    approval = propose(case, agent)
    assert waiting_for(manager, case).unread().count() == 1
    if decide == "approve":
        approvals.approve_remedy(approval, by=manager)
    else:
        approvals.decline_remedy(approval, by=manager, note="Offer a replacement instead.")
    assert waiting_for(manager, case).unread().count() == 0
    # The agent's own news (approved/declined) is new, and unread.
    news = Notification.objects.filter(recipient=agent, kind=f"remedy_{decide}d")
    assert news.unread().exists()


def test_remedy_waiting_is_done_when_the_agent_withdraws_it(case, agent, manager):
    propose(case, agent)
    # a remedy within the agent's limit replaces the waiting one
    flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    assert waiting_for(manager, case).unread().count() == 0


def test_a_settled_notification_is_not_emailed(case, agent, manager, mailoutbox):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        approval = propose(case, agent)
        approvals.approve_remedy(approval, by=manager)
    for callback in callbacks:
        callback()
    assert not any("waiting for approval" in m.subject for m in mailoutbox)
    assert any(m.subject.startswith("Remedy approved") for m in mailoutbox)
    assert reminders.unsent_notifications(case.created_at + timedelta(hours=1)) == []


def test_first_response_notifications_are_done_when_the_apology_is_sent(case, agent):
    send_due(case.created_at + timedelta(hours=3, minutes=1))
    assert Notification.objects.filter(recipient=agent).unread().count() == 1
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    near = Notification.objects.filter(recipient=agent, kind="first_response_near")
    assert near.count() == 1 and near.unread().count() == 0


def html_of(email):
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    return html


def test_a_reminder_is_html_with_absolute_links_and_a_text_part(case, agent, mailoutbox,
                                                                   settings):
    settings.SITE_URL = "http://desk.test:8123"
    send_due(case.created_at + timedelta(hours=3, minutes=1))
    [email] = mailoutbox
    link = f"http://desk.test:8123{case.get_absolute_url()}"
    assert link in email.body and "<a" not in email.body
    html = html_of(email)
    assert f'href="{link}"' in html and "Customer&#x27;s vase" in html
    assert 'href="http://desk.test:8123/notifications/"' in html


def test_a_notification_email_is_html_with_links_and_a_text_part(case, agent, manager,
                                                                    mailoutbox, settings):
    settings.SITE_URL = "http://desk.test:8123"
    with TestCase.captureOnCommitCallbacks(execute=True):
        propose(case, agent)
    [email] = [m for m in mailoutbox if m.to == [manager.email]]
    assert email.subject == f"Remedy waiting for approval: {case.reference} {case.title}"
    link = f"http://desk.test:8123{case.get_absolute_url()}"
    assert f"{case.reference}: {link}" in email.body
    html = html_of(email)
    assert f'href="{link}"' in html and "hand-made edition" in html
    assert "<script" not in html


def test_the_digest_links_each_breaching_case(case, manager, mailoutbox):
    with (time_machine.travel(case.created_at + timedelta(hours=5)),
          TestCase.captureOnCommitCallbacks(execute=True)):
        reminders.plan_digests()
        reminders.send(Reminder.objects.get(kind="digest").pk)
    [digest] = [m for m in mailoutbox if m.subject.startswith("Daily digest")]
    assert f'{case.get_absolute_url()}"' in html_of(digest)


def chosen(page):
    """{group: mode} as the settings page shows them checked."""
    return dict(re.findall(r'name="email_(\w+)" value="(\w+)"[^>]*checked',
                           page.content.decode()))


EVERYTHING_AT_ONCE = {f"email_{key}": "now" for key in (
    "warnings", "idle", "escalations", "digest", "approvals", "decisions", "customers")}


def test_a_person_chooses_which_notifications_come_by_email(case, agent, agent_client,
                                                            mailoutbox):
    page = agent_client.get("/notifications/settings/")
    assert page.status_code == 200 and "Due soon" in page.content.decode()
    assert set(chosen(page).values()) == {"now"} and len(chosen(page)) == 7  # until they choose
    saved = agent_client.post("/notifications/settings/", {
        **EVERYTHING_AT_ONCE, "email_warnings": "off", "digest_hour": "7"}, follow=True)
    assert "Your email choices are saved." in saved.content.decode()
    assert chosen(saved)["warnings"] == "off" and chosen(saved)["idle"] == "now"
    send_due(case.created_at + timedelta(hours=3, minutes=1))
    assert mailoutbox == []  # the warning is not emailed...
    near = Notification.objects.get(recipient=agent, kind="first_response_near")
    assert near.emailed_at is None and near.read_at is None  # ...but shown in the app
    assert reminders.unsent_notifications(timezone.now() + timedelta(hours=4)) == []
    send_due(case.created_at + timedelta(hours=24, minutes=5))
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Waiting in “Restore lost value”"]


def test_a_notification_kind_turned_off_is_not_emailed(case, agent, manager, mailoutbox):
    from cases import notify

    notify.choose_emails(manager, {"approvals": "off", "no-such-group": "off",
                                   "decisions": "nonsense"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        propose(case, agent)
    assert not [m for m in mailoutbox if m.to == [manager.email]]
    assert waiting_for(manager, case).unread().count() == 1
    assert manager.notification_choices.emails == {"approvals": "off"}


def test_an_unknown_choice_is_a_form_error(agent_client):
    response = agent_client.post("/notifications/settings/", {
        **EVERYTHING_AT_ONCE, "email_idle": "sometimes", "digest_hour": "24"})
    assert response.status_code == 200
    assert response.content.decode().count("Select a valid choice") == 2


def test_one_resolution_due_soon_even_when_the_customer_answers_after_it(case, agent,
                                                                         mailoutbox):
    """The warning went out; then the case waited on the customer, who answered: the
    target moved, but a second "due soon" for it the moment they answer says nothing new."""
    from cases import schedule

    warned_at = case.created_at + timedelta(days=3) * 0.75 + timedelta(minutes=1)
    def warnings_emailed():
        return sum((m.subject + m.body).count("Resolution due soon") for m in mailoutbox)

    send_due(warned_at)  # with the day-old idle reminder, in one email
    assert warnings_emailed() == 1
    schedule.resolution_paused(case)
    with time_machine.travel(warned_at + timedelta(hours=2)):
        schedule.resolution_resumed(case, timezone.now())
    kinds = set(Reminder.objects.filter(case=case).pending().values_list("kind", flat=True))
    assert "resolution_near" not in kinds and "resolution_breached" in kinds
    send_due(warned_at + timedelta(hours=2, minutes=1))
    assert warnings_emailed() == 1


def test_a_due_soon_sent_just_before_its_target_is_not_emailed_after_it(agent, mailoutbox,
                                                                        settings):
    """The email waits NOTIFICATION_GROUP_SECONDS for more news about the case: a warning
    whose target passes meanwhile is not emailed (it stays on the Notifications page)."""
    from cases import work

    case = CaseFactory(by=agent, assignee=agent)
    due = timezone.now() + timedelta(hours=1)
    commitment = work.add_commitment(case, "Ring back", due, owner=agent, by=agent)
    Reminder.objects.filter(commitment=commitment, kind="commitment_due").update(
        due_at=due - timedelta(seconds=30))
    with time_machine.travel(due - timedelta(seconds=29), tick=False), \
            TestCase.captureOnCommitCallbacks(execute=False) as enqueued:
        for pk in reminders.claim_due():
            reminders.send(pk)
    with time_machine.travel(due + timedelta(seconds=settings.NOTIFICATION_GROUP_SECONDS - 29),
                             tick=False):
        for task in enqueued:
            task()
    assert not [m for m in mailoutbox if "Commitment due" in m.subject]
    assert Notification.objects.filter(recipient=agent, kind="commitment_due").exists()
