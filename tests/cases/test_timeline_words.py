"""The case page's timeline in people's words: statuses by their names, people by their
names, fields by their labels; never a raw key or a desk person's email."""

import re

import pytest
from django.contrib.auth import get_user_model

from apologies import flow
from cases import work

from ..apologies.steps import complete
from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


def timeline_of(page: str) -> str:
    return page.split('id="timeline"', 1)[1].split("</section>", 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_status_changes_read_as_the_statuses_names(agent_client, agent,
                                                    django_capture_on_commit_callbacks):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    flow.reopen(case, by=agent, note="The customer wrote again")
    timeline = timeline_of(agent_client.get(case.get_absolute_url()).content.decode())
    words = text_of(timeline)
    assert "Apology sent Open → Apology sent" in words
    assert "Resolved Apology sent → Resolved" in words
    assert "Reopened Resolved → Open" in words
    for raw in ("apology_sent", "→ open", "→ resolved", "open →"):
        assert raw not in words, raw
    assert "Case opened Recovery Desk" not in words  # opened says nothing more than its label


def test_assignments_name_people_not_their_emails(agent_client, agent, other_agent):
    case = CaseFactory(by=agent, assignee=agent)
    work.assign(case, other_agent, by=agent)
    work.assign(case, None, by=agent)
    words = text_of(timeline_of(agent_client.get(case.get_absolute_url()).content.decode()))
    assert "Assigned Alex Agent" in words  # at logging
    assert "Assigned Alex Agent → Sam Second" in words
    assert "Unassigned Sam Second → nobody" in words
    assert agent.email not in words and other_agent.email not in words


def test_an_email_whose_person_is_gone_is_shown_as_recorded(agent_client, agent, other_agent):
    case = CaseFactory(by=agent, assignee=other_agent)
    work.assign(case, agent, by=agent)
    email = other_agent.email
    get_user_model().objects.filter(pk=other_agent.pk).delete()
    words = text_of(timeline_of(agent_client.get(case.get_absolute_url()).content.decode()))
    assert f"Assigned {email} → Alex Agent" in words


def test_edited_details_name_the_fields_by_their_labels(agent_client, agent):
    case = CaseFactory(by=agent)
    work.edit_case(case, {"customer_title": "Your vase", "severity": "high"}, by=agent)
    words = text_of(timeline_of(agent_client.get(case.get_absolute_url()).content.decode()))
    assert "Details changed Customer title, Severity" in words
    assert "customer_title" not in words


def test_sending_the_apology_shows_one_banner(agent_client, agent,
                                             django_capture_on_commit_callbacks):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(f"/cases/{case.reference}/apology/send/", follow=True)
    page = response.content.decode()
    assert page.count("Apology sent to") == 1
    banner = page.split('id="apology-sent"', 1)[1].split("</p>", 1)[0]
    assert f"Apology sent to {case.customer.email} on " in banner
    assert len(re.findall(r'class="alert alert-success', page)) == 1


def test_names_for_recorded_emails_take_one_query_however_many_assignments(
        agent_client, agent, django_assert_max_num_queries):
    from ..conversation.test_case_page import CASE_PAGE_QUERIES
    from ..factories import make_user

    case = CaseFactory(by=agent)
    for n in range(3):
        work.assign(case, make_user(first_name="Kim", last_name=f"No{n}"), by=agent)
    work.assign(case, None, by=agent)  # the people named are neither actors nor the assignee
    agent_client.get(case.get_absolute_url())  # the desk's shared lists in the cache
    with django_assert_max_num_queries(CASE_PAGE_QUERIES + 1):
        page = agent_client.get(case.get_absolute_url()).content.decode()
    words = text_of(timeline_of(page))
    assert "Kim No0 → Kim No1" in words and "@desk.test" not in words
