"""Promises written in the fix step are proposed as commitments with their date filled in
(issue 19): the form shows them as rows to confirm, change or clear, and the API answers
with `proposed_commitments`. Nothing is created without the agent."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from demo.apologies import OUTAGE_APOLOGY

from ..factories import CaseFactory
from .steps import complete
from .test_flow_api import BODIES, step_url, url
from .test_step_pages import form_data

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # a Monday
FIX = OUTAGE_APOLOGY[3]  # "… I will let you know the outcome of the review within a week."


@pytest.fixture
def case(agent):
    case = CaseFactory(by=agent, assignee=agent)
    return complete(case, "restore_value", "acknowledge", "explain", by=agent)


def page_step(case):
    return f"/cases/{case.reference}/steps/fix/"


def test_the_form_proposes_the_promise_of_the_sample_outage_apology(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        response = agent_client.post(page_step(case), form_data("fix", content=FIX))
    assert response.status_code == 200  # the form again, not a redirect: nothing saved
    page = response.content.decode()
    assert "You made a promise in this text." in page
    assert "I will let you know the outcome of the review within a week." in page
    assert 'value="I will let you know the outcome of the review"' in page
    assert 'value="2026-12-14T10:00"' in page  # due in seven days, filled in
    assert 'name="promises_reviewed"' in page
    assert not case.commitments.exists()
    assert not case.steps.filter(key="fix").exists()


def test_confirming_the_proposed_row_tracks_the_promise(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        agent_client.post(page_step(case), form_data(
            "fix", content=FIX, promises_reviewed="on",
            **{"commitments-0-description": "I will let you know the outcome of the review",
               "commitments-0-due_at": "2026-12-14T10:00"}))
    [commitment] = case.commitments.all()
    assert commitment.description == "I will let you know the outcome of the review"
    assert commitment.due_at == NOW + timedelta(days=7)
    assert case.steps.get(key="fix").is_complete


def test_clearing_the_proposed_row_completes_the_step_without_a_commitment(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        response = agent_client.post(page_step(case), form_data(
            "fix", content=FIX, promises_reviewed="on"))
    assert response.status_code == 302
    assert case.steps.get(key="fix").is_complete
    assert not case.commitments.exists()  # the agent's decision, never silently created


def test_a_promise_already_given_as_a_commitment_is_not_proposed(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        response = agent_client.post(page_step(case), form_data(
            "fix", content=FIX, **{"commitments-0-description": "Send the review's outcome",
                                   "commitments-0-due_at": "2026-12-14T09:00"}))
    assert response.status_code == 302
    assert case.commitments.count() == 1


def test_text_without_a_promise_completes_at_once(agent_client, case):
    response = agent_client.post(page_step(case), form_data("fix"))
    assert response.status_code == 302
    assert case.steps.get(key="fix").is_complete


def test_the_api_answers_with_the_proposed_commitments(agent_api, case):
    with time_machine.travel(NOW, tick=False):
        response = agent_api.post(step_url(case, "fix"), {"content": FIX}, format="json")
    assert response.status_code == 200, response.content
    [proposed] = response.json()["proposed_commitments"]
    assert proposed["description"] == "I will let you know the outcome of the review"
    assert proposed["due_at"] == "2026-12-14T10:00:00Z"
    assert proposed["text"].endswith("within a week.")
    assert not case.commitments.exists()
    assert response.json()["steps"][3]["state"] == "done"


def test_the_api_proposes_nothing_for_a_promise_given_as_a_commitment(agent_api, case):
    with time_machine.travel(NOW, tick=False):
        response = agent_api.post(step_url(case, "fix"), {"content": FIX, "commitments": [
            {"description": "Tell the customer the review's outcome",
             "due_at": (NOW + timedelta(days=7)).isoformat()}]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["proposed_commitments"] == []
    assert case.commitments.count() == 1
    other = agent_api.post(url(case, "apology/steps/regret/"), BODIES["regret"], format="json")
    assert "proposed_commitments" not in other.json()
