"""What an integration's key reads: what its webhooks carry, nothing more. Every endpoint an
integration may read is called with its key and with a person's (a manager's key), and the
desk's internals — notes, costs, approval decisions, lexicon findings, the message, other
integrations' cases — reach only the person. (`tests/test_access_matrix.py` holds who may
call what; this file, what they then see.)"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import ApiKey
from apologies import flow
from apologies.flow import approvals
from cases import timeline, work
from cases.models import Case, EventKind
from incidents import linking, sending

from .apologies.steps import GOOD, complete
from .factories import CaseFactory, client_with_key
from .incidents.helpers import make_incident

pytestmark = pytest.mark.django_db
NOTE = "Customer threatened to post on social media; keep it friendly."
DECISION = "Too generous for a broken vase: offer the refund alone."
COST = "45.00"



@pytest.fixture
def shop():
    key, raw = ApiKey.objects.create_key(name="Web shop")
    return key, client_with_key(raw)



@pytest.fixture
def worked_case(shop, agent, manager):
    """The shop's case, worked by the desk: a remedy declined with a note, an internal note,
    the five steps, an escalation, a commitment, the apology sent; and the shop's own note."""
    posted = shop[1].post("/api/v1/cases/", {
        "customer": {"email": "kim@example.com", "name": "Kim"}, "title": "Vase broken",
        "category": "shipping", "severity": "high"}, format="json")
    assert posted.status_code == 201
    case = Case.objects.get(reference=posted.json()["reference"])
    too_much = {**GOOD["restore_value"], "cost": Decimal("5000.00")}
    flow.complete_step(case, "restore_value", too_much, by=agent)
    approvals.decline_remedy(case.approvals.get(), by=manager, note=DECISION)
    work.add_note(case, NOTE, by=agent)
    complete(case, by=agent)
    timeline.record(case, EventKind.ESCALATED, to_value=manager.display_name, note="Breached")
    flow.send_apology(case, by=agent)
    assert shop[1].post(f"/api/v1/cases/{case.reference}/notes/",
                        {"text": "Order 1042 refunded in the shop"}, format="json"
                        ).status_code == 201
    return case


def _text(response):
    assert response.status_code == 200, response.content
    return json.dumps(response.json())


def test_the_timeline_shows_an_integration_what_its_webhooks_carry(
        worked_case, shop, manager_api, manager):
    path = f"/api/v1/cases/{worked_case.reference}/timeline/"

    theirs = shop[1].get(path).json()
    assert {event["kind"] for event in theirs} == {
        "opened", "step_completed", "escalated", "apology_sent", "note"}
    seen = json.dumps(theirs)
    for internal in (NOTE, DECISION, COST, "5000", "findings", "value_to_customer",
                     manager.display_name, manager.email, "kim@example.com"):
        assert internal not in seen, internal
    notes = [event for event in theirs if event["kind"] == "note"]
    assert [(n["note"], n["by"]) for n in notes] == [
        ("Order 1042 refunded in the shop", "Web shop (API)")]
    steps = [event for event in theirs if event["kind"] == "step_completed"]
    assert [event["data"] for event in steps][:2] == [{"step": "restore_value"},
                                                      {"step": "acknowledge"}]
    assert {event["by"] for event in steps} == {"Recovery Desk"}
    assert {event["actor"] for event in theirs} == {None}

    desk = _text(manager_api.get(path))
    for internal in (NOTE, DECISION, COST, manager.display_name, "findings"):
        assert internal in desk, internal


def test_the_apology_shows_an_integration_how_far_it_is_only(
        worked_case, shop, manager_api, agent):
    path = f"/api/v1/cases/{worked_case.reference}/apology/"

    theirs = shop[1].get(path).json()
    assert set(theirs) == {"reference", "status", "stage", "next_step", "steps", "sent_at"}
    assert [(s["key"], s["state"]) for s in theirs["steps"]][:1] == [("restore_value", "done")]
    assert set(theirs["steps"][0]) == {"key", "number", "label", "state", "completed_at"}
    assert theirs["sent_at"] is not None
    seen = json.dumps(theirs)
    for internal in (COST, DECISION, GOOD["regret"]["content"], agent.email, "Kim"):
        assert internal not in seen, internal

    desk = manager_api.get(path).json()
    assert desk["steps"][0]["cost"] == COST and desk["approval"]["decision_note"] == DECISION
    assert desk["message"]["to_email"] == "kim@example.com" and "findings" in desk


