"""Incidents in the browser: writing one, adding cases from the queue and from a case page,
the case page's incident section, personalising, and "Send to all" with its progress."""

import pytest

from cases.intake import CustomerDetails
from incidents.models import BulkSend, Incident

from ..factories import CaseFactory
from .helpers import TEXTS, make_incident

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {"title": "Checkout outage", "status": "investigating",
            "started_at": "2026-11-20T14:00", "summary": "Orders failed for two hours.",
            **TEXTS, "root_cause": "", "remedies-TOTAL_FORMS": "4",
            "remedies-INITIAL_FORMS": "0", "remedies-MIN_NUM_FORMS": "4",
            "remedies-MAX_NUM_FORMS": "4"}
    for n, tier in enumerate(["standard", "silver", "gold", "platinum"]):
        data[f"remedies-{n}-tier"] = tier
    data.update({"remedies-0-remedy_type": "credit", "remedies-0-content": "A 10 euro credit.",
                 "remedies-0-value_to_customer": "10", "remedies-0-cost": "10"})
    data.update(changes)
    return data


def test_writing_an_incident_with_its_tier_remedies(agent_client):
    response = agent_client.post("/incidents/new/", _form(**{
        "remedies-2-remedy_type": "credit", "remedies-2-content": "A 40 euro credit.",
        "remedies-2-value_to_customer": "40", "remedies-2-cost": "40"}))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert {r.tier: r.value_to_customer for r in incident.remedies.all()} == {
        "standard": 10, "gold": 40}
    page = agent_client.get(incident.get_absolute_url()).content.decode()
    assert "A 40 euro credit." in page and TEXTS["explanation"] in page


@pytest.mark.parametrize("changes, message", [
    ({"remedies-0-content": "", "remedies-0-remedy_type": "", "remedies-0-value_to_customer": "",
      "remedies-0-cost": ""}, "Standard-tier customers need a remedy"),
    ({"remedies-1-content": "A voucher."}, "Needed for this tier"),
    ({"acknowledgement": "It's our policy to upgrade on Tuesdays."}, "cannot go to the customer"),
    ({"started_at": "yesterday"}, "Enter a valid date/time"),
])
def test_a_bad_incident_form_shows_the_error_and_saves_nothing(agent_client, changes, message):
    response = agent_client.post("/incidents/new/", _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_cases_ticked_in_the_queue_join_an_incident(agent_client, agent):
    incident = make_incident(agent)
    cases = [CaseFactory(by=agent) for _ in range(2)]
    queue = agent_client.get("/cases/").content.decode()
    assert 'name="case"' in queue and "Add to incident" in queue
    chooser = agent_client.get("/incidents/link/", {"case": [c.reference for c in cases]})
    assert chooser.status_code == 200
    assert all(c.reference in chooser.content.decode() for c in cases)
    response = agent_client.post("/incidents/link/", {
        "case": [c.reference for c in cases], "incident": incident.pk})
    assert response.status_code == 302
    assert incident.cases.count() == 2
    assert f"INC-{incident.pk}" in agent_client.get("/cases/").content.decode()


def test_the_case_page_offers_an_incident_then_shows_it(agent_client, agent):
    incident = make_incident(agent)
    case = CaseFactory(by=agent, customer=CustomerDetails(email="g@example.com", tier="gold"))
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Caused by" in page and incident.title in page
    agent_client.post("/incidents/link/", {"case": case.reference, "incident": incident.pk,
                                           "next": case.get_absolute_url()})
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert f"Part of <a href=\"/incidents/{incident.pk}/\">INC-{incident.pk}" in page
    assert "40 euro credit" in page  # the gold tier's default, in the panel and the form
    assert 'value="40.00"' in page
    response = agent_client.post(f"/incidents/cases/{case.reference}/remove/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.incident is None and case.events.filter(kind="incident_unlinked").exists()


def test_personalising_shows_field_errors_and_saves_nothing_bad(agent_client, agent):
    incident = make_incident(agent)
    case = CaseFactory(by=agent)
    agent_client.post("/incidents/link/", {"case": case.reference, "incident": incident.pk})
    url = f"/incidents/cases/{case.reference}/personalise/"
    form = agent_client.get(url).content.decode()
    assert "10 euro credit" in form and TEXTS["regret"] in form
    response = agent_client.post(url, {
        "content": "A new kettle.", "remedy_type": "replacement", "value_to_customer": "30",
        "cost": "abc", "regret": "Sorry if you were upset."})
    assert response.status_code == 400 and "Enter a number" in response.content.decode()
    response = agent_client.post(url, {
        "content": "A new kettle.", "remedy_type": "replacement", "value_to_customer": "30",
        "cost": "18", "regret": "We are sorry if you feel let down."})
    assert response.status_code == 400
    assert not case.steps.filter(key="regret").exists()


def test_send_to_all_shows_its_progress_and_agents_cannot_start_it(
        agent_client, manager_client, agent, manager, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    case = CaseFactory(by=agent)
    agent_client.post("/incidents/link/", {"case": case.reference, "incident": incident.pk})
    agent_client.post(f"/incidents/{incident.pk}/send/")
    assert not BulkSend.objects.exists()
    assert "Send to all</button>" not in agent_client.get(
        incident.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/incidents/{incident.pk}/send/", follow=True)
    page = response.content.decode()
    assert "Sending the apologies of" in page
    progress = manager_client.get(f"/incidents/{incident.pk}/progress/").content.decode()
    assert "1 of 1</strong> done: 1 sent, 0 skipped, 0 failed" in progress
    assert "hx-trigger" not in progress  # finished: no more polling
    listing = manager_client.get("/incidents/").content.decode()
    assert incident.title in listing


def test_incident_pages_need_sign_in(client):
    for url in ["/incidents/", "/incidents/new/", "/incidents/link/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_incident_starts_now(agent_client):
    page = agent_client.get("/incidents/new/").content.decode()
    assert 'name="started_at" value="' in page
