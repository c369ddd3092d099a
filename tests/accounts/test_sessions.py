"""Signing out of every session at once, and REQUIRE_2FA_FOR."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import Role, User
from accounts.security_views import SETUP_SECRET

from ..factories import make_user
from .two_factor_helpers import app_for, next_code, password_step, turn_on

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_sign_out_everywhere_ends_the_sessions_in_other_browsers_too(client):
    person = make_user(email="ann@desk.test")
    other_person = make_user(email="bo@desk.test")
    laptop, phone, someone_else = Client(), Client(), Client()
    for browser in (laptop, phone):
        assert password_step(browser, person.email)["Location"] == "/cases/"
    someone_else.force_login(other_person)

    page = laptop.get("/accounts/security/").content.decode()
    assert "Sign out everywhere" in page
    done = laptop.post("/accounts/security/sign-out-everywhere/")
    assert done["Location"] == "/accounts/login/"
    assert "You are signed out everywhere" in laptop.get("/accounts/login/").content.decode()
    for browser in (laptop, phone):
        assert browser.get("/cases/")["Location"].startswith("/accounts/login/")
    assert someone_else.get("/cases/").status_code == 200  # only that person's sessions
    assert password_step(Client(), person.email)["Location"] == "/cases/"  # and in again


def test_sessions_from_before_the_salt_existed_stay_signed_in(client):
    person = make_user(email="cy@desk.test")
    client.force_login(person)
    assert User.objects.get(pk=person.pk).session_salt == ""
    assert client.get("/cases/").status_code == 200


def test_a_required_role_without_an_app_is_sent_to_set_it_up(client, settings):
    settings.REQUIRE_2FA_FOR = [Role.MANAGER]
    manager, agent = make_user(Role.MANAGER), make_user(Role.AGENT)
    assert password_step(client, manager.email)["Location"] == "/cases/"

    sent = client.get("/cases/?status=open")
    assert sent.status_code == 302
    assert sent["Location"] == "/accounts/security/two-factor/?next=%2Fcases%2F%3Fstatus%3Dopen"
    assert client.get("/admin/")["Location"].startswith("/accounts/security/two-factor/")
    api = client.get("/api/v1/cases/")
    assert api.status_code == 403 and api.json()["code"] == "two_factor_required"
    setup = client.get(sent["Location"]).content.decode()
    assert "Your role must sign in with a code" in setup

    client.post("/accounts/security/two-factor/",
                {"code": app_for(client.session[SETUP_SECRET]).now()})
    assert client.get("/cases/").status_code == 200
    # and it stays on: the page offers no way to turn it off, the server refuses one
    assert "Turn off two-factor sign-in" not in client.get("/accounts/security/").content.decode()
    client.post("/accounts/security/two-factor/off/", {"off-password": "correct horse battery"})
    assert client.get("/cases/").status_code == 200
    assert manager.totpdevice_set.exists()

    # agents are not asked
    other = Client()
    password_step(other, agent.email)
    assert other.get("/cases/").status_code == 200


def test_a_required_role_with_an_app_signs_in_with_its_code(client, settings):
    settings.REQUIRE_2FA_FOR = [Role.AGENT, Role.MANAGER]
    agent = make_user(Role.AGENT)
    secret, _ = turn_on(agent)
    password_step(client, agent.email)
    client.post("/accounts/login/code/", {"code": next_code(secret)})
    assert client.get("/cases/").status_code == 200
    # a session that never gave the code (not one the sign-in pages made) is signed out
    stray = Client()
    stray.force_login(agent)
    assert stray.get("/cases/")["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in stray.session


def test_require_2fa_for_names_roles_only():
    env = {**os.environ, "REQUIRE_2FA_FOR": "manager,boss"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "'boss' is not a role" in result.stderr
