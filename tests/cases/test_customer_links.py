"""The customer's survey and status pages, reached by signed links in our emails."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from apologies import flow
from cases import links, reminders
from cases.models import Notification, Reminder, Survey

from ..apologies.steps import complete
from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_case(agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    case.refresh_from_db()
    return case


def send_due(at):
    with time_machine.travel(at):
        for pk in reminders.claim_due():
            reminders.send(pk)


def test_the_survey_email_goes_out_after_the_delay_with_a_working_link(
    client, sent_case, mailoutbox
):
    send_due(timezone.now() + timedelta(days=3, minutes=1))
    [email] = [m for m in mailoutbox if m.to == [sent_case.customer.email]
               and "How did we do" in m.subject]
    link = next(word for word in email.body.split() if "/survey/" in word)
    path = link.split("127.0.0.1:8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "How satisfied are you" in page.content.decode()
    assert Survey.objects.get(case=sent_case).sent_at is not None
    assert sent_case.events.filter(kind="survey_sent").count() == 1


def test_one_reminder_if_unanswered_and_none_once_answered(client, sent_case, mailoutbox):
    start = timezone.now()
    send_due(start + timedelta(days=3, minutes=1))
    send_due(start + timedelta(days=7, minutes=2))
    send_due(start + timedelta(days=20))
    surveys = [m for m in mailoutbox if m.to == [sent_case.customer.email]]
    assert [m.subject.startswith("A reminder") for m in surveys] == [False, True]


def test_an_answer_is_recorded_once_and_cancels_the_reminder(client, sent_case):
    send_due(timezone.now() + timedelta(days=3, minutes=1))
    url = links.survey_url(sent_case)
    response = client.post(url, {"csat": "5", "nps": "9", "comment": "Quick and kind."})
    assert "Thank you" in response.content.decode()
    survey = Survey.objects.get(case=sent_case)
    assert (survey.csat, survey.nps, survey.comment) == (5, 9, "Quick and kind.")
    assert not Reminder.objects.filter(case=sent_case, kind="survey_reminder").pending().exists()
    again = client.post(url, {"csat": "1", "nps": "0"})
    assert "we already have your answer" in again.content.decode()
    assert Survey.objects.get(case=sent_case).csat == 5
    sent_case.refresh_from_db()
    assert sent_case.status == "apology_sent"


def test_a_low_score_reopens_the_case_and_tells_the_managers(client, manager, sent_case):
    flow.resolve(sent_case, by=sent_case.assignee)
    client.post(links.survey_url(sent_case), {"csat": "1", "nps": "2", "comment": "Still broken."})
    sent_case.refresh_from_db()
    assert sent_case.status == "open"
    reopened = sent_case.events.get(kind="reopened")
    assert reopened.actor is None and "1/5" in reopened.note
    told = Notification.objects.get(recipient=manager, kind="low_score")
    assert "Still broken." in told.body


def test_bad_answers_are_field_errors(client, sent_case):
    response = client.post(links.survey_url(sent_case), {"csat": "9", "nps": "11"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"csat", "nps"}
    assert not Survey.objects.filter(case=sent_case, answered_at__isnull=False).exists()


@pytest.mark.parametrize("page", ["survey", "status"])
def test_a_tampered_link_is_refused_politely(client, sent_case, page):
    token = links.token(sent_case, page)
    forged = signing.dumps("SR-2026-000999", salt="something-else")
    for bad in [token[:-3] + "abc", forged, "nonsense"]:
        response = client.get(f"/{page}/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()


def test_a_survey_link_for_the_status_page_does_not_open_it(client, sent_case):
    response = client.get(f"/status/{links.token(sent_case, 'survey')}/")
    assert response.status_code == 400


def test_an_expired_link_says_so(client, sent_case):
    url = links.survey_url(sent_case)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_the_status_page_speaks_plainly_and_keeps_internal_things_out(client, agent):
    case = CaseFactory(by=agent, assignee=agent, title="Vase arrived broken")
    from cases import work

    work.add_note(case, "Customer sounds litigious; keep it short", by=agent)
    page = client.get(links.status_url(case)).content.decode()
    assert "Vase arrived broken" in page and "Received" in page
    assert "litigious" not in page and agent.email not in page and "Alex" not in page
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    page = client.get(links.status_url(case)).content.decode()
    assert page.count("✓") == 3  # received, being put right, apology sent
