"""A commitment's due date must be within a sane horizon: year 9999 was a 500
(OverflowError when the overdue reminder added its grace period)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apologies.models import ApologyStep
from cases import work
from cases.models import Commitment, Reminder
from recovery.errors import RecoveryError

from ..factories import CaseFactory
from .steps import complete
from .test_flow_api import BODIES, url
from .test_step_pages import form_data, step_url

pytestmark = pytest.mark.django_db

FAR = ["9999-12-31T23:00:00Z", "2999-01-01T00:00:00Z"]


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


@pytest.mark.parametrize("due_at", FAR)
def test_the_api_refuses_a_commitment_due_centuries_ahead(agent_api, case, due_at):
    response = agent_api.post(url(case, "commitments/"),
                              {"description": "Call back", "due_at": due_at}, format="json")
    assert response.status_code == 400, response.content
    assert "years" in response.json()["due_at"][0]
    assert not Commitment.objects.exists() and not Reminder.objects.filter(
        commitment__isnull=False).exists()


def test_the_fix_step_over_the_api_refuses_it_too(agent_api, agent, case):
    complete(case, "restore_value", "acknowledge", "explain", by=agent)
    response = agent_api.post(url(case, "apology/steps/fix/"), {
        **BODIES["fix"], "commitments": [{"description": "Call back", "due_at": FAR[0]}],
    }, format="json")
    assert response.status_code == 400, response.content
    assert "due_at" in response.json()["commitments"][0]
    assert not Commitment.objects.exists()
    assert not ApologyStep.objects.filter(case=case, key="fix").exists()


def test_the_fix_step_form_says_so_next_to_the_field(agent_client, agent, case):
    complete(case, "restore_value", "acknowledge", "explain", by=agent)
    response = agent_client.post(step_url(case, "fix"), form_data(
        "fix", **{"commitments-0-description": "Call back",
                  "commitments-0-due_at": "9999-12-31T23:00"}))
    assert response.status_code == 200
    assert "within 5 years" in response.content.decode()
    assert not Commitment.objects.exists()
    assert not ApologyStep.objects.filter(case=case, key="fix").exists()


def test_the_domain_refuses_it_whoever_calls(agent, case):
    with pytest.raises(RecoveryError) as refused:
        work.add_commitment(case, "Call back", timezone.now().replace(year=9999), by=agent)
    assert refused.value.field == "due_at"
    assert not Commitment.objects.exists()


def test_a_commitment_within_the_horizon_is_fine(agent_api, case):
    due = timezone.now().replace(microsecond=0) + timedelta(days=4 * 365)
    response = agent_api.post(url(case, "commitments/"),
                              {"description": "Call back", "due_at": due.isoformat()},
                              format="json")
    assert response.status_code == 201, response.content
