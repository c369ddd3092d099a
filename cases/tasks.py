"""Celery tasks of the cases app: thin, idempotent, triggered after commit."""

from smtplib import SMTPException

from celery import shared_task

from . import notify


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30, retry_backoff_max=3600, max_retries=8,
)
def send_notification_email(notification_id: int):
    notify.email_notification(notification_id)
