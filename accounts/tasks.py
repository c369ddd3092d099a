"""Housekeeping of the API's remembered requests."""

from celery import shared_task

from recovery import idempotency


@shared_task(ignore_result=True)
def forget_idempotency_keys():
    """Hourly: drop `Idempotency-Key` records older than IDEMPOTENCY_TTL_HOURS."""
    return idempotency.forget_expired()


@shared_task(ignore_result=True)
def send_invitation(change_id):
    """Email an invitation (see `accounts.invitations`); a second run sends nothing."""
    from . import invitations

    return invitations.send(change_id)
