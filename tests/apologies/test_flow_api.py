"""The apology flow over the REST API: /api/v1/cases/{reference}/apology/…, commitments and
the case's transitions."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiKey
from apologies.models import ApologyStep, RemedyApproval
from cases.intake import CustomerDetails
from cases.models import Case, CaseEvent, Commitment

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
KEYS = ["restore_value", "acknowledge", "explain", "fix", "regret"]
BODIES = {
    "restore_value": {
        "content": "We have refunded the full price of the vase and added a 20 euro voucher.",
        "remedy_type": "refund", "value_to_customer": "80.00", "cost": "45.00",
        "currency": "eur",
    },
    "acknowledge": {"content": "We made a mistake: we packed your vase without protection, "
                               "and that is our responsibility."},
    "explain": {"content": "Our packing team used the wrong box size for fragile items.",
                "root_cause": "process"},
    "fix": {"content": "We have changed our packing checklist so fragile items are always "
                       "double-boxed."},
    "regret": {"content": "We are truly sorry that your anniversary gift arrived broken."},
}


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent, customer=CustomerDetails(
        email="ines@example.fr", name="Inès Moreau"))


def url(case, tail=""):
    return f"/api/v1/cases/{case.reference}/{tail}"


def step_url(case, key):
    return url(case, f"apology/steps/{key}/")


def later(**delta):
    return (timezone.now() + timedelta(**(delta or {"days": 3}))).isoformat()


def complete(client, case, *keys):
    for key in keys or KEYS:
        response = client.post(step_url(case, key), BODIES[key], format="json")
        assert response.status_code == 200, response.content


def send(client, case):
    complete(client, case)
    response = client.post(url(case, "apology/send/"))
    assert response.status_code == 200, response.content
    return response


def kinds(case):
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


# --- The five steps and sending ------------------------------------------------------------

def test_five_steps_in_order_then_send_emails_the_customer_once(
    agent_api, agent, other_agent, case, mailoutbox, django_capture_on_commit_callbacks
):
    body = agent_api.get(url(case, "apology/")).json()
    assert (body["next_step"], body["stage"], body["status"]) == ("restore_value",
                                                                 "restore_value", "open")
    assert [s["state"] for s in body["steps"]] == ["next", "todo", "todo", "todo", "todo"]
    fix = {**BODIES["fix"], "commitments": [
        {"description": "Check the new packing checklist with the team", "due_at": later(),
         "owner": other_agent.email.upper()},
    ]}
    for number, key in enumerate(KEYS, start=1):
        response = agent_api.post(step_url(case, key), fix if key == "fix" else BODIES[key],
                                  format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["findings_for_step"] == []
        row = body["steps"][number - 1]
        assert (row["key"], row["number"], row["state"]) == (key, number, "done")
        assert row["content"] == BODIES[key]["content"]
        assert row["completed_by"] == agent.email and row["completed_at"]
        assert body["next_step"] == (KEYS[number] if number < 5 else None)

    assert body["stage"] == "ready" and body["message"] is None and body["sent_at"] is None
    remedy, _, explain, *_ = body["steps"]
    assert (remedy["remedy_type"], remedy["value_to_customer"], remedy["cost"],
            remedy["currency"]) == ("refund", "80.00", "45.00", "EUR")
    assert "root_cause" not in remedy and "remedy_type" not in explain
    assert explain["root_cause"] == "process"
    assert set(body["findings"]) == set(KEYS)
    [promise] = body["commitments"]
    assert promise["owner"] == other_agent.email and promise["kept_at"] is None

    with django_capture_on_commit_callbacks(execute=True):
        response = agent_api.post(url(case, "apology/send/"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["stage"], body["next_step"]) == ("apology_sent", "sent", None)
    assert body["sent_at"] and body["message"]["to_email"] == "ines@example.fr"
    assert BODIES["regret"]["content"] in body["message"]["text"]
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ines@example.fr"]
    assert "Inès Moreau" in email.body
    positions = [email.body.index(BODIES[key]["content"]) for key in KEYS]
    assert positions == sorted(positions)

    again = agent_api.post(url(case, "apology/send/"))
    assert again.status_code == 409
    assert again.json()["code"] == "already_sent"
    edit = agent_api.post(step_url(case, "regret"), BODIES["regret"], format="json")
    assert (edit.status_code, edit.json()["code"]) == (409, "already_sent")
    assert len(mailoutbox) == 1


def test_a_step_out_of_order_is_409_naming_the_step_to_do_first(agent_api, case):
    response = agent_api.post(step_url(case, "regret"), BODIES["regret"], format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["step"]) == ("step_out_of_order", "restore_value")
    assert "Restore lost value" in body["detail"]
    assert not ApologyStep.objects.filter(case=case).exists()


def test_send_before_the_five_steps_is_409(agent_api, case):
    complete(agent_api, case, "restore_value", "acknowledge")
    response = agent_api.post(url(case, "apology/send/"))
    assert response.status_code == 409
    assert response.json()["step"] == "explain"


def test_banned_language_is_422_listing_it_and_nothing_is_written(agent_api, case):
    complete(agent_api, case, "restore_value")
    before = kinds(case)
    text = "Sorry, but it's our policy to pack vases this way."
    response = agent_api.post(step_url(case, "acknowledge"), {"content": text}, format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "lexicon_blocked" and "it's our policy" in body["detail"]
    found = [text[f["start"]:f["end"]] for f in body["findings"]]
    assert "it's our policy" in found
    assert all(f["blocking"] for f in body["findings"])
    assert not ApologyStep.objects.filter(case=case, key="acknowledge").exists()
    assert kinds(case) == before
    case.refresh_from_db()
    assert case.stage == "acknowledge"


def test_cautions_come_back_with_the_step(agent_api, case):
    response = agent_api.post(step_url(case, "restore_value"), {
        **BODIES["restore_value"],
        "content": "We refunded the vase; we apologise for any inconvenience.",
    }, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["findings_for_step"] and not any(
        f["blocking"] for f in body["findings_for_step"])
    assert body["findings"]["restore_value"] == body["findings_for_step"]


def test_a_remedy_above_the_agents_limit_waits_for_approval(agent_api, agent, case):
    response = agent_api.post(step_url(case, "restore_value"),
                              {**BODIES["restore_value"], "cost": "500"}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["steps"][0]["state"] == "waiting_for_approval"
    assert body["steps"][1]["state"] == "next"
    assert (body["next_step"], body["stage"]) == ("acknowledge", "acknowledge")
    approval = body["approval"]
    assert (approval["status"], approval["cost"], approval["currency"]) == (
        "pending", "500.00", "EUR")
    assert approval["requested_by"] == agent.email and approval["decided_by"] is None
    assert not ApologyStep.objects.filter(case=case).exists()
    assert RemedyApproval.objects.get(case=case).is_pending


def test_a_remedy_within_the_limit_completes_the_step(agent_api, case):
    response = agent_api.post(step_url(case, "restore_value"),
                              {**BODIES["restore_value"], "cost": "50.00"}, format="json")
    assert response.status_code == 200
    assert response.json()["steps"][0]["state"] == "done"
    assert response.json()["approval"] is None


@pytest.mark.parametrize(
    "key, change, field",
    [
        ("restore_value", {"cost": "-1.00"}, "cost"),
        ("restore_value", {"value_to_customer": "12.345"}, "value_to_customer"),
        ("restore_value", {"remedy_type": "bribe"}, "remedy_type"),
        ("restore_value", {"remedy_type": None}, "remedy_type"),
        ("restore_value", {"currency": "E1R"}, "currency"),
        ("restore_value", {"content": ""}, "content"),
        ("acknowledge", {"content": "   "}, "content"),
        ("acknowledge", {"content": "x" * 5001}, "content"),
        ("acknowledge", {"content": "a\x00b"}, "content"),
        ("explain", {"root_cause": "aliens"}, "root_cause"),
        ("fix", {"commitments": [{"description": "Call back", "due_at": later(days=-1)}]},
         "commitments"),
        ("fix", {"commitments": [{"description": "Call back", "due_at": later(),
                                  "owner": "nobody@example.com"}]}, "commitments"),
        ("fix", {"commitments": "call back"}, "commitments"),
    ],
)
def test_invalid_step_bodies_are_400_naming_the_field(agent_api, case, key, change, field):
    response = agent_api.post(step_url(case, key), {**BODIES[key], **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ApologyStep.objects.filter(case=case).exists()


def test_missing_remedy_fields_are_listed(agent_api, case):
    response = agent_api.post(step_url(case, "restore_value"), {"content": "x"}, format="json")
    assert response.status_code == 400
    assert {"remedy_type", "value_to_customer", "cost"} <= set(response.json())


def test_a_past_commitment_in_the_fix_step_names_the_entry(agent_api, case):
    complete(agent_api, case, "restore_value", "acknowledge", "explain")
    promises = [{"description": "Call back", "due_at": later()},
                {"description": "Visit", "due_at": later(days=-1)}]
    response = agent_api.post(step_url(case, "fix"), {**BODIES["fix"], "commitments": promises},
                              format="json")
    assert response.status_code == 400
    assert response.json()["commitments"][1] == {
        "due_at": ["A commitment must be due in the future."]}
    assert not Commitment.objects.exists()


def test_an_unknown_step_is_404(agent_api, case):
    response = agent_api.post(step_url(case, "grovel"), {"content": "x"}, format="json")
    assert response.status_code == 404
    assert "grovel" in response.json()["detail"]


# --- Who may do what -----------------------------------------------------------------------

@pytest.fixture
def integration_case(api):
    body = {"customer": {"email": "ines@example.fr"}, "title": "Vase arrived broken",
            "category": "shipping", "severity": "high"}
    response = api.post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201
    return Case.objects.get(reference=response.json()["reference"])


@pytest.mark.parametrize("tail, body", [
    ("apology/steps/restore_value/", BODIES["restore_value"]),
    ("apology/steps/acknowledge/", {}),
    ("apology/send/", {}),
    ("commitments/", {"description": "Call back", "due_at": later()}),
    ("resolve/", {}),
    ("close/", {}),
    ("reopen/", {"note": "The customer wrote again"}),
])
def test_an_integration_cannot_change_the_apology(api, integration_case, tail, body):
    response = api.post(url(integration_case, tail), body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert kinds(integration_case) == ["opened"]


def test_an_integration_reads_the_apology_of_its_own_cases_only(api, integration_case, agent):
    response = api.get(url(integration_case, "apology/"))
    assert response.status_code == 200
    assert response.json()["reference"] == integration_case.reference
    # the desk's promises are people's (tests/test_what_integrations_see.py)
    assert api.get(url(integration_case, "commitments/")).status_code == 403
    other = CaseFactory(by=agent)
    assert api.get(url(other, "apology/")).status_code == 404
    assert api.get(url(other, "commitments/")).status_code == 404
    assert api.post(url(other, "apology/send/")).status_code == 404  # not even a 403


def test_unknown_case_is_404(agent_api):
    assert agent_api.get("/api/v1/cases/SR-2026-424242/apology/").status_code == 404


def test_no_credentials_is_401(case):
    client = APIClient()
    assert client.get(url(case, "apology/")).status_code == 401
    response = client.post(step_url(case, "restore_value"), BODIES["restore_value"],
                           format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert client.post(url(case, "resolve/")).status_code == 401


def test_a_user_without_a_role_is_403(outsider, case):
    _, raw = ApiKey.objects.create_key(name="stray", user=outsider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(url(case, "apology/")).status_code == 403
    assert client.post(url(case, "apology/send/")).status_code == 403


def test_a_signed_in_agent_uses_the_session(agent, case):
    client = APIClient()
    client.force_login(agent)
    response = client.post(step_url(case, "restore_value"), BODIES["restore_value"],
                           format="json")
    assert response.status_code == 200
    assert ApologyStep.objects.get(case=case).completed_by == agent


# --- Transitions ---------------------------------------------------------------------------

def test_resolve_needs_the_apology_sent(agent_api, case):
    response = agent_api.post(url(case, "resolve/"))
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    case.refresh_from_db()
    assert case.status == "open"


def test_resolve_close_and_reopen(agent_api, case):
    send(agent_api, case)
    refused = agent_api.post(url(case, "close/"))  # from apology_sent
    assert refused.status_code == 409
    resolved = agent_api.post(url(case, "resolve/"), {"note": "Refund received"}, format="json")
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolved_at"]
    assert resolved["ETag"].startswith('"')
    closed = agent_api.post(url(case, "close/"))
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    reopened = agent_api.post(url(case, "reopen/"), {"note": "The customer wrote again"},
                              format="json")
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open" and reopened.json()["closed_at"] is None
    again = agent_api.post(url(case, "reopen/"))
    assert (again.status_code, again.json()["code"]) == (409, "transition_not_allowed")
    assert kinds(case)[-4:] == ["resolved", "closed", "archived", "reopened"]
    assert CaseEvent.objects.get(case=case, kind="resolved").note == "Refund received"


def test_a_transition_note_is_limited(agent_api, case):
    send(agent_api, case)
    response = agent_api.post(url(case, "resolve/"), {"note": "x" * 2001}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()


# --- Reading the apology -------------------------------------------------------------------

def test_reading_the_apology_takes_a_fixed_number_of_queries(
    agent_api, case, django_assert_max_num_queries
):
    complete(agent_api, case, "restore_value", "acknowledge", "explain")
    agent_api.post(step_url(case, "restore_value"), {**BODIES["restore_value"], "cost": "500"},
                   format="json")
    agent_api.post(url(case, "commitments/"), {"description": "A", "due_at": later()},
                   format="json")
    # The key and its user's role (2), the case, steps, approval, lexicon, commitments, message.
    with django_assert_max_num_queries(8) as few:
        response = agent_api.get(url(case, "apology/"))
    queries = len(few)  # each request resets the connection's query log
    assert response.status_code == 200
    assert response.json()["approval"]["status"] == "pending"
    complete(agent_api, case, "fix", "regret")
    for n in range(5):
        agent_api.post(url(case, "commitments/"), {"description": f"B{n}", "due_at": later()},
                       format="json")
    with django_assert_max_num_queries(queries):
        response = agent_api.get(url(case, "apology/"))
    assert len(response.json()["commitments"]) == 6


def test_only_a_manager_s_key_decides_on_a_waiting_remedy(agent_api, agent, manager):
    case = CaseFactory(by=agent, assignee=agent)
    url = f"/api/v1/cases/{case.reference}/apology/approval/"
    manager_client = APIClient()
    manager_client.credentials(
        HTTP_AUTHORIZATION=f"Api-Key {ApiKey.objects.create_key(name='m', user=manager)[1]}")
    assert manager_client.post(url, {"decision": "approve"}, format="json").status_code == 409
    waiting = agent_api.post(f"/api/v1/cases/{case.reference}/apology/steps/restore_value/", {
        "content": "We will replace the vase with the hand-made edition.",
        "remedy_type": "replacement", "value_to_customer": "600.00", "cost": "500.00",
    }, format="json")
    assert waiting.status_code == 202
    refused = agent_api.post(url, {"decision": "approve"}, format="json")
    assert refused.status_code == 403
    no_note = manager_client.post(url, {"decision": "decline"}, format="json")
    assert no_note.status_code == 400 and "note" in no_note.json()
    approved = manager_client.post(url, {"decision": "approve", "note": "Fine."}, format="json")
    assert approved.status_code == 200
    assert approved.json()["next_step"] == "acknowledge"
    assert RemedyApproval.objects.get(case=case).decided_by == manager
