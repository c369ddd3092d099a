"""Approvals don't freeze the apology: while a remedy waits for a manager the agent writes
the other four steps; only sending waits; a declined remedy sends the agent back to step 1
with the manager's note. The case's stage, the read model (`Apology`) and the doors agree at
every moment."""

from decimal import Decimal

import pytest

from apologies import flow
from apologies.flow import approvals
from apologies.models import ApologyMessage, ApologyStep
from recovery.errors import Conflict

from ..factories import CaseFactory
from .steps import GOOD, complete

pytestmark = pytest.mark.django_db

LATER = ("acknowledge", "explain", "fix", "regret")


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


def propose(case, agent, cost="500.00"):
    return flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"], "cost": Decimal(cost),
        "content": "We will replace the vase with the hand-made edition."}, by=agent).approval


def states(case):
    return [row.state for row in flow.Apology.load(case).states]


def stage_agrees(case):
    """The case's stage is the read model's, whatever happened."""
    case.refresh_from_db()
    apology = flow.Apology.load(case)
    assert case.stage == apology.stage
    return case.stage


def test_the_agent_writes_steps_two_to_five_while_the_remedy_waits(case, agent):
    propose(case, agent)
    assert stage_agrees(case) == "acknowledge"
    assert states(case) == ["waiting_for_approval", "next", "todo", "todo", "todo"]
    for number, key in enumerate(LATER, start=2):
        outcome = flow.complete_step(case, key, dict(GOOD[key]), by=agent)
        assert outcome.step.is_complete
        stage = stage_agrees(case)
        assert stage == (LATER[number - 1] if number < 5 else "restore_value")
    apology = flow.Apology.load(case)
    assert states(case) == ["waiting_for_approval", "done", "done", "done", "done"]
    assert apology.next_step == "restore_value" and apology.is_drafted_in_full


def test_sending_waits_for_the_decision(case, agent):
    propose(case, agent)
    complete(case, *LATER, by=agent)
    with pytest.raises(Conflict) as refused:
        flow.send_apology(case, by=agent)
    assert refused.value.code == "awaiting_approval"
    assert not ApologyMessage.objects.filter(case=case).exists()
    assert not flow.Apology.load(case).can_send


def test_send_names_an_unwritten_step_before_the_waiting_remedy(case, agent):
    propose(case, agent)
    complete(case, "acknowledge", by=agent)
    with pytest.raises(flow.StepOutOfOrder, match="Explain the problem"):
        flow.send_apology(case, by=agent)


def test_approved_with_the_other_four_written_the_apology_is_ready(case, agent, manager):
    approval = propose(case, agent)
    complete(case, *LATER, by=agent)
    approvals.approve_remedy(approval, by=manager, note="Fine.")
    assert stage_agrees(case) == "ready"
    assert states(case) == ["done"] * 5
    assert flow.Apology.load(case).can_send
    flow.send_apology(case, by=agent)
    assert stage_agrees(case) == "sent"


def test_declined_sends_the_agent_back_to_step_one_with_the_note(case, agent, manager):
    approval = propose(case, agent)
    complete(case, *LATER, by=agent)
    approvals.decline_remedy(approval, by=manager, note="Offer a replacement vase instead.")
    assert stage_agrees(case) == "restore_value"
    apology = flow.Apology.load(case)
    assert apology.declined.decision_note == "Offer a replacement vase instead."
    assert apology.next_step == "restore_value" and apology.pending is None
    # the steps the agent wrote keep their text and stay complete
    assert states(case) == ["next", "done", "done", "done", "done"]
    assert ApologyStep.objects.filter(case=case, completed_at__isnull=False).count() == 4
    # the order of writing holds again: step 1 first
    with pytest.raises(flow.StepOutOfOrder, match="Restore lost value"):
        flow.complete_step(case, "explain", dict(GOOD["explain"]), by=agent)
    with pytest.raises(flow.StepOutOfOrder, match="Restore lost value"):
        flow.send_apology(case, by=agent)
    assert "decline" in case.events.last().kind


def test_a_new_proposal_after_a_decline_waits_again_then_sends(case, agent, manager):
    first = propose(case, agent)
    complete(case, *LATER, by=agent)
    approvals.decline_remedy(first, by=manager, note="Too much.")
    second = propose(case, agent, cost="300.00")
    assert stage_agrees(case) == "restore_value"  # nothing left to write but the decision
    assert flow.Apology.load(case).declined is None
    approvals.approve_remedy(second, by=manager)
    assert stage_agrees(case) == "ready"
    flow.send_apology(case, by=agent)
    assert stage_agrees(case) == "sent"


def test_a_remedy_within_the_limit_replaces_the_waiting_one(case, agent):
    propose(case, agent)
    complete(case, *LATER, by=agent)
    flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    assert stage_agrees(case) == "ready"
    assert flow.Apology.load(case).pending is None


def test_reading_the_apology_takes_three_queries(case, agent, django_assert_num_queries):
    propose(case, agent)
    complete(case, *LATER, by=agent)
    with django_assert_num_queries(3):
        apology = flow.Apology.load(case)
        assert [row.state for row in apology.states][0] == "waiting_for_approval"
        assert apology.pending.requested_by == agent
        assert apology.steps["explain"].completed_by == agent
