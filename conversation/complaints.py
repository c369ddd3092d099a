"""A complaint that opens a case: an email nobody at the desk had seen before, or the public
complaint form. The customer's own words are the first message of the conversation (a
`complaint`), then the acknowledgement goes out at once, threaded as an answer to it."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.choices import Channel, Severity
from cases.intake import CustomerDetails, open_case
from cases.models import Case, Category, EventKind
from recovery.text import one_line

from . import acknowledgement, attachments
from .models import DeliveryState, Direction, InboundRoute, Message, MessageKind

TITLE_CHARS = 200


@dataclass
class Complaint:
    email: str
    text: str
    name: str = ""
    subject: str = ""
    channel: str = Channel.EMAIL
    remedy_requested: str = ""
    order_reference: str = ""
    category: Category | None = None
    message_id: str = ""
    full_body: str = ""
    html: str = ""
    files: list = field(default_factory=list)  # (filename, bytes)


def category_for(addresses) -> Category:
    """The category of a rule on an address it was sent to (billing@… → billing), else the
    default (INBOUND_DEFAULT_CATEGORY)."""
    candidates = set(addresses) | {address.split("@", 1)[0] for address in addresses}
    routes = InboundRoute.kept()
    for address in sorted(address for address in candidates if address in routes):
        category = Category.by_slug(routes[address])  # the first route by address, as listed
        if category is not None and category.is_active:
            return category
    return (Category.by_slug(settings.INBOUND_DEFAULT_CATEGORY)
            or Category.objects.filter(is_active=True).order_by("pk").first())


def title_of(complaint: Complaint) -> str:
    words = one_line(complaint.subject) or one_line(complaint.text)
    return (words[:TITLE_CHARS] or f"Message from {complaint.email}")[:TITLE_CHARS]


def open_complaint(complaint: Complaint, *, follows=None) -> tuple[Case, Message]:
    from . import outbox

    # No savepoint when nested (email in): nothing between here and the caller's transaction
    # catches a failure, so the whole email is rolled back anyway; two queries fewer.
    with transaction.atomic(savepoint=False):
        description = complaint.text
        if complaint.order_reference:
            description = f"{description}\n\nOrder: {complaint.order_reference}".strip()
        case = open_case(
            customer=CustomerDetails(email=complaint.email, name=complaint.name),
            title=title_of(complaint), category=complaint.category or category_for([]),
            severity=Severity.MEDIUM, channel=complaint.channel, description=description,
            remedy_requested=complaint.remedy_requested, acknowledge=False, follows=follows,
        )
        # No re-read under lock: the row was inserted in this transaction, so no one else
        # can see it, let alone lock it, before we commit.
        now = timezone.now()
        message = Message.objects.create(
            case=case, direction=Direction.IN, kind=MessageKind.COMPLAINT,
            state=DeliveryState.RECEIVED, state_changed_at=now, created_at=now,
            subject=complaint.subject or title_of(complaint), body=complaint.text or "(no text)",
            full_body=complaint.full_body, html=complaint.html, address=case.customer.email,
            message_id=complaint.message_id or outbox.new_message_id("complaint"),
        )
        timeline.record(case, EventKind.COMPLAINT_RECEIVED, to_value=case.get_channel_display(),
                        note=complaint.text, message=message.pk)
        for filename, content in complaint.files[:settings.ATTACHMENTS_PER_MESSAGE]:
            attachments.store(case, content, filename, message=message)
        acknowledgement.on_intake(case, first=False)  # an answer to their words
    return case, message


def open_from_email(parsed, *, text: str, follows=None) -> tuple[Case, Message]:
    """A new case from an email (`conversation.inbound`; its attachments are kept there)."""
    return open_complaint(Complaint(
        email=parsed.sender, name=parsed.sender_name, subject=parsed.subject, text=text,
        channel=Channel.EMAIL, category=category_for(parsed.to), message_id=parsed.message_id,
        full_body=parsed.text, html=parsed.html), follows=follows)