def test_a_remedy_waiting_for_approval_reads_as_not_done_to_an_integration(
        shop, agent, manager_api):
    posted = shop[1].post("/api/v1/cases/", {
        "customer": {"email": "kim@example.com"}, "title": "Vase broken",
        "category": "shipping", "severity": "high"}, format="json").json()
    case = Case.objects.get(reference=posted["reference"])
    flow.complete_step(case, "restore_value", {**GOOD["restore_value"],
                                               "cost": Decimal("5000.00")}, by=agent)
    path = f"/api/v1/cases/{case.reference}/apology/"
    theirs = shop[1].get(path).json()
    assert [row["state"] for row in theirs["steps"][:2]] == ["todo", "next"]
    assert theirs["next_step"] == theirs["stage"] == "acknowledge"
    assert manager_api.get(path).json()["steps"][0]["state"] == "waiting_for_approval"
    for key in ("acknowledge", "explain", "fix", "regret"):
        flow.complete_step(case, key, dict(GOOD[key]), by=agent)
    theirs = shop[1].get(path).json()  # only the remedy's decision is left: it is next
    assert [row["state"] for row in theirs["steps"]] == ["next", "done", "done", "done", "done"]
    assert theirs["next_step"] == theirs["stage"] == "restore_value"


def test_commitments_are_the_desks(worked_case, shop, manager_api, agent):
    work.add_commitment(worked_case, "Call Kim back about the voucher",
                        timezone.now() + timedelta(days=30), by=agent)
    path = f"/api/v1/cases/{worked_case.reference}/commitments/"

    refused = shop[1].get(path)
    assert refused.status_code == 403 and "detail" in refused.json()
    assert "Call Kim" in _text(manager_api.get(path))


def test_incidents_show_an_integration_only_what_names_them(shop, manager, manager_api):
    incident = make_incident(manager)

    for path in ("/api/v1/incidents/", f"/api/v1/incidents/{incident.pk}/"):
        response = shop[1].get(path)
        body = response.json()
        shown = body["results"][0] if "results" in body else body
        assert set(shown) == {"id", "reference", "url", "title", "status", "started_at",
                              "ended_at", "created_at", "updated_at"}, path
        for internal in ("cost", "remedies", "40 euro", "Orders failed", "database upgrade"):
            assert internal not in json.dumps(body), (path, internal)

        desk = manager_api.get(path).json()
        shown = desk["results"][0] if "results" in desk else desk
        assert {r["cost"] for r in shown["remedies"]} == {"10.00", "40.00"}
        assert shown["summary"] and shown["cases"] == 0


def test_a_send_run_and_its_cases_are_the_desks(
        shop, manager, agent, manager_api, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    other = ApiKey.objects.create_key(name="CRM")[0]
    theirs = CaseFactory(by=other)
    flow.complete_step(theirs, "restore_value", {**GOOD["restore_value"],
                                                 "cost": Decimal("5000.00")}, by=agent)
    linking.link(incident, [theirs, CaseFactory(by=agent)], by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(incident, by=manager)
    path = f"/api/v1/incidents/{incident.pk}/send/"

    refused = shop[1].get(path)
    assert refused.status_code == 403
    assert theirs.reference not in json.dumps(refused.json())

    desk = manager_api.get(path).json()
    assert [failure["case"] for failure in desk["failures"]] == [theirs.reference]


def test_webhooks_carry_what_the_timeline_shows_and_no_desk_people(shop, manager):
    from webhooks.models import Delivery, Subscription

    Subscription.objects.create(url="https://shop.example.com/hook", api_key=shop[0],
                                events=["case.escalated", "case.step_completed"])
    case = CaseFactory(by=shop[0])
    timeline.record(case, EventKind.ESCALATED, to_value=manager.display_name, note="Breached")
    flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=manager)

    payloads = json.dumps([d.payload for d in Delivery.objects.order_by("pk")])
    for internal in (manager.display_name, "Breached", COST, "findings"):
        assert internal not in payloads, internal
    events = shop[1].get(f"/api/v1/cases/{case.reference}/timeline/").json()
    shown = {(e["kind"], e["to_value"], json.dumps(e["data"], sort_keys=True)) for e in events}
    delivered = {(d.payload["event"], d.payload["data"]["to"],
                  json.dumps({k: v for k, v in d.payload["data"].items()
                              if k not in ("from", "to")}, sort_keys=True))
                 for d in Delivery.objects.all()}
    kinds = {"case.escalated": "escalated", "case.step_completed": "step_completed"}
    assert {(kinds[name], to, data) for name, to, data in delivered} <= shown
