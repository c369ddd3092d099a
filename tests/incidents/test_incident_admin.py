"""Incidents are written on the incident page, through the lexicon: in the admin they are
read-only, even for a superuser, so banned wording cannot reach every linked customer by
that door, and deleting one cannot unlink its cases without their timelines saying so."""

from incidents.models import Incident

from .helpers import TEXTS, make_incident


def test_banned_wording_cannot_be_written_into_an_incident_in_the_admin(root_client, manager):
    incident = make_incident(by=manager)
    url = f"/admin/incidents/incident/{incident.pk}/change/"

    page = root_client.get(url)
    assert page.status_code == 200
    assert 'name="acknowledgement"' not in page.content.decode()  # shown, not editable

    response = root_client.post(url, {
        "title": incident.title, "summary": incident.summary, "status": incident.status,
        "started_at_0": "2026-01-01", "started_at_1": "10:00:00",
        "acknowledgement": "It's our policy not to refund outages.",
        "explanation": TEXTS["explanation"], "fix": TEXTS["fix"], "regret": TEXTS["regret"],
        "remedies-TOTAL_FORMS": "0", "remedies-INITIAL_FORMS": "0"})
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.acknowledgement == TEXTS["acknowledgement"]


def test_incidents_are_neither_added_nor_deleted_in_the_admin(root_client, manager, make_case):
    incident = make_incident(by=manager)
    case = make_case(by=manager, incident=incident)

    assert root_client.get("/admin/incidents/incident/add/").status_code == 403
    assert root_client.post(f"/admin/incidents/incident/{incident.pk}/delete/",
                            {"post": "yes"}).status_code == 403
    root_client.post("/admin/incidents/incident/", {
        "action": "delete_selected", "_selected_action": [incident.pk], "post": "yes"})
    case.refresh_from_db()
    assert Incident.objects.filter(pk=incident.pk).exists() and case.incident == incident
