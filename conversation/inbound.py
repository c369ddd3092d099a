"""Email in: the one code path behind every door (the IMAP mailbox, an email provider's
inbound webhook, a mail server's pipe) that turns a raw message into a reply on its case or
a new case.

- Recorded once per mailbox, by Message-ID (`InboundEmail`): a message read twice (a poll
  repeated after a worker died before flagging it) changes nothing the second time.
- Never a mail loop: auto-replies, bounces and our own mail are recorded and ignored, and
  a sender writing more than INBOUND_PER_SENDER_PER_HOUR emails an hour is not heard again
  until the hour is over.
- Threading: by In-Reply-To / References to any message of a conversation; else by the
  case reference in the subject, if the sender is that case's customer; else a new case.
  A reply to a case closed more than REOPEN_WINDOW_DAYS ago opens a new case that follows
  it, instead of reopening it.
- A message over INBOUND_MAX_BYTES is not kept whole: it is recorded with a note, and the
  customer is asked politely to send it again in smaller parts.
- A `From:` naming someone at the desk is still a customer: email is not an identity.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.choices import Status
from cases.models import REFERENCE_PATTERN, Case

from . import attachments, complaints, mail_parsing, outbox, replies
from .models import InboundEmail, InboundOutcome, Message, MessageKind

log = logging.getLogger(__name__)
OUTCOME = InboundOutcome
HEAD_BYTES = 64 * 1024


@dataclass
class Received:
    record: InboundEmail
    duplicate: bool = False

    @property
    def case(self):
        message = self.record.recorded_as
        return message.case if message else None


def own_addresses() -> set[str]:
    from email.utils import parseaddr

    return {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()} - {""}


def receive(raw: bytes, *, mailbox: str) -> Received:
    """Take one raw email from `mailbox`. Never raises for bad mail: what cannot be read is
    recorded as failed, with the raw message kept."""
    too_large = len(raw) > settings.INBOUND_MAX_BYTES
    try:
        parsed = mail_parsing.parse(_head(raw) if too_large else raw,
                                    own_addresses=own_addresses())
    except Exception as failure:  # the parser's last resort: keep it, say so
        log.exception("Unreadable email in %s", mailbox)
        return _record_only(raw, mailbox, OUTCOME.FAILED, f"Could not be read: {failure}"[:500])
    existing = InboundEmail.objects.filter(mailbox=mailbox, message_id=parsed.message_id).first()
    if existing is not None:
        return Received(existing, duplicate=True)
    try:
        with transaction.atomic():
            record = _record(raw, mailbox, parsed, too_large)
            if record.outcome != OUTCOME.IGNORED:
                _take(record, parsed, too_large)
            # Inserted last, with what became of it: one write, not an insert and an update.
            # A second worker on the same message fails here (unique per mailbox and
            # Message-ID) and its whole transaction, case or reply included, rolls back.
            record.save()
    except IntegrityError:  # another worker recorded the same message a moment ago
        existing = InboundEmail.objects.get(mailbox=mailbox, message_id=parsed.message_id)
        return Received(existing, duplicate=True)
    return Received(record)


def _head(raw: bytes) -> bytes:
    """The headers and the start of a message too large to keep: enough to thread it."""
    end = raw.find(b"\r\n\r\n", 0, HEAD_BYTES)
    end = raw.find(b"\n\n", 0, HEAD_BYTES) if end < 0 else end
    return raw[: end if end > 0 else HEAD_BYTES] + b"\r\n\r\n"


def _ignored_because(parsed) -> str:
    if parsed.auto_reply:
        return parsed.auto_reply
    if not parsed.sender:
        return "no sender address"
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = InboundEmail.objects.filter(sender=parsed.sender, received_at__gte=hour_ago)
    if recent.count() >= settings.INBOUND_PER_SENDER_PER_HOUR:
        return f"more than {settings.INBOUND_PER_SENDER_PER_HOUR} emails in an hour"
    return ""


def _record(raw, mailbox, parsed, too_large) -> InboundEmail:
    """The record of this email, its raw file kept; not saved yet (`receive` saves it)."""
    reason = _ignored_because(parsed)
    record = InboundEmail(mailbox=mailbox, message_id=parsed.message_id, size=len(raw),
                          sender=parsed.sender[:254], subject=parsed.subject,
                          outcome=OUTCOME.IGNORED if reason else OUTCOME.THREADED,
                          note=reason[:500])
    if not too_large:
        record.raw.save("message.eml", ContentFile(raw), save=False)
    return record


def _record_only(raw, mailbox, outcome, note) -> Received:
    message_id = mail_parsing.synthetic_message_id(raw)
    record, _ = InboundEmail.objects.get_or_create(
        mailbox=mailbox, message_id=message_id,
        defaults={"size": len(raw), "outcome": outcome, "note": note})
    if not record.raw and len(raw) <= settings.INBOUND_MAX_BYTES:
        record.raw.save("message.eml", ContentFile(raw))
    return Received(record)


def thread(parsed) -> Case | None:
    """The case this email answers, or None."""
    ids = parsed.in_reply_to + parsed.references
    if ids:
        known = (Message.objects.filter(message_id__in=ids[-50:]).select_related("case")
                 .order_by("-created_at").first())
        if known is not None:
            return known.case
    match = REFERENCE_PATTERN.search(parsed.subject)
    if match:
        case = Case.objects.filter(reference=match.group(0).upper()).select_related(
            "customer").first()
        # A reference alone is guessable: only the case's own customer is threaded by it.
        if case is not None and case.customer.email == parsed.sender:
            return case
    return None


def _take(record, parsed, too_large):
    text = parsed.new_text
    if too_large:
        megabytes = settings.INBOUND_MAX_BYTES // (1024 * 1024)
        record.note = (f"Larger than {megabytes} MB ({record.size // (1024 * 1024)} MB): "
                       "not kept whole; the customer was asked to send it in parts.")
        record.outcome = OUTCOME.TOO_LARGE
        text = f"(This email was too large to receive: {record.size // (1024 * 1024)} MB.)"
    case = thread(parsed)
    if case is not None and case.status == Status.CLOSED and case.closed_at and (
            case.closed_at < timezone.now() - timedelta(days=settings.REOPEN_WINDOW_DAYS)):
        follows, case = case, None  # too late to reopen: a new case, linked to the old
    else:
        follows = None
    if case is None:
        case, message = complaints.open_from_email(parsed, text=text, follows=follows)
        if not too_large:
            record.outcome = OUTCOME.OPENED
    else:
        message = replies.customer_reply(case, text, via="email", email=replies.FromEmail(
            message_id=parsed.message_id, address=parsed.sender, subject=parsed.subject,
            full_body=parsed.text, html=parsed.html))
    if not too_large:
        _keep_files(case, message, parsed.files)
    else:
        _ask_for_parts(case)
    record.recorded_as = message


def _keep_files(case, message, files):
    for n, file in enumerate(files):
        if n >= settings.ATTACHMENTS_PER_MESSAGE:
            break
        try:
            attachments.store(case, file.content, file.filename, message=message)
        except attachments.AttachmentRefused as refusal:
            log.info("Attachment of %s not kept: %s", case.reference, refusal.message)


def _ask_for_parts(case):
    megabytes = settings.INBOUND_MAX_BYTES // (1024 * 1024)
    case = Case.objects.select_for_update(of=("self",)).select_related(
        "customer", "category").get(pk=case.pk)
    outbox.queue(case, MessageKind.UPDATE, f"Your email to us: {case.title_for_customer}",
                 f"Thank you for writing to us. Your email was larger than {megabytes} MB, "
                 "so it could not reach us whole. Could you send it again in a few smaller "
                 "emails (a few photos in each), or write to us on your case's page?")
