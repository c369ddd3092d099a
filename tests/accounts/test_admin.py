"""The admin is for superusers only (recovery/admin_site.py): a manager's or an agent's
session there is sent to the admin's sign-in for every page and every write, so no desk role
can raise itself, take over another account or act as someone else through it. Managers
manage people on the People pages (tests/accounts/test_people_pages.py). A superuser still
can do everything."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import ApiKey, Role, User

# (marked: some tests reach the database only through `request.getfixturevalue`, which
# pytest-django cannot see, and would run after the transactional tests flushed the roles)
pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/accounts/user/", "/admin/accounts/apikey/",
               "/admin/auth/group/", "/admin/apologies/tierapprovallimit/",
               "/admin/apologies/phrase/", "/admin/cases/category/",
               "/admin/cases/slatarget/"]


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


@pytest.mark.parametrize("who", ["manager", "agent"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_the_admin_sends_desk_roles_to_its_sign_in(client, who, path, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_sign_in_refuses_a_managers_password(client, manager):
    # The admin signs in through the desk's sign-in (two-factor and all)...
    response = client.post("/admin/login/", {"username": manager.email,
                                             "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # ...where a manager's password opens the desk, never the admin.
    response = client.post("/accounts/login/?next=/admin/", {
        "username": manager.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_no_desk_role_is_staff(manager, agent):
    assert not manager.is_staff and not agent.is_staff


def test_a_manager_cannot_make_themselves_superuser_in_the_admin(client, manager):
    client.force_login(manager)
    admins = Group.objects.get(name=Role.MANAGER)
    response = client.post(change_url(manager), user_form(
        manager, is_superuser="on", is_staff="on", groups=[admins.pk], first_name="Morgana"))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    manager.refresh_from_db()
    assert manager.first_name != "Morgana"
    assert not manager.is_superuser and not manager.is_staff


def test_a_manager_cannot_add_users_or_keys_in_the_admin(client, manager, agent):
    client.force_login(manager)
    client.post("/admin/accounts/user/add/", {
        "email": "friend@evil.example", "password1": "new secret 12345!",
        "password2": "new secret 12345!", "usable_password": "true"})
    client.post("/admin/accounts/apikey/add/", {
        "name": "borrowed", "user": agent.pk, "expiry_date_0": "", "expiry_date_1": ""})
    assert not User.objects.filter(email="friend@evil.example").exists()
    assert not ApiKey.objects.filter(name="borrowed").exists()


def test_the_desk_shows_the_admin_link_to_superusers_only(client, manager, superuser):
    client.force_login(manager)
    assert 'href="/admin/"' not in client.get("/cases/").content.decode()
    client.force_login(superuser)
    assert 'href="/admin/"' in client.get("/cases/").content.decode()


# -- a superuser still can --------------------------------------------------------------


def test_a_superuser_still_manages_roles_passwords_and_keys(root_client, agent):
    admins = Group.objects.get(name=Role.MANAGER)
    response = root_client.post(change_url(agent), user_form(
        agent, groups=[admins.pk], is_active="on", email="alex@desk.test"))
    assert response.status_code == 302
    agent = User.objects.get(pk=agent.pk)
    assert agent.role == Role.MANAGER and agent.email == "alex@desk.test"

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


def test_a_superuser_signs_in_to_the_admin(client, superuser):
    response = client.post("/accounts/login/?next=/admin/", {
        "username": superuser.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
