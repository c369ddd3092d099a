"""The email service provider's word on each message, through anymail's tracking webhooks
(`/anymail/<esp>/tracking/`, authenticated by anymail with ANYMAIL_WEBHOOK_SECRET and the
provider's own signature where it has one). Anymail turns every provider's payload into
one `AnymailTrackingEvent`; this maps it onto the message it is about."""

from anymail.signals import tracking
from django.dispatch import receiver

from . import delivery
from .models import DeliveryState, Message

STATES = {
    "delivered": DeliveryState.DELIVERED,
    "bounced": DeliveryState.BOUNCED,
    "rejected": DeliveryState.REJECTED,
    "complained": DeliveryState.COMPLAINED,
}


def message_for(event) -> Message | None:
    """Ours by the metadata we sent with it (the message's id and its case's reference,
    which must agree: another installation sharing the provider account numbers its
    messages too), else by the provider's message id; never one to another recipient."""
    metadata = event.metadata or {}
    ours, reference = str(metadata.get("message", "")), metadata.get("case")
    found = None
    if ours.isdigit() and len(ours) <= 18:  # (a bigger number is no id of ours)
        found = Message.objects.filter(pk=int(ours)).select_related("case").first()
        if found is not None and reference and found.case.reference != str(reference):
            found = None
    if found is None and event.message_id:
        found = Message.objects.filter(esp_message_id=str(event.message_id)).first()
    if found is not None and event.recipient and \
            str(event.recipient).strip().lower() != found.address.lower():
        return None
    return found


def detail_of(event) -> str:
    """The provider's words (Postmark's description is generic, its details say what the
    receiving server answered), else anymail's normalised reason."""
    said = [str(part).strip() for part in (event.description, event.mta_response) if part]
    return " — ".join(part for part in said if part) or str(event.reject_reason or "")


@receiver(tracking, dispatch_uid="conversation.tracking")
def on_tracking_event(sender, event, esp_name, **kwargs):
    state = STATES.get(event.event_type)
    if state is None:
        return  # opened, clicked, queued, deferred…: nothing the desk acts on
    message = message_for(event)
    if message is None:
        return
    delivery.record_state(message.pk, state, detail_of(event))
