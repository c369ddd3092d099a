"""Sign-in is throttled against guessing (django-axes): five wrong passwords for an account
from one address pause sign-in for that pair, with a page that says so."""

import pytest
import time_machine
from django.utils import timezone

from ..factories import make_user

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery"


def _sign_in(client, email, password, address="203.0.113.7"):
    return client.post("/accounts/login/", {"username": email, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client):
    make_user(email="ann@desk.test")
    for _ in range(4):
        response = _sign_in(client, "ann@desk.test", "guess")
        assert response.status_code == 200
        assert "That email and password do not match an account" in response.content.decode()

    locked = _sign_in(client, "ann@desk.test", "guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many attempts to sign in" in page and "15m" in page
    # even the right password is refused while locked: the guesser learns nothing
    assert _sign_in(client, "ann@desk.test", RIGHT).status_code == 429
    assert "_auth_user_id" not in client.session

    # the owner, from another address, is not locked out by someone else's guessing
    assert _sign_in(client, "ann@desk.test", RIGHT, address="198.51.100.2").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client):
    make_user(email="bo@desk.test")
    for _ in range(5):
        _sign_in(client, "bo@desk.test", "guess")
    assert _sign_in(client, "bo@desk.test", RIGHT).status_code == 429

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        response = _sign_in(client, "bo@desk.test", RIGHT)
    assert response.status_code == 302 and response["Location"] == "/cases/"


def test_a_successful_sign_in_clears_earlier_failures(client):
    make_user(email="cy@desk.test")
    for _ in range(4):
        _sign_in(client, "cy@desk.test", "guess")
    assert _sign_in(client, "cy@desk.test", RIGHT).status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "cy@desk.test", "guess").status_code == 200
