"""The conversation on the case page: who the customer is and what they told us, then the
messages to and from them, oldest first, each with its delivery state; the form to write
to them; and the banners at the top of the page (reopened by the customer, unreachable by
email, waiting on the customer).

Paged: the latest 20 messages, then "Show earlier" pages back (`cases.paging.newest_page`),
one query a page, so the page's cost does not grow with the conversation.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Q
from django.urls import reverse

from cases.choices import Status
from cases.disclosure import DESK
from cases.models import Survey
from cases.paging import HistoryPage, newest_page

from .emails import STATUS_SLOT, SURVEY_SLOT
from .file_fields import AttachForm
from .forms import MessageForm
from .models import UNDELIVERABLE, Attachment, Message, MessageKind

EARLIER = "messages_before"  # ?messages_before=<cursor>: the page before the one seen
# What a stored text holds where each email had a private link (`emails`).
SLOTS_IN_WORDS = {STATUS_SLOT: "(status link)", SURVEY_SLOT: "(survey link)"}
STATE_TONES = {"queued": "secondary", "sent": "primary", "delivered": "success",
               "bounced": "danger", "rejected": "danger", "complained": "warning",
               "received": "info"}
NEXT_AFTER_REOPEN = "Read their comment, write to them, and put it right again."


@dataclass(frozen=True)
class Entry:
    """One message as the agent reads it."""

    message: Message
    outgoing: bool
    direction: str
    kind: str
    who: str
    at: datetime
    state: str
    tone: str
    detail: str
    body: str
    subject: str
    original_url: str = ""  # email in: the whole message, quote and all
    attachments: tuple = ()


def readable(text: str) -> str:
    for slot, words in SLOTS_IN_WORDS.items():
        text = text.replace(slot, words)
    return text


def who_wrote(message, case) -> str:
    if not message.is_outgoing:
        return case.customer.name or case.customer.email
    return message.author.display_name if message.author_id else DESK


def entry(message, case, files=()) -> Entry:
    return Entry(
        message=message, outgoing=message.is_outgoing,
        direction=message.get_direction_display(), kind=message.get_kind_display(),
        who=who_wrote(message, case), at=message.created_at,
        state=message.get_state_display(), tone=STATE_TONES.get(message.state, "secondary"),
        detail=message.state_detail if message.undeliverable else "",
        body=readable(message.body), subject=readable(message.subject),
        original_url=(reverse("conversation:original", args=[case.reference, message.pk])
                      if message.full_body else ""),
        attachments=tuple(files),
    )


def latest(case, cursor: str | None) -> tuple[HistoryPage, bool]:
    """(the page of messages to show, oldest first; whether the customer was acknowledged).
    One query: the acknowledgement's existence rides on the page's rows (a case with no
    messages has none)."""
    acknowledged = Exists(Message.objects.filter(case_id=case.pk,
                                                 kind=MessageKind.ACKNOWLEDGEMENT))
    page = newest_page(case.messages.select_related("author")
                       .annotate(acknowledged=acknowledged), cursor)
    return page, bool(page.rows) and page.rows[0].acknowledged


def files_of(case, rows) -> tuple[dict, list]:
    """({message id: its files}, the files added with no message): one query."""
    by_message, loose = defaultdict(list), []
    for attachment in (Attachment.objects.filter(case=case)
                       .filter(Q(message__in=[m.pk for m in rows]) | Q(message__isnull=True))
                       .select_related("uploaded_by")):
        (by_message[attachment.message_id] if attachment.message_id else loose).append(
            attachment)
    return by_message, loose


def conversation_section(request, case, form=None):
    page, acknowledged = latest(case, request.GET.get(EARLIER))
    by_message, loose = files_of(case, page.rows)
    return {
        "template": "conversation/_case_conversation.html",
        "case": case,
        "entries": [entry(message, case, by_message.get(message.pk, ()))
                    for message in page.rows],
        "loose_files": loose,
        "attach_form": AttachForm(),
        "page": page,
        "earlier_param": EARLIER,
        "form": form or MessageForm(),
        "may_acknowledge": not acknowledged,
    }


def banners(request, case):
    """What the agent must see first; None when nothing holds the case."""
    reopened = case.reopened_by_customer_at and case.status == Status.OPEN
    waiting = case.waiting_on_customer
    if not (reopened or case.customer_unreachable or waiting):
        return None
    return {
        "template": "conversation/_banners.html",
        "case": case,
        "reopened": reopened,
        "survey": Survey.objects.filter(case=case).first() if reopened else None,
        "next_after_reopen": NEXT_AFTER_REOPEN,
        "bounce": (case.messages.filter(state__in=UNDELIVERABLE)
                   .order_by("-state_changed_at", "-id").first()
                   if case.customer_unreachable else None),
        "waiting": waiting,
    }
