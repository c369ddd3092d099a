"""Celery tasks of the cases app: thin, idempotent, triggered after commit or by beat."""

from smtplib import SMTPException

from celery import shared_task

from recovery.models import Heartbeat

from . import digest, notify, reminders

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_notification_email(notification_id: int):
    """Enqueued NOTIFICATION_GROUP_SECONDS after a notification's commit: sends it with the
    others about its case that arrived meanwhile (`cases.notify`)."""
    notify.email_notification(notification_id)


@shared_task(ignore_result=True)
def send_digests():
    """Beat, every NOTIFICATION_DIGEST_SECONDS: each person's daily digest, in their hour."""
    return digest.send_due()


@shared_task(ignore_result=True)
def dispatch_reminders():
    """Beat, every REMINDER_DISPATCH_SECONDS: claim due reminders and enqueue their sends,
    and note the cycle (`/readyz` tells when they stop)."""
    claimed = reminders.dispatch()
    Heartbeat.beat(Heartbeat.REMINDER_DISPATCH)
    return len(claimed)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_reminder(reminder_id: int):
    reminders.send(reminder_id)


@shared_task
def plan_digests():
    return reminders.plan_digests()
