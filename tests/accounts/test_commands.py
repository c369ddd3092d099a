"""create_user and create_api_key, run as an administrator would."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import ApiKey, User

from ..factories import sign_in_request as _sign_in

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_user_with_a_role_and_password():
    run("create_user", "Ann@Example.com", "--role", "manager", "--password", "s3cret-pass!")
    user = User.objects.get()
    assert user.email == "ann@example.com"
    assert user.role == "manager" and not user.is_staff  # the admin is superusers' only
    assert authenticate(_sign_in(), username="ANN@example.com", password="s3cret-pass!") == user


def test_create_user_without_password_prints_a_generated_one():
    out = run("create_user", "bo@example.com", "--role", "agent")
    password = out.split("Password: ")[1].strip()
    user = authenticate(_sign_in(), username="bo@example.com", password=password)
    assert user is not None and user.role == "agent" and not user.is_staff


@pytest.mark.parametrize(
    "args, message",
    [
        (["not-an-email", "--role", "agent"], "not a valid email"),
        (["c@example.com", "--role", "admin"], "invalid choice"),
    ],
)
def test_create_user_refuses_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run("create_user", *args)
    assert User.objects.count() == 0


def test_create_user_refuses_an_existing_email():
    run("create_user", "d@example.com", "--role", "agent")
    with pytest.raises(CommandError, match="already exists"):
        run("create_user", "D@example.com", "--role", "manager")


def test_create_api_key_prints_a_working_key_once():
    raw = run("create_api_key", "Web shop").strip()
    key = ApiKey.objects.get()
    assert key.name == "Web shop" and key.user is None
    assert raw.split(".")[1] not in key.hashed_key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get("/api/v1/cases/").status_code == 200


def test_create_api_key_for_a_user(agent):
    run("create_api_key", "Alex's script", "--user", agent.email.upper())
    assert ApiKey.objects.get().user == agent


def test_create_api_key_for_an_unknown_user_fails():
    with pytest.raises(CommandError, match="No user"):
        run("create_api_key", "x", "--user", "ghost@example.com")
    assert ApiKey.objects.count() == 0


def test_roles_exist_as_groups_after_migrating():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {"agent", "manager"}


def test_only_superusers_reach_the_admin_for_sla_targets(client, manager, agent, superuser):
    for person in (manager, agent):
        client.force_login(person)
        assert client.get("/admin/cases/slatarget/").status_code == 302  # sign in as admin
    client.force_login(superuser)
    assert client.get("/admin/cases/slatarget/").status_code == 200
