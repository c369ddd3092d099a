"""Managers keep the root causes on the desk (/root-causes/; the admin is superusers' only):
add one (slug chosen once), rename one, make one inactive. Agents are refused."""

import pytest

from apologies.models import RootCause

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_root_cause(manager_client):
    assert "supplier" in manager_client.get("/root-causes/").content.decode()
    response = manager_client.post("/root-causes/", {"name": "Weather", "slug": ""})
    assert response.status_code == 302
    assert RootCause.objects.get(slug="weather").is_active


@pytest.mark.parametrize("data, message", [
    ({"name": "Supply", "slug": "supplier"}, "Another root cause has the slug"),
    ({"name": "", "slug": "x"}, "This field is required."),
    ({"name": "Two\tparts", "slug": "two"}, "Use a single line")])
def test_bad_input_is_a_field_error_and_adds_nothing(manager_client, data, message):
    before = RootCause.objects.count()
    response = manager_client.post("/root-causes/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert RootCause.objects.count() == before


def test_a_manager_renames_and_deactivates_one_but_not_its_slug(manager_client):
    system = RootCause.objects.get(slug="system")
    response = manager_client.post(f"/root-causes/{system.pk}/", {"name": "Our systems",
                                                                  "slug": "hacked"})
    assert response.status_code == 302
    system.refresh_from_db()
    assert (system.name, system.slug, system.is_active) == ("Our systems", "system", False)


def test_agents_are_refused(agent_client):
    system = RootCause.objects.get(slug="system")
    assert agent_client.get("/root-causes/").status_code == 403
    assert agent_client.post("/root-causes/", {"name": "Mine"}).status_code == 403
    assert agent_client.post(f"/root-causes/{system.pk}/", {"name": "X"}).status_code == 403
    assert RootCause.objects.get(pk=system.pk).name != "X"
