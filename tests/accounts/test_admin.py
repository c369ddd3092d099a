"""The admin is no way up: a manager's session there cannot raise anyone's role, take over
another account or act as someone else. Each test is a manager's real admin session (Django's
test client with the manager signed in), and a superuser still can do these things."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.models import ApiKey, Role, User

from ..factories import make_user


def user_form(user, **changes):
    """The change form's POST as the full form would send it, with `changes` on top."""
    data = {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
        "approval_limit": user.approval_limit or "",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return data


def change_url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


# -- raising oneself --------------------------------------------------------------------


def test_a_manager_cannot_make_themselves_superuser(manager_client, manager):
    admins = Group.objects.get(name=Role.MANAGER)
    response = manager_client.post(change_url(manager), user_form(
        manager, is_superuser="on", is_staff="on", groups=[admins.pk],
        user_permissions=[1, 2, 3], first_name="Morgana"))

    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.first_name == "Morgana"  # what they may change, changed
    assert not manager.is_superuser
    assert manager.user_permissions.count() == 0


def test_the_managers_own_form_shows_no_role_fields(manager_client, manager):
    page = manager_client.get(change_url(manager)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page
    assert 'name="is_staff"' not in page
    assert 'name="email"' not in page
    assert "pbkdf2" not in page  # not even the password's hash
    assert 'name="first_name"' in page


def test_a_manager_cannot_put_an_agent_into_the_manager_group(manager_client, agent):
    admins = Group.objects.get(name=Role.MANAGER)
    manager_client.post(change_url(agent), user_form(
        agent, groups=[admins.pk], is_staff="on", is_active="on"))
    agent.refresh_from_db()
    assert agent.role == Role.AGENT and not agent.is_staff


# -- what a manager may still do --------------------------------------------------------


def test_a_manager_sets_an_agents_name_and_approval_limit(manager_client, agent):
    response = manager_client.post(change_url(agent), user_form(
        agent, first_name="Alexa", approval_limit="250.00", is_superuser="on",
        email="taken-over@evil.example"))
    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.first_name, agent.approval_limit) == ("Alexa", Decimal("250.00"))
    assert agent.email != "taken-over@evil.example" and not agent.is_superuser


# -- acting as someone else -------------------------------------------------------------


def test_a_manager_cannot_change_another_users_email(manager_client, agent, superuser):
    for person in (agent, superuser):
        before = person.email
        manager_client.post(change_url(person), user_form(person, email="me@evil.example"))
        person.refresh_from_db()
        assert person.email == before


def test_a_manager_cannot_change_a_superuser_or_another_manager(manager_client, superuser):
    other = make_user(Role.MANAGER)
    for person in (superuser, other):
        response = manager_client.post(change_url(person), user_form(
            person, first_name="Changed", is_active=""))
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.first_name != "Changed" and person.is_active


def test_a_manager_cannot_deactivate_anyone(manager_client, agent):
    manager_client.post(change_url(agent), user_form(agent))  # is_active left unticked
    agent.refresh_from_db()
    assert agent.is_active


@pytest.mark.parametrize("whose", ["agent", "superuser", "manager"])
def test_a_manager_cannot_set_anyones_password_in_the_admin(manager_client, whose, request):
    person = request.getfixturevalue(whose)
    url = f"/admin/accounts/user/{person.pk}/password/"
    assert manager_client.get(url).status_code == 403
    response = manager_client.post(url, {"password1": "new secret 12345!",
                                         "password2": "new secret 12345!",
                                         "usable_password": "true"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.check_password("correct horse battery")


def test_a_manager_cannot_add_users(manager_client):
    admins = Group.objects.get(name=Role.MANAGER)
    response = manager_client.post("/admin/accounts/user/add/", {
        "email": "friend@evil.example", "password1": "new secret 12345!",
        "password2": "new secret 12345!", "usable_password": "true", "groups": [admins.pk]})
    assert response.status_code == 403
    assert not User.objects.filter(email="friend@evil.example").exists()


def test_a_manager_cannot_delete_users_one_by_one_or_in_bulk(manager_client, agent):
    assert manager_client.post(f"/admin/accounts/user/{agent.pk}/delete/",
                               {"post": "yes"}).status_code == 403
    manager_client.post("/admin/accounts/user/", {
        "action": "delete_selected", "_selected_action": [agent.pk], "post": "yes"})
    assert User.objects.filter(pk=agent.pk).exists()


def test_a_manager_cannot_edit_groups_or_their_permissions(manager_client):
    admins = Group.objects.get(name=Role.MANAGER)
    before = set(admins.permissions.values_list("pk", flat=True))
    assert manager_client.get("/admin/auth/group/").status_code == 403
    response = manager_client.post(f"/admin/auth/group/{admins.pk}/change/", {
        "name": "manager", "permissions": list(range(1, 200))})
    assert response.status_code == 403
    assert set(admins.permissions.values_list("pk", flat=True)) == before


# -- API keys ---------------------------------------------------------------------------


def test_a_manager_cannot_make_an_api_key_for_someone_else(manager_client, agent, superuser):
    for person in (agent, superuser):
        response = manager_client.post("/admin/accounts/apikey/add/", {
            "name": "borrowed", "user": person.pk, "expiry_date_0": "", "expiry_date_1": ""})
        assert response.status_code == 200  # the form again, with the error
        assert "Select a valid choice" in response.content.decode()
    assert not ApiKey.objects.filter(name="borrowed").exists()


def test_a_manager_makes_an_integration_key_and_one_for_themselves(manager_client, manager):
    for name, user in [("Web shop", ""), ("Morgan's script", manager.pk)]:
        response = manager_client.post("/admin/accounts/apikey/add/", {
            "name": name, "user": user, "expiry_date_0": "", "expiry_date_1": ""})
        assert response.status_code == 302
    assert ApiKey.objects.get(name="Web shop").user is None
    assert ApiKey.objects.get(name="Morgan's script").user == manager


def test_a_manager_cannot_give_an_existing_key_to_someone_else(manager_client, manager,
                                                               superuser):
    key, _ = ApiKey.objects.create_key(name="Web shop")
    response = manager_client.post(f"/admin/accounts/apikey/{key.pk}/change/", {
        "name": "Web shop", "user": superuser.pk, "expiry_date_0": "", "expiry_date_1": ""})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.user is None


def test_a_manager_cannot_change_or_revoke_another_persons_key(manager_client, agent):
    key, _ = ApiKey.objects.create_key(name="Alex's script", user=agent)
    response = manager_client.post(f"/admin/accounts/apikey/{key.pk}/change/", {
        "name": "renamed", "revoked": "on", "expiry_date_0": "", "expiry_date_1": ""})
    assert response.status_code == 403
    key.refresh_from_db()
    assert (key.name, key.revoked) == ("Alex's script", False)


# -- a superuser still can --------------------------------------------------------------


def test_a_superuser_still_manages_roles_passwords_and_keys(root_client, agent):
    admins = Group.objects.get(name=Role.MANAGER)
    response = root_client.post(change_url(agent), user_form(
        agent, groups=[admins.pk], is_staff="on", is_active="on", email="alex@desk.test"))
    assert response.status_code == 302
    agent = User.objects.get(pk=agent.pk)
    assert agent.role == Role.MANAGER and agent.is_staff and agent.email == "alex@desk.test"

    url = f"/admin/accounts/user/{agent.pk}/password/"
    assert root_client.get(url).status_code == 200
    root_client.post(url, {"password1": "new secret 12345!", "password2": "new secret 12345!",
                           "usable_password": "true"})
    agent.refresh_from_db()
    assert agent.check_password("new secret 12345!")

    response = root_client.post("/admin/accounts/apikey/add/", {
        "name": "for Alex", "user": agent.pk, "expiry_date_0": "", "expiry_date_1": ""})
    assert response.status_code == 302
    assert ApiKey.objects.get(name="for Alex").user == agent
