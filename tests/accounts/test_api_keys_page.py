"""Managers issue and revoke API keys on the desk (/people/api-keys/), as they did in the
admin: an integration's, a mail server's, their own — never a key acting as someone else."""

import re

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey, PeopleChange

pytestmark = pytest.mark.django_db
PAGE = "/people/api-keys/"


def api(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def shown_key(response) -> str:
    return re.search(r'id="new-key" readonly value="([^"]+)"', response.content.decode())[1]


@pytest.mark.parametrize("kind, owner, inbound", [("integration", None, False),
                                                  ("inbound", None, True),
                                                  ("mine", "manager", False)])
def test_a_manager_issues_a_key_shown_once(manager_client, manager, kind, owner, inbound):
    response = manager_client.post(PAGE, {"name": "Web shop", "kind": kind})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    secret = shown_key(response)
    key = ApiKey.objects.get_from_key(secret)
    assert key.name == "Web shop" and key.is_inbound == inbound
    assert key.user == (manager if owner else None)
    assert secret not in manager_client.get(PAGE).content.decode()  # once
    change = PeopleChange.objects.get(person=manager, what="api_key_issued")
    assert change.by == manager and "Web shop" in change.to_value
    assert "Issued an API key" in manager_client.get(f"/people/{manager.pk}/").content.decode()


def test_an_integration_key_issued_here_works(manager_client):
    secret = shown_key(manager_client.post(PAGE, {"name": "Shop", "kind": "integration"}))
    assert api(secret).get("/api/v1/cases/").status_code == 200


def test_a_forged_owner_is_ignored(manager_client, agent, manager):
    secret = shown_key(manager_client.post(PAGE, {"name": "Borrowed", "kind": "integration",
                                                  "user": agent.pk}))
    assert ApiKey.objects.get_from_key(secret).user is None


@pytest.mark.parametrize("data, message", [
    ({"name": "", "kind": "integration"}, "This field is required."),
    ({"name": "   ", "kind": "integration"}, "This field is required."),
    ({"name": "Shop", "kind": "someone_else"}, "Select a valid choice"),
    ({"name": "x" * 51, "kind": "mine"}, "at most 50 characters"),
    ({"name": "Shop\nBcc", "kind": "mine"}, "Use a single line")])
def test_bad_input_is_a_field_error_and_issues_nothing(manager_client, data, message):
    response = manager_client.post(PAGE, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ApiKey.objects.exists()


def test_a_manager_revokes_an_integration_key_and_it_stops_working(manager_client, manager):
    key, secret = ApiKey.objects.create_key(name="Shop")
    response = manager_client.post(f"{PAGE}{key.prefix}/revoke/", follow=True)
    assert "no longer opens anything" in response.content.decode()
    assert api(secret).get("/api/v1/cases/").status_code == 401
    assert PeopleChange.objects.filter(person=manager, what="api_key_revoked").exists()


def test_another_persons_key_is_not_the_managers_to_revoke(manager_client, agent):
    key, secret = ApiKey.objects.create_key(name="Alex's script", user=agent)
    page = manager_client.get(PAGE).content.decode()
    assert "Alex&#x27;s script" in page and "Revoke “Alex&#x27;s script”" not in page
    response = manager_client.post(f"{PAGE}{key.prefix}/revoke/", follow=True)
    assert "Only its owner or a superuser" in response.content.decode()
    key.refresh_from_db()
    assert not key.revoked


def test_agents_are_refused(agent_client):
    key, _ = ApiKey.objects.create_key(name="Shop")
    assert agent_client.get(PAGE).status_code == 403
    assert agent_client.post(PAGE, {"name": "Mine", "kind": "integration"}).status_code == 403
    assert agent_client.post(f"{PAGE}{key.prefix}/revoke/").status_code == 403
    key.refresh_from_db()
    assert not key.revoked and ApiKey.objects.count() == 1
