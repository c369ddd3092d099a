"""Handing a message to the mail server, once, and recording what became of it.

Three steps, none holding a transaction across the network: `claim` marks the queued row
as being sent (a second run — a retried task, a duplicate enqueue, the sweep — finds the
claim and does nothing); the email is sent; `record_sent` or `record_state` writes the
outcome with its effects on the case. A worker killed between claim and record leaves a
claim that goes stale after REMINDER_CLAIM_TIMEOUT; the sweep then sends again, with the
same Message-ID, which mail systems use to drop the duplicate.

After sending, the email service provider (through anymail's tracking webhooks,
`conversation.tracking`) or the SMTP server's refusal moves the state on: delivered,
bounced, rejected, complained. An undeliverable email flags the customer unreachable.
"""

import logging
import smtplib
from datetime import timedelta

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases import timeline
from cases.models import Case, EventKind

from . import clock, emails, reachability
from .models import UNDELIVERABLE, DeliveryState, Message, MessageKind

S = DeliveryState
logger = logging.getLogger(__name__)


class TemporaryFailure(Exception):
    """The mail server could not take it now (a 4xx, a dropped connection): retry later."""


def claim(message_id: int, now=None) -> Message | None:
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    with transaction.atomic():
        message = (Message.objects.select_for_update(of=("self",), skip_locked=True)
                   .filter(pk=message_id, state=S.QUEUED)
                   .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)).first())
        if message is None:
            return None  # sent already, or another run holds it
        message.claimed_at, message.attempts = now, F("attempts") + 1
        message.save(update_fields=["claimed_at", "attempts"])
    return Message.objects.select_related("case__customer", "case__category").get(pk=message_id)


def deliver(message_id: int) -> bool:
    """Send one queued message; False when there was nothing to do. Raises TemporaryFailure
    (the claim released) for the task to retry with backoff."""
    message = claim(message_id)
    if message is None:
        return False
    email = emails.build(message)
    try:
        get_connection().send_messages([email])
    except smtplib.SMTPRecipientsRefused as refusal:
        code, reason = next(iter(refusal.recipients.values()), (550, b""))
        return _refused_or_retry(message, code, reason)
    except smtplib.SMTPDataError as refusal:
        return _refused_or_retry(message, refusal.smtp_code, refusal.smtp_error)
    except AnymailRecipientsRefused:
        record_state(message.pk, S.REJECTED, _provider_refusal(email))
        return True
    except (smtplib.SMTPException, AnymailAPIError, OSError) as failure:
        # Also a refused sender (SMTPSenderRefused): the server refused the desk's own
        # address, a setting to put right, not the customer's: tried again, nobody flagged.
        if _release(message, failure):
            return False  # given up
        logger.warning("Message %s to %s not sent, to be tried again: %s", message.pk,
                       message.address, failure)
        raise TemporaryFailure(str(failure)) from failure
    record_sent(message, esp_message_id=esp_message_id(email))
    return True


def esp_message_id(email) -> str:
    """The provider's id for the email sent (anymail sets `anymail_status`; Django's SMTP
    backend does not), which its tracking events carry back. Not always a string: anymail's
    test backend numbers emails from 0, and several recipients with different ids give a
    set (ours have one recipient)."""
    found = getattr(getattr(email, "anymail_status", None), "message_id", None)
    if found is None or isinstance(found, set | frozenset):
        return ""
    return str(found)


def _refused_or_retry(message, code, reason) -> bool:
    reason = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    if code is not None and 400 <= code < 500:
        if _release(message, f"{code} {reason}"):
            return False  # given up
        raise TemporaryFailure(f"{code} {reason}")
    record_state(message.pk, S.REJECTED, f"{code} {reason}".strip())
    return True


def _provider_refusal(email) -> str:
    """What the email service provider said when it refused every recipient."""
    status = getattr(email, "anymail_status", None)
    states = sorted({str(s.status) for s in (status.recipients.values() if status else [])})
    return f"Refused by the email service provider ({', '.join(states) or 'rejected'})"


