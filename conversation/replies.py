"""What the customer writes back: a message from them in the conversation (the status page
now; email in issue 18 comes through here too).

A reply is the customer's answer to whatever we asked, so it ends the wait on them (the
resolution clock runs again, its target moved on by the time they took), and a person must
read it: the assignee is told, or the managers when nobody is assigned. A reply to a
resolved or closed case means it is not over for the customer: the case opens again.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apologies import flow
from cases import timeline
from cases.choices import Status
from cases.models import Case, EventKind
from recovery.errors import RecoveryError
from recovery.text import CONTROL_IN_TEXT, PLAIN_TEXT_MESSAGE

from . import clock, outbox, reachability
from .models import DeliveryState, Direction, Message, MessageKind

EMPTY = "Write your message first."
VIAS = {"status_page": "on the status page", "email": "by email"}


def problem(text: str) -> str | None:
    """Why `text` cannot be a reply, or None (the form asks this too, for its field error)."""
    if not text:
        return EMPTY
    if len(text) > settings.STATUS_REPLY_MAX_CHARS:
        return f"At most {settings.STATUS_REPLY_MAX_CHARS} characters, please."
    if CONTROL_IN_TEXT.search(text):
        return PLAIN_TEXT_MESSAGE
    return None


def tidy(text: str) -> str:
    """Line breaks as one newline (a browser's textarea sends CRLF), no blank ends."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class FromEmail:
    """What an email reply brings beyond its new text (`conversation.inbound`)."""

    message_id: str
    address: str
    subject: str = ""
    full_body: str = ""
    html: str = ""


def customer_reply(case, text: str, *, via: str = "status_page",
                   email: FromEmail | None = None) -> Message:
    """Record what the customer wrote as a `reply` message, threaded after the previous
    message, with a `customer_replied` event; end the wait on them if a question was open
    (`waiting_ended`: the resolution target moves on); reopen a resolved or closed case
    (`flow.reopen`, a `reopened` event); notify the assignee, or the managers when nobody
    is assigned (emails after commit).

    Raises RecoveryError (field "text") for an empty, oversized or control-character text.
    Rate limits are the caller's: they count by the door (a link), not by the case.
    """
    text = tidy(text)
    refusal = problem(text) if email is None else None  # email: as long as they wrote it
    if refusal:
        raise RecoveryError(refusal, field="text", code="invalid_reply")
    # No savepoint when nested (email in): nothing between here and the caller's transaction
    # catches a failure, so the whole email is rolled back anyway; two queries fewer.
    with transaction.atomic(savepoint=False):
        # Locked: two replies (or a reply and an agent's message) thread one after the other.
        case = (Case.objects.select_for_update(of=("self",))
                .select_related("customer", "category", "assignee").get(pk=case.pk))
        now = timezone.now()
        in_reply_to, references = outbox.thread_after(case)
        message = Message.objects.create(
            case=case, direction=Direction.IN, kind=MessageKind.REPLY,
            state=DeliveryState.RECEIVED, state_changed_at=now, created_at=now,
            subject=(email.subject if email and email.subject
                     else outbox.tagged_subject(case, f"Re: {case.title_for_customer}")),
            body=text or "(no text)", address=email.address if email else case.customer.email,
            message_id=email.message_id if email else outbox.new_message_id("reply"),
            full_body=email.full_body if email else "", html=email.html if email else "",
            in_reply_to=in_reply_to, references=references,
        )
        where = VIAS.get(via, via)
        timeline.record(case, EventKind.CUSTOMER_REPLIED, to_value=where, note=text,
                        message=message.pk, via=via)
        was_waiting = case.waiting_on_customer
        if was_waiting:
            clock.waiting_ended(case, now)
        reopened = case.status in (Status.RESOLVED, Status.CLOSED)
        if reopened:
            flow.reopen(case, by=flow.CUSTOMER,
                        note=f"The customer wrote {where} after the case was "
                             f"{case.get_status_display().lower()}.")
        _tell_the_desk(case, text, where, was_waiting=was_waiting, reopened=reopened)
    return message


def _tell_the_desk(case, text, where, *, was_waiting, reopened):
    name = case.customer.name or case.customer.email
    lines = [f"{name} wrote {where}:", "", text, ""]
    if was_waiting:
        lines.append("This answers your question: the resolution clock runs again.")
    if reopened:
        lines.append("The case was resolved or closed; it is open again. Read the reply and "
                     "write back.")
    elif not was_waiting:
        lines.append("Read it and write back.")
    reachability.tell_the_desk(case, f"The customer wrote: {case.reference}",
                               "\n".join(lines).strip(), kind="customer_replied")
