"""Housekeeping of the API's remembered requests."""

from celery import shared_task

from recovery import idempotency


@shared_task(ignore_result=True)
def forget_idempotency_keys():
    """Hourly: drop `Idempotency-Key` records older than IDEMPOTENCY_TTL_HOURS."""
    return idempotency.forget_expired()
