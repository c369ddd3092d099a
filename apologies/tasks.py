"""Celery tasks of the apology flow: thin, idempotent, enqueued after commit."""

from smtplib import SMTPException

from celery import shared_task

from . import delivery


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30, retry_backoff_max=3600, max_retries=8,
)
def deliver_apology(message_id: int):
    delivery.deliver(message_id)


@shared_task(ignore_result=True)
def redeliver_apologies():
    """Beat: enqueue again the apologies whose delivery task was lost."""
    for message_id in delivery.undelivered():
        deliver_apology.delay(message_id)
