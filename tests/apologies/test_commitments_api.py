"""Commitments over the REST API: /api/v1/cases/{reference}/commitments/ and marking one
kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import work
from cases.models import Commitment

from ..factories import CaseFactory
from .test_flow_api import kinds, later, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


def test_make_and_list_commitments(agent_api, agent, other_agent, case):
    due = later(days=2)
    response = agent_api.post(url(case, "commitments/"),
                              {"description": "Send the replacement vase", "due_at": due},
                              format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert set(made) == {"id", "description", "owner", "due_at", "state", "kept_at",
                         "released_at", "release_reason", "created_at"}
    assert made["state"] == "open"
    assert made["owner"] == agent.email  # the case's assignee
    assert made["description"] == "Send the replacement vase"
    second = agent_api.post(url(case, "commitments/"),
                            {"description": "Call to check it arrived", "due_at": later(days=1),
                             "owner": other_agent.email}, format="json")
    assert second.status_code == 201
    listed = agent_api.get(url(case, "commitments/")).json()
    assert [c["description"] for c in listed] == ["Call to check it arrived",
                                                  "Send the replacement vase"]
    assert listed[0]["owner"] == other_agent.email
    assert "commitment_added" in kinds(case)


@pytest.mark.parametrize("body, field", [
    ({"description": "Call back", "due_at": later(days=-1)}, "due_at"),
    ({"description": "", "due_at": later()}, "description"),
    ({"description": "Call back"}, "due_at"),
    ({"description": "Call back", "due_at": "tomorrow"}, "due_at"),
    ({"description": "Call back", "due_at": later(), "owner": "nobody@example.com"}, "owner"),
])
def test_invalid_commitments_are_400(agent_api, case, body, field):
    response = agent_api.post(url(case, "commitments/"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Commitment.objects.exists()


def test_an_outsider_cannot_own_a_commitment(agent_api, outsider, case):
    response = agent_api.post(url(case, "commitments/"), {
        "description": "Call back", "due_at": later(), "owner": outsider.email,
    }, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()


def test_a_commitment_is_marked_kept_through_the_api(agent_api, agent, case):
    commitment = work.add_commitment(case, "Refund the fee", timezone.now() + timedelta(days=1),
                                     by=agent)
    response = agent_api.post(f"/api/v1/cases/{case.reference}/commitments/{commitment.pk}/kept/")
    assert response.status_code == 200 and response.json()["kept_at"]
    missing = agent_api.post(f"/api/v1/cases/{case.reference}/commitments/999999/kept/")
    assert missing.status_code == 404
