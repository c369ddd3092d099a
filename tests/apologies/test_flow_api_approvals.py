"""The API while a remedy waits for a manager: the steps go on, sending answers 409
`awaiting_approval`, and `GET …/apology/` (step states, `next_step`, `stage`, the approval)
agrees with the case's `stage` in the list at every moment."""

import pytest

from ..factories import CaseFactory
from .test_flow_api import BODIES, KEYS, complete, step_url, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


def read(client, case):
    body = client.get(url(case, "apology/")).json()
    listed = client.get("/api/v1/cases/", {"stage": body["stage"]}).json()["results"]
    assert case.reference in [row["reference"] for row in listed]  # the queue agrees
    return body


def propose(client, case):
    response = client.post(step_url(case, "restore_value"),
                           {**BODIES["restore_value"], "cost": "500"}, format="json")
    assert response.status_code == 202, response.content
    return response.json()


def decide(manager_api, case, decision, note=""):
    response = manager_api.post(url(case, "apology/approval/"),
                                {"decision": decision, "note": note}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_steps_two_to_five_are_written_while_the_remedy_waits(agent_api, case):
    propose(agent_api, case)
    complete(agent_api, case, *KEYS[1:])
    body = read(agent_api, case)
    assert [row["state"] for row in body["steps"]] == [
        "waiting_for_approval", "done", "done", "done", "done"]
    assert (body["next_step"], body["stage"]) == ("restore_value", "restore_value")
    assert body["approval"]["status"] == "pending"


def test_send_is_refused_while_the_remedy_waits(agent_api, case):
    propose(agent_api, case)
    complete(agent_api, case, *KEYS[1:])
    refused = agent_api.post(url(case, "apology/send/"))
    assert refused.status_code == 409
    assert refused.json()["code"] == "awaiting_approval"
    assert "approval" in refused.json()["detail"]
    assert read(agent_api, case)["sent_at"] is None


def test_approved_the_apology_is_ready_and_sends(agent_api, manager_api, case):
    propose(agent_api, case)
    complete(agent_api, case, *KEYS[1:])
    body = decide(manager_api, case, "approve")
    assert (body["next_step"], body["stage"]) == (None, "ready")
    assert [row["state"] for row in body["steps"]] == ["done"] * 5
    sent = agent_api.post(url(case, "apology/send/"))
    assert sent.status_code == 200 and sent.json()["stage"] == "sent"


def test_declined_the_agent_is_back_at_step_one_with_the_note(agent_api, manager_api, case):
    propose(agent_api, case)
    complete(agent_api, case, *KEYS[1:])
    body = decide(manager_api, case, "decline", "Offer a replacement instead.")
    assert (body["next_step"], body["stage"]) == ("restore_value", "restore_value")
    assert [row["state"] for row in body["steps"]] == ["next", "done", "done", "done", "done"]
    assert (body["approval"]["status"], body["approval"]["decision_note"]) == (
        "declined", "Offer a replacement instead.")
    assert read(agent_api, case)["stage"] == "restore_value"
    refused = agent_api.post(url(case, "apology/send/"))
    assert refused.status_code == 409 and refused.json()["step"] == "restore_value"
    complete(agent_api, case, "restore_value")  # a remedy within the limit
    assert read(agent_api, case)["stage"] == "ready"
