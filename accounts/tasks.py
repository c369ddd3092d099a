"""Housekeeping of the API's remembered requests, the password-reset and invitation emails."""

from smtplib import SMTPException

from celery import shared_task

from recovery import idempotency

from . import password_reset


@shared_task(ignore_result=True)
def forget_idempotency_keys():
    """Hourly: drop `Idempotency-Key` records older than IDEMPOTENCY_TTL_HOURS."""
    return idempotency.forget_expired()


# Unlike the desk's other emails, no row waits behind this one: a lost request (the broker
# down) is asked again by the person, who is looking at their inbox. A retry sends a fresh
# link, which is as good as the first.
@shared_task(ignore_result=True, autoretry_for=(SMTPException, ConnectionError, TimeoutError),
             retry_backoff=10, max_retries=3)
def email_password_reset(email: str):
    password_reset.email_link(email)


@shared_task(ignore_result=True)
def send_invitation(change_id):
    """Email an invitation (see `accounts.invitations`); a second run sends nothing."""
    from . import invitations

    return invitations.send(change_id)
