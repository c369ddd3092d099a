"""Celery tasks of the conversation: thin, safe to run twice, enqueued after commit."""

from celery import shared_task
from django.conf import settings

from . import delivery


@shared_task(autoretry_for=(delivery.TemporaryFailure,),
             retry_backoff=settings.EMAIL_RETRY_SECONDS, retry_backoff_max=3600, max_retries=8)
def deliver_message(message_id: int):
    delivery.deliver(message_id)


@shared_task(ignore_result=True)
def redeliver_messages():
    """Beat: enqueue again the messages whose delivery task was lost."""
    for message_id in delivery.stalled():
        deliver_message.delay(message_id)


@shared_task(ignore_result=True)
def poll_mailbox():
    """Beat: read the new emails of the IMAP mailbox (nothing when INBOUND_IMAP_URL is unset;
    a poll already running makes this one a no-op)."""
    from . import mailbox

    mailbox.poll()
