"""Building a conversation as users would: through `writing.send` and the intake."""

from django.utils import timezone

from cases.intake import CustomerDetails
from conversation import writing
from conversation.models import DeliveryState, Direction, Message, MessageKind

from ..factories import CaseFactory


def logged_case(agent, **fields):
    fields.setdefault("customer", CustomerDetails(email="ines@example.fr", name="Inès Moreau"))
    return CaseFactory(by=agent, assignee=agent, **fields)


def reply(case, body, at=None):
    """What the customer wrote back (the status page's reply, as issue 18 stores it)."""
    return Message.objects.create(
        case=case, direction=Direction.IN, kind=MessageKind.REPLY, body=body,
        address=case.customer.email, message_id=f"<reply-{Message.objects.count()}@x.test>",
        state=DeliveryState.RECEIVED, created_at=at or timezone.now())


def updates(case, agent, count):
    for number in range(1, count + 1):
        writing.send(case, MessageKind.UPDATE, f"Update number {number}: still on it.",
                     by=agent)
