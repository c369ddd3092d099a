"""Handing a sent apology to the email backend, once.

`deliver` holds the message's row lock while it sends and records `delivered_at` in the
same transaction, so a second run (a retried task, a duplicate enqueue) waits and then finds
it delivered. The one gap: the process dying after the SMTP server accepted the email but
before the commit; the retry then sends again with the same Message-ID, which mail systems
use to drop the duplicate.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from cases import timeline
from recovery.text import one_line

from .models import ApologyMessage


def deliver(message_id: int) -> bool:
    """Send the apology email; False if it is gone or was delivered already."""
    with transaction.atomic():
        message = (
            ApologyMessage.objects.select_for_update(of=("self",)).select_related("case")
            .filter(pk=message_id).first()
        )
        if message is None or message.delivered_at is not None:
            return False  # another run got there first
        email = EmailMultiAlternatives(
            # folded again: a row written before subjects were folded must still go out
            subject=one_line(message.subject), body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to_email],
            headers={"Message-ID": message.message_id},
        )
        email.attach_alternative(message.html, "text/html")
        email.send()
        message.delivered_at = timezone.now()
        message.save(update_fields=["delivered_at"])
        timeline.record(message.case, "apology_delivered", to_value=message.to_email)
    return True


def undelivered(now=None) -> list[int]:
    """Apologies sent a while ago whose email has not left: the task was lost (a worker
    died, the broker was emptied). Beat re-enqueues them; `deliver` is safe to run twice."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    return list(ApologyMessage.objects.filter(delivered_at__isnull=True, sent_at__lt=stale)
                .values_list("pk", flat=True)[:settings.REMINDER_BATCH_SIZE])
