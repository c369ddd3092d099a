"""Two-factor sign-in: set up on the Security page, then a code after the password."""

import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts import two_factor
from accounts.security_views import SETUP_SECRET

from ..factories import make_user
from .two_factor_helpers import (
    PASSWORD,
    app_for,
    code_step,
    next_code,
    password_step,
    turn_on,
)

pytestmark = pytest.mark.django_db


def test_setting_up_shows_a_qr_code_and_the_key_then_the_recovery_codes_once(client):
    person = make_user(email="ann@desk.test")
    client.force_login(person)
    page = client.get("/accounts/security/")
    assert "Set up two-factor sign-in" in page.content.decode()

    setup = client.get("/accounts/security/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in setup  # drawn here: no third party sees the secret
    secret = client.session[SETUP_SECRET]
    typed_key = re.search(r'<code class="secret-key[^>]*>([A-Z2-7 ]+)</code>', setup).group(1)
    assert typed_key.replace(" ", "") == app_for(secret).secret

    wrong = client.post("/accounts/security/two-factor/", {"code": "000000"})
    assert "That code does not match" in wrong.content.decode()
    assert not two_factor.has_two_factor(person)

    done = client.post("/accounts/security/two-factor/", {"code": app_for(secret).now()})
    assert done.status_code == 302 and done["Location"] == "/accounts/security/recovery-codes/"
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", codes_page)
    assert len(codes) == 10 and "shown only once" in codes_page
    # shown once: a second look finds none
    assert client.get("/accounts/security/recovery-codes/")["Location"] == "/accounts/security/"
    assert two_factor.has_two_factor(person)
    # the session that set it up stays signed in, and on the desk
    assert client.get("/cases/").status_code == 200
    assert "Recovery codes left: <strong>10</strong>" in client.get(
        "/accounts/security/").content.decode()


def test_with_two_factor_the_password_alone_signs_no_one_in(client):
    person = make_user(email="bo@desk.test")
    secret, _ = turn_on(person)

    response = password_step(client, "bo@desk.test")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/cases/")["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/cases/").status_code in (401, 403)
    assert "Enter your code" in client.get("/accounts/login/code/").content.decode()

    signed_in = code_step(client, next_code(secret))
    assert signed_in.status_code == 302 and signed_in["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_the_code_step_goes_on_to_the_page_asked_for(client):
    person = make_user(email="next@desk.test")
    secret, _ = turn_on(person)
    client.post("/accounts/login/?next=/archive/", {"username": person.email,
                                                     "password": PASSWORD})
    assert code_step(client, next_code(secret))["Location"] == "/archive/"


def test_a_wrong_code_is_refused_with_a_clear_error_and_then_a_wait(client):
    person = make_user(email="cy@desk.test")
    secret, _ = turn_on(person)
    password_step(client, person.email)

    wrong = code_step(client, "123456")
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    # at once again, even the right code: the device waits after each wrong one
    hurried = code_step(client, next_code(secret))
    assert hurried.status_code == 429 and "Too many wrong codes. Wait" in hurried.content.decode()
    assert "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=2)):
        assert code_step(client, next_code(secret))["Location"] == "/cases/"


def test_five_wrong_codes_lock_the_account_out_as_wrong_passwords_do(client):
    person = make_user(email="di@desk.test")
    secret, _ = turn_on(person)
    start = timezone.now()
    password_step(client, person.email)
    for minute in range(4):  # a minute apart: past django-otp's own wait each time
        with time_machine.travel(start + timezone.timedelta(minutes=minute)):
            assert code_step(client, f"10000{minute}").status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=4, seconds=30)):
        assert held_password_still(client)
        locked = code_step(client, "100009")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    with time_machine.travel(start + timezone.timedelta(minutes=5)):
        # the right password is refused while locked, and the right code signs no one in
        assert password_step(client, person.email).status_code == 429
        code_step(client, next_code(secret))
        assert "_auth_user_id" not in client.session


def held_password_still(client) -> bool:
    return client.get("/accounts/login/code/").status_code == 200


