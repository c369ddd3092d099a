"""Deactivating someone: their open cases are handed on (each with its timeline event),
their sessions end, their personal API keys are revoked; reactivating lets them back."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.test import APIClient

from accounts import people
from accounts.models import ApiKey, PeopleChange, Role, User
from cases.choices import Status
from cases.models import Case, CaseEvent
from recovery.errors import RecoveryError

from ..factories import CaseFactory, make_user

pytestmark = pytest.mark.django_db


def url(person, action="deactivate"):
    return f"/people/{person.pk}/{action}/"


def test_the_confirmation_page_lists_their_open_cases(manager_client, agent):
    mine = CaseFactory(by=agent, assignee=agent, title="Vase broken")
    closed = CaseFactory(by=agent, assignee=agent, title="Old one")
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    html = manager_client.get(url(agent)).content.decode()
    assert mine.reference in html and "Vase broken" in html
    assert closed.reference not in html
    assert "Give their open cases to" in html and "leave them unassigned" in html


def test_deactivating_hands_every_open_case_to_one_person(manager_client, agent, other_agent,
                                                          manager):
    cases = [CaseFactory(by=agent, assignee=agent) for _ in range(3)]
    response = manager_client.post(url(agent), {"reassign_to": other_agent.pk})
    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.is_active
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == other_agent
        event = CaseEvent.objects.filter(case=case).latest("pk")
        assert (event.kind, event.actor, event.from_value, event.to_value) == (
            "assigned", manager, agent.email, other_agent.email)
    html = manager_client.get(f"/people/{agent.pk}/").content.decode()
    assert "Deactivated" in html and f"3 open cases to {other_agent.display_name}" in html


def test_deactivating_can_leave_their_cases_unassigned(manager_client, agent):
    case = CaseFactory(by=agent, assignee=agent)
    manager_client.post(url(agent), {"reassign_to": ""})
    case.refresh_from_db()
    assert case.assignee is None
    assert CaseEvent.objects.filter(case=case).latest("pk").kind == "unassigned"


def test_deactivating_ends_their_sessions_and_revokes_their_keys(manager_client, agent):
    browser = Client()
    browser.force_login(agent)
    assert browser.get("/cases/").status_code == 200
    _, key = ApiKey.objects.create_key(name="Alex's script", user=agent)
    integration, integration_key = ApiKey.objects.create_key(name="Web shop")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.get("/api/v1/cases/").status_code == 200

    manager_client.post(url(agent), {})

    assert browser.get("/cases/")["Location"].startswith("/accounts/login/")
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(agent.pk)]
    assert api.get("/api/v1/cases/").status_code == 401
    assert ApiKey.objects.get(name="Alex's script").revoked
    integration.refresh_from_db()
    assert not integration.revoked  # an integration's key is no one's to lose
    assert manager_client.get("/cases/").status_code == 200  # the manager is still in


def test_a_deactivated_person_cannot_sign_in(manager_client, agent):
    manager_client.post(url(agent), {})
    browser = Client()
    response = browser.post("/accounts/login/", {"username": agent.email,
                                                 "password": "correct horse battery"})
    assert response.status_code == 200  # the form again
    assert browser.get("/cases/").status_code == 302


def test_you_cannot_deactivate_yourself(manager_client, manager):
    page = manager_client.get(url(manager)).content.decode()
    assert "You cannot deactivate yourself" in page and "btn-danger" not in page
    response = manager_client.post(url(manager), {})
    assert response.status_code == 200
    assert "You cannot deactivate yourself" in response.content.decode()
    assert User.objects.get(pk=manager.pk).is_active


def test_cases_cannot_go_to_someone_inactive_or_the_person_leaving(manager_client, agent,
                                                                   other_agent, outsider):
    case = CaseFactory(by=agent, assignee=agent)
    other_agent.is_active = False
    other_agent.save()
    for choice in (other_agent.pk, agent.pk, outsider.pk, 999999, "x"):
        response = manager_client.post(url(agent), {"reassign_to": choice})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    agent.refresh_from_db()
    case.refresh_from_db()
    assert agent.is_active and case.assignee == agent
    assert not PeopleChange.objects.exists()


def test_the_last_active_manager_cannot_be_deactivated(superuser, manager):
    with pytest.raises(RecoveryError, match="last active manager"):
        people.deactivate(manager, by=superuser)
    assert User.objects.get(pk=manager.pk).is_active


def test_a_failure_half_way_changes_nothing(manager, agent, monkeypatch):
    case = CaseFactory(by=agent, assignee=agent)
    ApiKey.objects.create_key(name="Alex's script", user=agent)

    def refuse(person):
        raise RuntimeError("sessions table unavailable")

    monkeypatch.setattr(people, "_end_sessions", refuse)
    with pytest.raises(RuntimeError):
        people.deactivate(agent, by=manager)
    case.refresh_from_db()
    assert User.objects.get(pk=agent.pk).is_active and case.assignee == agent
    assert not ApiKey.objects.get(name="Alex's script").revoked
    assert not CaseEvent.objects.filter(case=case, kind="unassigned").exists()


def test_reactivating_lets_them_back_with_their_keys_still_revoked(manager_client, agent):
    ApiKey.objects.create_key(name="Alex's script", user=agent)
    manager_client.post(url(agent), {})
    response = manager_client.post(url(agent, "reactivate"))
    assert response.status_code == 302
    agent = User.objects.get(pk=agent.pk)
    assert agent.is_active and agent.role == Role.AGENT
    assert ApiKey.objects.get(name="Alex's script").revoked
    browser = Client()
    browser.post("/accounts/login/", {"username": agent.email,
                                      "password": "correct horse battery"})
    assert browser.get("/cases/").status_code == 200
    html = manager_client.get(f"/people/{agent.pk}/").content.decode()
    assert "Reactivated" in html and "Deactivated" in html


def test_reactivating_someone_active_says_so(manager_client, agent):
    response = manager_client.post(url(agent, "reactivate"), follow=True)
    assert "active already" in response.content.decode()


def test_a_superuser_cannot_be_deactivated_from_the_desk(manager_client, superuser):
    response = manager_client.post(url(superuser), {})
    assert "changed in the admin only" in response.content.decode()
    assert User.objects.get(pk=superuser.pk).is_active


def test_another_manager_can_be_deactivated(manager_client):
    other = make_user(Role.MANAGER)
    manager_client.post(url(other), {})
    assert not User.objects.get(pk=other.pk).is_active
