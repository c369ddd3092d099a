"""Incidents through the REST API: create, read, change, link, send to all, and follow
the run; cases posted with an `incident`. Bad input is 400/409/422, never a 500."""

import pytest

from cases.models import Case
from incidents.models import Incident

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db

BODY = {
    "title": "Checkout outage", "summary": "Orders failed from 14:00 to 16:00.",
    "acknowledgement": "We made a mistake: our checkout was down, and that is our "
                       "responsibility.",
    "explanation": "A database upgrade locked the orders table.", "root_cause": "system",
    "fix": "We now test upgrades on a copy of the database first.",
    "regret": "We are truly sorry that you could not finish your order.",
    "remedies": [
        {"tier": "standard", "remedy_type": "credit", "content": "A 10 euro credit.",
         "value_to_customer": "10.00", "cost": "10.00"},
        {"tier": "platinum", "remedy_type": "credit", "content": "A 50 euro credit.",
         "value_to_customer": "50.00", "cost": "50.00"},
    ],
}


def test_create_read_and_change_an_incident(agent_api):
    response = agent_api.post("/api/v1/incidents/", BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["reference"] == f"INC-{body['id']}" and body["root_cause"] == "system"
    assert {r["tier"]: r["value_to_customer"] for r in body["remedies"]} == {
        "standard": "10.00", "platinum": "50.00"}
    changed = agent_api.patch(f"/api/v1/incidents/{body['id']}/",
                              {"status": "resolved", "fix": "Upgrades now run on a copy."},
                              format="json")
    assert changed.status_code == 200
    assert (changed.json()["status"], changed.json()["fix"]) == (
        "resolved", "Upgrades now run on a copy.")
    assert len(changed.json()["remedies"]) == 2  # not given: kept
    listed = agent_api.get("/api/v1/incidents/?status=resolved").json()
    assert [i["id"] for i in listed["results"]] == [body["id"]]


@pytest.mark.parametrize("change, status, field", [
    ({"root_cause": "gremlins"}, 400, "root_cause"),
    ({"remedies": [BODY["remedies"][0], BODY["remedies"][0]]}, 400, "remedies"),
    ({"remedies": [{**BODY["remedies"][0], "cost": "-1"}]}, 400, "remedies"),
    ({"started_at": "2026-11-02T10:00:00Z", "ended_at": "2026-11-01T10:00:00Z"}, 400,
     "ended_at"),
    ({"explanation": "It's our policy to upgrade on Tuesdays."}, 422, "findings"),
    ({"title": ""}, 400, "title"),
])
def test_bad_incidents_are_refused_naming_the_field(agent_api, change, status, field):
    response = agent_api.post("/api/v1/incidents/", {**BODY, **change}, format="json")
    assert response.status_code == status
    assert field in response.json()
    assert not Incident.objects.exists()


def test_link_cases_and_post_a_case_with_its_incident(agent_api, api, agent):
    incident = agent_api.post("/api/v1/incidents/", BODY, format="json").json()
    cases = [CaseFactory(by=agent), CaseFactory(by=agent)]
    response = agent_api.post(f"/api/v1/incidents/{incident['id']}/cases/",
                              {"cases": [c.reference for c in cases]}, format="json")
    assert response.status_code == 200 and response.json()["cases"] == 2
    assert all(c.events.filter(kind="incident_linked").exists() for c in cases)
    unknown = agent_api.post(f"/api/v1/incidents/{incident['id']}/cases/",
                             {"cases": ["SR-2026-999999"]}, format="json")
    assert unknown.status_code == 400 and "SR-2026-999999" in unknown.json()["cases"][0]

    # an integration names the incident when it posts the case
    posted = api.post("/api/v1/cases/", {
        "customer": {"email": "ann@example.com"}, "title": "Could not pay",
        "category": "outage", "severity": "high", "incident": incident["id"]}, format="json")
    assert posted.status_code == 201 and posted.json()["incident"] == incident["id"]
    case = Case.objects.get(reference=posted.json()["reference"])
    assert case.events.filter(kind="incident_linked").exists()
    bad = api.post("/api/v1/cases/", {
        "customer": {"email": "bo@example.com"}, "title": "Could not pay",
        "category": "outage", "severity": "high", "incident": 987654}, format="json")
    assert bad.status_code == 400 and "Unknown incident" in bad.json()["incident"][0]


def test_integrations_read_incidents_but_do_not_write_them(api, agent_api):
    incident = agent_api.post("/api/v1/incidents/", BODY, format="json").json()
    assert api.get(f"/api/v1/incidents/{incident['id']}/").status_code == 200
    assert api.post("/api/v1/incidents/", BODY, format="json").status_code == 403
    assert api.patch(f"/api/v1/incidents/{incident['id']}/", {"title": "x"},
                     format="json").status_code == 403
    assert api.post(f"/api/v1/incidents/{incident['id']}/send/").status_code == 403


def test_send_to_all_and_follow_the_run(manager_api, agent_api, agent, mailoutbox,
                                        django_capture_on_commit_callbacks):
    incident = manager_api.post("/api/v1/incidents/", BODY, format="json").json()
    cases = [CaseFactory(by=agent) for _ in range(2)]
    manager_api.post(f"/api/v1/incidents/{incident['id']}/cases/",
                     {"cases": [c.reference for c in cases]}, format="json")
    assert manager_api.get(f"/api/v1/incidents/{incident['id']}/send/").status_code == 404
    assert agent_api.post(f"/api/v1/incidents/{incident['id']}/send/").status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        started = manager_api.post(f"/api/v1/incidents/{incident['id']}/send/")
    assert started.status_code == 202 and started.json()["total"] == 2
    run = manager_api.get(f"/api/v1/incidents/{incident['id']}/send/").json()
    assert (run["status"], run["sent"], run["failed"], run["pending"]) == ("finished", 2, 0, 0)
    assert len(mailoutbox) == 2


def test_an_incident_not_ready_is_a_409_saying_what_is_missing(manager_api):
    incident = manager_api.post("/api/v1/incidents/", {**BODY, "regret": ""},
                                format="json").json()
    response = manager_api.post(f"/api/v1/incidents/{incident['id']}/send/")
    assert response.status_code == 409 and "default regret" in response.json()["detail"]


def test_cautions_in_the_parts_for_everyone_are_confirmed_once_before_sending(
        manager_api, agent, mailoutbox, django_capture_on_commit_callbacks):
    body = {**BODY, "explanation": "Our hosting provider had an outage in its data centre."}
    incident = manager_api.post("/api/v1/incidents/", body, format="json").json()
    cases = [CaseFactory(by=agent) for _ in range(2)]
    manager_api.post(f"/api/v1/incidents/{incident['id']}/cases/",
                     {"cases": [c.reference for c in cases]}, format="json")
    send = f"/api/v1/incidents/{incident['id']}/send/"

    refused = manager_api.post(send, {}, format="json")
    assert refused.status_code == 422 and refused.json()["code"] == "cautions_unconfirmed"
    assert [f["category"] for f in refused.json()["findings"]] == ["blame"]
    assert manager_api.get(send).status_code == 404 and not mailoutbox  # no run started

    with django_capture_on_commit_callbacks(execute=True):
        started = manager_api.post(
            send, {"confirm": [f["key"] for f in refused.json()["findings"]]}, format="json")
    assert started.status_code == 202
    assert manager_api.get(send).json()["sent"] == 2 and len(mailoutbox) == 2
    for case in cases:  # each case's timeline says the caution went out knowingly
        assert case.events.filter(kind="cautions_confirmed", to_value="apology sent").exists()
