"""Resetting a forgotten password by email, without telling anyone whether an account exists.

The page answers every address the same way, in the same time: it counts the request and
hands the address to a task (`accounts.tasks.email_password_reset`), which looks the account
up and emails the link — only to an active person with a password. Whether anyone was found
is never known to the request, so neither the page nor its timing can say.

Throttled in the cache, like the desk's other public forms: PASSWORD_RESETS_PER_ADDRESS_PER_HOUR
requests from one client address (then the page says to wait, 429), and
PASSWORD_RESETS_PER_EMAIL_PER_HOUR emails to one address (further requests get the same "check
your email" page, and no email: an inbox cannot be flooded, and the answer says nothing).

Setting a new password ends every session of that person (the session auth hash is an HMAC
of the password hash), and the reset link works once (its token is made from that hash too).
Two-factor sign-in stays on: the new password is only the first step.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recovery import enqueue
from recovery.text import one_line

WINDOW_SECONDS = 3600


def request_link(request, email: str) -> bool:
    """Take one request for a reset link to `email`. False: this client asked too often."""
    client = get_client_ip_address(request) or ""
    if _count(f"password-reset:client:{_digest(client)}") > \
            settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR:
        return False
    if _count(f"password-reset:email:{_digest(email.strip().lower())}") <= \
            settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR:
        from .tasks import email_password_reset  # tasks import this module

        enqueue.now(email_password_reset, email)
    return True


def email_link(email: str) -> int:
    """Email a reset link to each active person with a password at `email` (Django's own
    choice of who may reset, `PasswordResetForm.get_users`). Returns how many were sent."""
    sent = 0
    for user in PasswordResetForm().get_users(email):
        path = reverse("password_reset_confirm", kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user)})
        context = {"user": user, "link": settings.SITE_URL + path,
                   "site_url": settings.SITE_URL,
                   "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        subject = one_line(render_to_string("registration/password_reset_subject.txt", context))
        context["subject"] = subject
        message = EmailMultiAlternatives(
            subject, render_to_string("registration/password_reset_email.txt", context),
            to=[user.email])
        message.attach_alternative(
            render_to_string("registration/password_reset_email.html", context), "text/html")
        message.send()
        sent += 1
    return sent


def _digest(text: str) -> str:  # a cache key of a fixed alphabet and length
    return hashlib.sha256(text.encode()).hexdigest()


def _count(key: str) -> int:
    """`add` then `incr` are each atomic in Redis: two requests at once cannot both take the
    last place. The first opens an hour's window."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr: a new one
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1
