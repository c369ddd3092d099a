"""Celery tasks for webhooks: thin and idempotent.

They run on their own queue (`CELERY_WEBHOOK_QUEUE`, routed in settings), so a slow receiver
only ever keeps webhook workers busy, never the ones sending customers' emails.
"""

from celery import shared_task

from . import sending


@shared_task(ignore_result=True)
def send_delivery(delivery_id: int):
    sending.send(delivery_id)


@shared_task(ignore_result=True)
def dispatch_deliveries():
    """Beat: enqueue the deliveries due for an attempt (first tries whose task was lost,
    and retries whose backoff is over)."""
    ids = sending.claim_due()
    for pk in ids:
        send_delivery.delay(pk)
    return len(ids)
