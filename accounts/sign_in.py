"""Signing in in two steps: the password, then (for people with two-factor sign-in) a code.

Between the steps the person is *not* signed in: the session holds only whose password was
right, when, and the auth hash of the account then. So no page, API call or admin view can
be reached with the password alone, and there is no half-signed-in state to guard. The code
step signs in (`django.contrib.auth.login`) and marks the session verified (django-otp's
`otp_device_id`).

The held sign-in is dropped after SIGN_IN_CODE_SECONDS, and when the account changed in the
meantime (a new password, "Sign out everywhere"): its auth hash no longer matches.
"""

import time

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.utils.crypto import constant_time_compare

HELD = "sign_in_held"


def hold(request, user, next_url: str) -> None:
    request.session.cycle_key()  # a fresh session id once the password was right
    request.session[HELD] = {
        "user": user.pk, "backend": user.backend, "hash": user.get_session_auth_hash(),
        "at": time.time(), "next": next_url,
    }


def held_user(request):
    """The person whose password was right in this session, still waiting for their code;
    None if no one is, or the wait is over, or the account changed since."""
    held = request.session.get(HELD)
    if not isinstance(held, dict):
        return None
    if time.time() - held.get("at", 0) > settings.SIGN_IN_CODE_SECONDS:
        forget(request)
        return None
    user = get_user_model().objects.filter(pk=held.get("user"), is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), held["hash"]):
        forget(request)
        return None
    return user


def next_url(request) -> str:
    return (request.session.get(HELD) or {}).get("next", "")


def finish(request, user, device) -> None:
    """Sign `user` in, verified by `device`."""
    backend = request.session[HELD]["backend"]
    forget(request)
    auth_login(request, user, backend=backend)
    django_otp.login(request, device)


def mark_verified(request, device) -> None:
    """This session has just proved the code of `device` (setting it up)."""
    django_otp.login(request, device)


def forget(request) -> None:
    request.session.pop(HELD, None)


def is_verified(request) -> bool:
    """Was this session signed in with a code?"""
    return django_otp.DEVICE_ID_SESSION_KEY in request.session
