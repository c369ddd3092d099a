"""Putting a message to the customer in the conversation, to be sent once.

`queue` is called inside the caller's transaction, with the case row locked (so two
messages of one case are threaded one after the other): it writes the row with its
Message-ID and its place in the thread, records it on the timeline, and hands it to a
worker after commit (`conversation.delivery`). Acknowledgements, updates, questions, the
apology and the survey all come through here.
"""

import uuid

from django.conf import settings

from cases import timeline
from cases.models import EventKind
from recovery import enqueue
from recovery.text import one_line

from .models import Direction, Message

# A long conversation would make References grow without end; RFC 5322 lets us keep the
# first message and the latest few (mail clients thread on any of them).
REFERENCES_KEPT = 10


def new_message_id(label: str = "msg") -> str:
    return f"<{label}-{uuid.uuid4().hex}@{settings.EMAIL_MESSAGE_DOMAIN}>"


def tagged_subject(case, subject: str) -> str:
    """Every subject carries the reference in brackets, which replies keep (and issue 18's
    inbound mail threads on when the headers are lost)."""
    subject = one_line(subject)
    tag = f"[{case.reference}]"
    return (subject if tag in subject else f"{tag} {subject}")[:300]


def thread_after(case) -> tuple[str, str]:
    """(In-Reply-To, References) for the next message of `case`: the previous message,
    in or out, and the ones before it."""
    previous = (Message.objects.filter(case=case).exclude(message_id="")
                .order_by("-created_at", "-id").only("message_id", "references").first())
    if previous is None:
        return "", ""
    chain = previous.references.split() + [previous.message_id]
    if len(chain) > REFERENCES_KEPT:
        chain = chain[:1] + chain[-(REFERENCES_KEPT - 1):]
    return previous.message_id, " ".join(chain)


def queue(case, kind: str, subject: str, body: str, *, author=None, html: str = "",
          message_id: str = "", by=None, at=None, record: bool = True,
          first: bool = False) -> Message:
    """`record=False`: the caller records its own event (the apology's `apology_sent`);
    `first`: the case is new, so nothing to thread after (intake saves the query)."""
    in_reply_to, references = ("", "") if first else thread_after(case)
    fields = {"created_at": at} if at else {}
    message = Message.objects.create(
        case=case, direction=Direction.OUT, kind=kind, subject=tagged_subject(case, subject),
        body=body.strip(), html=html, author=author, address=case.customer.email,
        message_id=message_id or new_message_id(kind), in_reply_to=in_reply_to,
        references=references, **fields,
    )
    if record:
        timeline.record(case, EventKind.MESSAGE_SENT, by=by, to_value=message.get_kind_display(),
                        note=message.body, message=message.pk, message_kind=kind, at=at)
    from .tasks import deliver_message  # tasks import this module

    enqueue.after_commit(deliver_message, message.pk)
    return message
