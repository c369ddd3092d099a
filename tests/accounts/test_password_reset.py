"""Resetting a forgotten password by email: the link from the email actually sent, the same
answer for every address, throttled, and every other session ended."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from accounts import two_factor

from ..factories import make_user
from .two_factor_helpers import PASSWORD, password_step, turn_on

pytestmark = pytest.mark.django_db
NEW = "a brand new long password"


def _ask(client, email, address="203.0.113.7"):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def _link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


def _set_password(client, message, password=NEW):
    """Follow the emailed link (Django moves the token into the session, then redirects)
    and set `password`."""
    form = client.get(urlsplit(_link_in(message)).path, follow=True)
    return client.post(form.redirect_chain[-1][0],
                       {"new_password1": password, "new_password2": password})


def test_the_emailed_link_sets_a_new_password_that_signs_in(client, settings):
    settings.SITE_URL = "https://desk.example.com"
    make_user(email="ann@desk.test", first_name="Ann")
    login_page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/">Forgot your password?' in login_page

    asked = _ask(client, "ANN@desk.test")  # any case of the address
    assert asked.status_code == 302 and asked["Location"] == "/accounts/password_reset/done/"
    assert "Check your email" in client.get(asked["Location"]).content.decode()
    [email] = mail.outbox
    assert email.to == ["ann@desk.test"] and email.subject == "Reset your Recovery Desk password"
    link = _link_in(email)
    assert link.startswith("https://desk.example.com/accounts/reset/")
    html = email.alternatives[0][0]
    assert link in html and "Hello Ann" in html

    form = client.get(link.removeprefix("https://desk.example.com"), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/accounts/reset/done/"
    assert "Your password is changed" in client.get(done["Location"]).content.decode()

    assert password_step(Client(), "ann@desk.test", NEW)["Location"] == "/cases/"
    assert password_step(Client(), "ann@desk.test", PASSWORD).status_code == 200  # the old one
    # the link worked once
    again = client.get(link.removeprefix("https://desk.example.com"), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_an_unknown_or_inactive_address_gets_the_same_answer_and_no_email(client):
    make_user(email="known@desk.test")
    gone = make_user(email="gone@desk.test")
    gone.is_active = False
    gone.save()
    known = _ask(client, "known@desk.test")
    mail.outbox.clear()
    for address in ("nobody@desk.test", "gone@desk.test"):
        response = _ask(Client(), address)
        assert (response.status_code, response["Location"]) == (known.status_code,
                                                                 known["Location"])
    assert mail.outbox == []


def test_resetting_ends_every_other_session(client):
    person = make_user(email="bo@desk.test")
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get("/cases/").status_code == 200
    _ask(client, person.email)
    assert _set_password(client, mail.outbox[0])["Location"] == "/accounts/reset/done/"
    assert elsewhere.get("/cases/")["Location"].startswith("/accounts/login/")


def test_two_factor_sign_in_outlives_a_reset(client):
    person = make_user(email="cy@desk.test")
    secret, _ = turn_on(person)
    _ask(client, person.email)
    _set_password(client, mail.outbox[0])
    assert two_factor.has_two_factor(person)
    fresh = Client()
    assert password_step(fresh, person.email, NEW)["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in fresh.session


def test_requests_are_throttled_per_client_and_per_address(client, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 3
    settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 2
    make_user(email="di@desk.test")
    for n in range(3):
        assert _ask(client, f"someone{n}@desk.test").status_code == 302
    refused = _ask(client, "di@desk.test")
    assert refused.status_code == 429 and "Too many reset requests" in refused.content.decode()
    assert mail.outbox == []

    # one address from many clients: the same answer each time, at most two emails an hour
    answers = {_ask(Client(), "di@desk.test", address=f"198.51.100.{n}")["Location"]
               for n in range(5)}
    assert answers == {"/accounts/password_reset/done/"}
    assert len(mail.outbox) == 2


def test_the_request_does_the_same_work_for_any_address(client, monkeypatch,
                                                        django_assert_num_queries):
    """The page never looks the account up (the task does, later): no query, and the same
    hand-over, for an address with an account and one without — so its timing says nothing."""
    make_user(email="known@desk.test")
    handed = []
    monkeypatch.setattr("accounts.tasks.email_password_reset.delay", handed.append)
    for address in ("known@desk.test", "nobody@desk.test"):
        with django_assert_num_queries(0):
            assert _ask(Client(), address).status_code == 302
    assert handed == ["known@desk.test", "nobody@desk.test"]
