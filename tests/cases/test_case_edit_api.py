"""PATCH with If-Match, the timeline and notes, and external ids: the case API beyond intake."""

import pytest

from cases.models import Case, Reminder

from ..factories import CaseFactory
from .test_intake_api import BODY, CASES

pytestmark = pytest.mark.django_db


def url(case, tail=""):
    return f"{CASES}{case.reference}/{tail}"


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, severity="low")


def test_patch_changes_details_and_records_them(agent_api, case, other_agent):
    response = agent_api.patch(url(case), {"title": "Vase broken in transit",
                                           "assignee": other_agent.email, "tags": ["fragile"]},
                               format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["assignee"], body["tags"]) == (
        "Vase broken in transit", other_agent.email, ["fragile"])
    assert response["ETag"] != ""
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["edited", "assigned"]


def test_a_stale_if_match_is_412_and_changes_nothing(agent_api, case):
    etag = agent_api.get(url(case))["ETag"]
    first = agent_api.patch(url(case), {"title": "First edit"}, format="json",
                            HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    stale = agent_api.patch(url(case), {"title": "Second edit"}, format="json",
                            HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert Case.objects.get(pk=case.pk).title == "First edit"
    fresh = agent_api.patch(url(case), {"title": "Second edit"}, format="json",
                            HTTP_IF_MATCH=first["ETag"])
    assert fresh.status_code == 200


def test_if_match_takes_a_list_of_etags_and_compares_strongly(agent_api, case):
    etag = agent_api.get(url(case))["ETag"]
    listed = agent_api.patch(url(case), {"title": "Listed"}, format="json",
                             HTTP_IF_MATCH=f'"someone-elses", {etag}')
    assert listed.status_code == 200
    weak = agent_api.patch(url(case), {"title": "Weak"}, format="json",
                           HTTP_IF_MATCH=f"W/{listed['ETag']}")
    assert weak.status_code == 412
    anything = agent_api.patch(url(case), {"title": "Any version"}, format="json",
                               HTTP_IF_MATCH="*")
    assert anything.status_code == 200
    assert Case.objects.get(pk=case.pk).title == "Any version"


def test_status_and_stage_cannot_be_patched(agent_api, case):
    response = agent_api.patch(url(case), {"status": "closed", "stage": "sent"}, format="json")
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).status == "open"


@pytest.mark.parametrize("change, field", [
    ({"severity": "urgent"}, "severity"), ({"category": "nope"}, "category"),
    ({"assignee": "stranger@example.com"}, "assignee"), ({"title": ""}, "title"),
])
def test_bad_patches_are_400_naming_the_field(agent_api, case, change, field):
    response = agent_api.patch(url(case), change, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_new_severity_moves_the_targets_and_their_reminders(agent_api, case):
    response = agent_api.patch(url(case), {"severity": "critical"}, format="json")
    case.refresh_from_db()
    assert case.first_response_due_at == case.created_at + __import__("datetime").timedelta(
        hours=1)
    breach = Reminder.objects.get(case=case, kind="first_response_breached")
    assert breach.due_at == case.first_response_due_at
    assert response.json()["first_response_due_at"]


def test_an_integration_patches_only_its_own_cases(api, case):
    assert api.patch(url(case), {"title": "Mine now"}, format="json").status_code == 404
    own = api.post(CASES, BODY, format="json").json()
    assert api.patch(f"{CASES}{own['reference']}/", {"title": "Renamed"},
                     format="json").status_code == 200


def test_timeline_oldest_first_and_notes(api):
    own = api.post(CASES, BODY, format="json").json()
    note = api.post(f"{CASES}{own['reference']}/notes/", {"text": "Customer called again."},
                    format="json")
    assert note.status_code == 201 and note.json()["kind"] == "note"
    events = api.get(f"{CASES}{own['reference']}/timeline/").json()
    assert [e["kind"] for e in events] == ["opened", "note"]
    assert events[1]["note"] == "Customer called again."
    assert events[1]["by"] == "Web shop (API)"
    assert api.post(f"{CASES}{own['reference']}/notes/", {"text": ""},
                    format="json").status_code == 400


def test_another_integrations_timeline_is_404(api, case):
    assert api.get(url(case, "timeline/")).status_code == 404
    assert api.post(url(case, "notes/"), {"text": "hi"}, format="json").status_code == 404


def test_an_external_id_names_one_case_per_integration(api, agent_api):
    first = api.post(CASES, BODY, format="json")
    again = api.post(CASES, {**BODY, "title": "Retry"}, format="json")
    assert again.status_code == 409
    assert again["Location"] == first.json()["url"]
    assert again.json()["reference"] == first.json()["reference"]
    assert Case.objects.count() == 1
    other_key = agent_api.post(CASES, BODY, format="json")  # another key: its own id space
    assert other_key.status_code == 201


def test_the_browser_edit_form_refuses_to_overwrite_a_newer_change(agent_client, agent, case):
    page = agent_client.get(f"/cases/{case.reference}/edit/")
    version = page.context["form"].initial["version"]
    from cases import work

    work.edit_case(case, {"title": "Changed by a colleague"}, by=agent)
    response = agent_client.post(f"/cases/{case.reference}/edit/", {
        "title": "My edit", "description": "", "category": "shipping", "severity": "low",
        "tags": "", "version": version})
    assert "Someone else changed this case" in response.content.decode()
    assert Case.objects.get(pk=case.pk).title == "Changed by a colleague"
    fresh = agent_client.get(f"/cases/{case.reference}/edit/").context["form"].initial["version"]
    saved = agent_client.post(f"/cases/{case.reference}/edit/", {
        "title": "My edit", "description": "", "category": "shipping", "severity": "low",
        "tags": "a, b", "version": fresh}, follow=True)
    assert "Case details saved." in saved.content.decode()
    assert Case.objects.get(pk=case.pk).tags == ["a", "b"]
