"""Inviting someone: the email actually sent carries a set-password link (absolute, to
SITE_URL); following it, setting a password and signing in works once; the link expires,
dies when used and when the invitation is sent again."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import PeopleChange, Role, User

from ..factories import make_user

pytestmark = pytest.mark.django_db
NEW = {"first_name": "Robin", "last_name": "Hart", "email": "Robin@Desk.test",
       "role": Role.AGENT}


def invite(manager_client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return manager_client.post("/people/invite/", {**NEW, **changes})


def link_in(message) -> str:
    text_link = re.search(r"https?://\S+/accounts/welcome/\S+/", message.body).group(0)
    html = message.alternatives[0][0]
    assert f'href="{text_link}"' in html
    return text_link


def path_of(link, settings):
    assert link.startswith(settings.SITE_URL + "/")
    return link[len(settings.SITE_URL):]


def test_the_invited_person_sets_a_password_and_signs_in(
        manager_client, manager, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://desk.example.com"
    response = invite(manager_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    robin = User.objects.get(email="robin@desk.test")
    assert robin.role == Role.AGENT and not robin.has_usable_password()
    assert not (robin.is_staff or robin.is_superuser)

    [email] = mail.outbox
    assert email.to == ["robin@desk.test"]
    assert manager.display_name in email.subject
    assert "Hello Robin" in email.body and "an agent" in email.body
    link = link_in(email)
    assert link.startswith("https://desk.example.com/accounts/welcome/")

    browser = Client()
    page = browser.get(path_of(link, settings), follow=True)  # the token moves to the session
    assert page.status_code == 200
    assert "Choose the password" in page.content.decode()
    form_path = page.redirect_chain[-1][0]
    assert "set-password" in form_path
    done = browser.post(form_path, {"new_password1": "a long new secret 42",
                                    "new_password2": "a long new secret 42"}, follow=True)
    assert done.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Your password is set" in done.content.decode()

    signed_in = browser.post("/accounts/login/", {"username": "robin@desk.test",
                                                  "password": "a long new secret 42"})
    assert signed_in.status_code == 302
    assert browser.get("/cases/").status_code == 200
    whats = list(robin.people_changes.values_list("what", flat=True))
    assert whats == ["password_set", "invited"]

    again = Client().get(path_of(link, settings), follow=True)  # used: dead
    assert "This link no longer works" in again.content.decode()


def test_the_person_page_shows_the_invitation_as_waiting(manager_client,
                                                         django_capture_on_commit_callbacks):
    invite(manager_client, django_capture_on_commit_callbacks)
    robin = User.objects.get(email="robin@desk.test")
    html = manager_client.get(f"/people/{robin.pk}/").content.decode()
    assert "Invited: has not chosen a password yet" in html
    assert "Send the invitation again" in html
    assert "Invited" in manager_client.get("/people/").content.decode()


def test_inviting_a_manager_says_so(manager_client, django_capture_on_commit_callbacks):
    invite(manager_client, django_capture_on_commit_callbacks, role=Role.MANAGER)
    assert User.objects.get(email="robin@desk.test").role == Role.MANAGER
    assert "a manager" in mail.outbox[0].body


def test_an_email_already_at_the_desk_is_a_field_error(manager_client, agent,
                                                       django_capture_on_commit_callbacks):
    response = invite(manager_client, django_capture_on_commit_callbacks,
                      email=agent.email.upper())
    assert response.status_code == 200
    assert "already has this email address" in response.content.decode()
    assert User.objects.filter(email__iexact=agent.email).count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("field, value, message", [
    ("email", "not an email", "Enter a valid email address."),
    ("email", "", "This field is required."),
    ("role", "superuser", "Select a valid choice"),
    ("first_name", "Rob\nin", "Use a single line")])
def test_bad_input_is_a_field_error_and_invites_nobody(manager_client, field, value, message,
                                                       django_capture_on_commit_callbacks):
    response = invite(manager_client, django_capture_on_commit_callbacks, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email__iexact=NEW["email"]).exists()
    assert mail.outbox == [] and not PeopleChange.objects.exists()


def test_inviting_again_sends_a_new_link_and_kills_the_old_one(
        manager_client, settings, django_capture_on_commit_callbacks):
    invite(manager_client, django_capture_on_commit_callbacks)
    robin = User.objects.get(email="robin@desk.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/people/{robin.pk}/invitation/", follow=True)
    assert "Invitation sent again" in response.content.decode()
    first, second = (link_in(message) for message in mail.outbox)
    assert first != second
    dead = Client().get(path_of(first, settings), follow=True)
    assert "This link no longer works" in dead.content.decode()
    alive = Client().get(path_of(second, settings), follow=True)
    assert "Choose the password" in alive.content.decode()


def test_someone_who_set_their_password_is_not_invited_again(manager_client, agent):
    response = manager_client.post(f"/people/{agent.pk}/invitation/", follow=True)
    assert "set their password already" in response.content.decode()
    assert mail.outbox == []


def test_the_link_expires(manager_client, settings, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        invite(manager_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    with time_machine.travel(f"2026-03-{1 + days + 1:02d} 09:00Z", tick=False):
        page = Client().get(path_of(link, settings), follow=True)
    assert "This link no longer works" in page.content.decode()


def test_a_deactivated_invitee_cannot_use_the_link(manager_client, settings,
                                                   django_capture_on_commit_callbacks):
    invite(manager_client, django_capture_on_commit_callbacks)
    robin = User.objects.get(email="robin@desk.test")
    manager_client.post(f"/people/{robin.pk}/deactivate/", {})
    page = Client().get(path_of(link_in(mail.outbox[0]), settings), follow=True)
    assert "This link no longer works" in page.content.decode()


def test_a_password_reset_style_token_is_no_invitation(settings):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    person = make_user(Role.AGENT)
    person.set_unusable_password()
    person.save()
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    path = f"/accounts/welcome/{uid}/{default_token_generator.make_token(person)}/"
    assert "This link no longer works" in Client().get(path, follow=True).content.decode()


def test_a_weak_password_is_refused_on_the_page(manager_client, settings,
                                                django_capture_on_commit_callbacks):
    invite(manager_client, django_capture_on_commit_callbacks)
    browser = Client()
    page = browser.get(path_of(link_in(mail.outbox[0]), settings), follow=True)
    form_path = page.redirect_chain[-1][0]
    response = browser.post(form_path, {"new_password1": "robin", "new_password2": "robin"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.get(email="robin@desk.test").has_usable_password()


def test_the_invitation_task_sends_once(manager_client, django_capture_on_commit_callbacks):
    from accounts.tasks import send_invitation

    invite(manager_client, django_capture_on_commit_callbacks)
    change = PeopleChange.objects.get(what="invited")
    assert send_invitation(change.pk) is False  # already emailed: a second run sends nothing
    assert len(mail.outbox) == 1


def test_two_managers_inviting_one_address_at_once_is_a_field_error(manager, monkeypatch):
    """The second of two simultaneous invitations passes the check before the first commits;
    the database's unique email then refuses it, and it is a field error, not a 500."""
    from accounts import people
    from recovery.errors import RecoveryError

    make_user(Role.AGENT, email="robin@desk.test")
    monkeypatch.setattr(people.User.objects, "filter",
                        lambda **kw: User.objects.none())  # the check sees nobody yet
    with pytest.raises(RecoveryError) as refusal:
        people.invite("robin@desk.test", role=Role.AGENT, by=manager)
    monkeypatch.undo()
    assert refusal.value.field == "email"
    assert User.objects.filter(email="robin@desk.test").count() == 1


def test_a_link_posted_twice_at_once_sets_the_password_once(manager):
    """Both posts passed the token check before either saved: the second is refused."""
    from accounts import people
    from recovery.errors import RecoveryError

    robin = people.invite("robin@desk.test", role=Role.AGENT, by=manager)
    people.accept_invitation(robin, "a long new secret 42")
    with pytest.raises(RecoveryError, match="used already"):
        people.accept_invitation(robin, "the other one 4242")
    robin.refresh_from_db()
    assert robin.check_password("a long new secret 42")