def _release(message, failure):
    """Free the claim for the next try; after REMINDER_MAX_ATTEMPTS tries, give up."""
    Message.objects.filter(pk=message.pk).update(claimed_at=None,
                                                 last_error=str(failure)[:500])
    if message.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        _give_up(message, str(failure))
        return True
    return False


def _give_up(message, failure):
    """Our own mail server refused it try after try (down, misconfigured): the desk must
    know, or the customer waits for an email that never leaves. Not "unreachable": the
    fault is ours, not their address."""
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=message.case_id)
        if not Message.objects.filter(pk=message.pk, state=S.QUEUED).update(
                state=S.FAILED, state_detail=failure[:500], state_changed_at=now):
            return
        timeline.record(case, EventKind.MESSAGE_NOT_SENT, to_value=message.get_kind_display(),
                        note=failure, message=message.pk, attempts=message.attempts)
        kind = message.get_kind_display().lower()
        reachability.tell_the_desk(
            case, f"Email not sent: {case.reference}",
            f"The {kind} to {message.address} could not be sent after {message.attempts} "
            f"tries: {failure}. Check the desk's mail settings, then write to the customer "
            "again.", kind="message_not_sent")


def record_sent(message, *, esp_message_id: str = "") -> None:
    """The mail server took it: the customer has heard from us (the first-response clock
    stops at the first message) and the next-update clock starts again."""
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=message.case_id)
        updated = Message.objects.filter(pk=message.pk, sent_at__isnull=True).update(
            sent_at=now, claimed_at=None, esp_message_id=esp_message_id[:250], last_error="")
        if not updated:
            return
        # (a provider's "delivered" can overtake this: its state stands)
        Message.objects.filter(pk=message.pk, state=S.QUEUED).update(state=S.SENT,
                                                                     state_changed_at=now)
        if message.kind == MessageKind.APOLOGY:
            _apology_delivered(case, message, now)
        clock.customer_heard_from_us(case, now)


def _apology_delivered(case, message, now):
    from apologies.models import ApologyMessage

    ApologyMessage.objects.filter(case=case, delivered_at__isnull=True).update(delivered_at=now)
    timeline.record(case, EventKind.APOLOGY_DELIVERED, to_value=message.address)


# Later news may not undo worse news: a "delivered" arriving after a bounce of the same
# email (providers do send them out of order) leaves the bounce standing.
RANK = {S.QUEUED: 0, S.SENT: 1, S.DELIVERED: 2, S.COMPLAINED: 3, S.BOUNCED: 4, S.REJECTED: 4}


def record_state(message_id: int, state: str, detail: str = "") -> bool:
    """What the mail system later said of a message; True if it changed anything."""
    now = timezone.now()
    with transaction.atomic():
        # The case first, then the message: the order `record_sent` locks them in
        case_id = Message.objects.filter(pk=message_id).values_list("case_id", flat=True).first()
        if case_id is None:
            return False
        case = Case.objects.select_for_update(of=("self",)).get(pk=case_id)
        message = Message.objects.select_for_update(of=("self",)).get(pk=message_id)
        if RANK.get(state, 0) <= RANK.get(message.state, 0):
            return False
        message.state, message.state_detail = state, detail[:500]
        message.state_changed_at, message.claimed_at = now, None
        message.save(update_fields=["state", "state_detail", "state_changed_at", "claimed_at"])
        if state in UNDELIVERABLE:
            reachability.undeliverable(case, message, now)
        elif state == S.DELIVERED:
            reachability.delivered(case, message)
        elif state == S.COMPLAINED:
            timeline.record(case, EventKind.MESSAGE_COMPLAINED, to_value=message.get_kind_display(),
                            note=detail, message=message.pk)
    return True


def stalled(now=None) -> list[int]:
    """Queued messages whose task was lost (a worker died, the broker was emptied): beat
    enqueues them again; `deliver` is safe to run twice."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    return list(Message.objects.filter(state=S.QUEUED, direction="out", created_at__lt=stale)
                .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
                .filter(attempts__lt=settings.REMINDER_MAX_ATTEMPTS)
                .values_list("pk", flat=True)[:settings.REMINDER_BATCH_SIZE])
