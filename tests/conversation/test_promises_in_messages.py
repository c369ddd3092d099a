"""A promise written in a message to the customer is proposed as a commitment (issue 19):
the API answers with `proposed_commitments`; the case page asks "track it?" and tracks it
only when the agent says so."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # a Monday
PROMISE = "Thank you for your patience. We will call you on Friday to confirm the new date."


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


def test_the_api_answers_with_the_promise_and_its_date(agent_api, case):
    with time_machine.travel(NOW, tick=False):
        response = agent_api.post(f"/api/v1/cases/{case.reference}/messages/",
                                  {"kind": "update", "body": PROMISE}, format="json")
    assert response.status_code == 201, response.content
    [proposed] = response.json()["proposed_commitments"]
    assert proposed == {"description": "We will call you to confirm the new date",
                        "due_at": "2026-12-11T17:00:00Z",
                        "text": "We will call you on Friday to confirm the new date."}
    assert not case.commitments.exists()  # proposed, not made


def test_a_message_without_a_promise_proposes_nothing(agent_api, case):
    response = agent_api.post(f"/api/v1/cases/{case.reference}/messages/",
                              {"kind": "update", "body": "Your parcel arrived within a week."},
                              format="json")
    assert response.status_code == 201
    assert response.json()["proposed_commitments"] == []


def test_the_case_page_proposes_the_promise_and_tracks_it_on_request(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        sent = agent_client.post(f"/cases/{case.reference}/messages/",
                                 {"kind": "update", "body": PROMISE}, follow=True)
        page = sent.content.decode()
        assert "You promised “We will call you on Friday to confirm the new date.”" in page
        assert "track it as a commitment due Friday 11 December 2026, 17:00?" in page
        assert not case.commitments.exists()
        tracked = agent_client.post(f"/cases/{case.reference}/promises/track/",
                                    {"number": "0"}, follow=True).content.decode()
    assert "Tracked as a commitment: We will call you to confirm the new date" in tracked
    [commitment] = case.commitments.all()
    assert commitment.due_at == datetime(2026, 12, 11, 17, 0, tzinfo=UTC)
    assert commitment.owner is not None
    assert "You made a promise to the customer" not in tracked  # asked once
    again = agent_client.post(f"/cases/{case.reference}/promises/track/", {"number": "0"})
    assert again.status_code == 302 and case.commitments.count() == 1


def test_dismissing_the_proposal_tracks_nothing(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        agent_client.post(f"/cases/{case.reference}/messages/",
                          {"kind": "update", "body": PROMISE})
        page = agent_client.post(f"/cases/{case.reference}/promises/dismiss/",
                                 {"number": "0"}, follow=True).content.decode()
    assert "You made a promise to the customer" not in page
    assert not case.commitments.exists()


def test_a_proposal_gone_past_its_date_is_refused_with_a_message(agent_client, case):
    with time_machine.travel(NOW, tick=False):
        agent_client.post(f"/cases/{case.reference}/messages/",
                          {"kind": "update", "body": PROMISE})
    with time_machine.travel(NOW + timedelta(days=6), tick=False):
        page = agent_client.post(f"/cases/{case.reference}/promises/track/", {"number": "0"},
                                 follow=True).content.decode()
    assert "Not tracked: A commitment must be due in the future." in page
    assert not case.commitments.exists()