def test_a_recovery_code_signs_in_once(client):
    person = make_user(email="ed@desk.test")
    _, codes = turn_on(person)
    password_step(client, person.email)
    assert code_step(client, codes[0].upper())["Location"] == "/cases/"  # typed as printed

    again = Client()
    password_step(again, person.email)
    refused = code_step(again, codes[0])
    assert "That code is not right" in refused.content.decode()
    assert two_factor.recovery_codes_left(person) == 9


def test_the_code_step_waits_five_minutes_at_most(client):
    person = make_user(email="fa@desk.test")
    secret, _ = turn_on(person)
    password_step(client, person.email)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        late = code_step(client, "123456")
    assert late["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_turning_it_on_ends_the_other_sessions_of_that_person(client):
    person = make_user(email="gi@desk.test")
    elsewhere = Client()
    elsewhere.force_login(person)
    client.force_login(person)
    client.get("/accounts/security/two-factor/")
    client.post("/accounts/security/two-factor/",
                {"code": app_for(client.session[SETUP_SECRET]).now()})
    assert client.get("/cases/").status_code == 200
    assert elsewhere.get("/cases/")["Location"].startswith("/accounts/login/")


def test_turning_it_off_asks_for_the_password(client):
    person = make_user(email="ha@desk.test")
    turn_on(person)
    client.force_login(person)
    wrong = client.post("/accounts/security/two-factor/off/", {"off-password": "guess"})
    assert wrong.status_code == 400 and "That is not your password" in wrong.content.decode()
    assert two_factor.has_two_factor(person)

    done = client.post("/accounts/security/two-factor/off/", {"off-password": PASSWORD})
    assert done["Location"] == "/accounts/security/"
    assert not two_factor.has_two_factor(person)
    client.logout()
    assert password_step(client, person.email)["Location"] == "/cases/"  # the password alone


def test_new_recovery_codes_replace_the_old_ones(client):
    person = make_user(email="io@desk.test")
    _, old = turn_on(person)
    client.force_login(person)
    assert client.post("/accounts/security/recovery-codes/",
                       {"codes-password": "guess"}).status_code == 400
    made = client.post("/accounts/security/recovery-codes/", {"codes-password": PASSWORD})
    new = re.findall(r"<code>([a-z2-9-]{11})</code>", client.get(made["Location"]).content.decode())
    assert len(new) == 10 and not set(new) & set(old)

    other = Client()
    password_step(other, person.email)
    assert "That code is not right" in code_step(other, old[1]).content.decode()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=2)):  # its wait
        assert code_step(other, new[1])["Location"] == "/cases/"


def test_the_admin_sign_in_is_the_desk_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_the_security_page_asks_few_queries(client, django_assert_max_num_queries):
    person = make_user(email="q@desk.test")
    turn_on(person)
    client.force_login(person)
    client.get("/accounts/security/")
    # session, user, groups (role), devices, codes left, and the desk's navigation badges
    with django_assert_max_num_queries(7):
        assert client.get("/accounts/security/").status_code == 200


def test_a_new_app_replaces_the_old_one_only_with_the_password(client):
    person = make_user(email="ju@desk.test")
    old_secret, old_codes = turn_on(person)
    client.force_login(person)
    page = client.get("/accounts/security/two-factor/").content.decode()
    assert "Set up a new app" in page and "Your password" in page
    new_secret = client.session[SETUP_SECRET]
    refused = client.post("/accounts/security/two-factor/",
                          {"code": app_for(new_secret).now(), "password": "guess"})
    assert "That is not your password" in refused.content.decode()
    assert person.totpdevice_set.get().key == old_secret

    client.post("/accounts/security/two-factor/",
                {"code": app_for(new_secret).now(), "password": PASSWORD})
    assert person.totpdevice_set.get().key == new_secret
    assert two_factor.check(person, old_codes[0]).ok is False  # the old codes went too


def test_a_superuser_removes_a_lost_app_in_the_admin(root_client):
    person = make_user(email="ky@desk.test")
    turn_on(person)
    phone = Client()
    phone.force_login(person)
    device = person.totpdevice_set.get()
    listing = root_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "ky@desk.test" in listing
    assert device.key not in root_client.get(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()  # never the secret
    root_client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not two_factor.has_two_factor(person)
    assert two_factor.recovery_codes_left(person) == 0
    assert phone.get("/cases/")["Location"].startswith("/accounts/login/")
    assert password_step(Client(), person.email)["Location"] == "/cases/"
