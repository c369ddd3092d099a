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
    """Ours by the metadata we sent with it, else by the provider's message id."""
    ours = (event.metadata or {}).get("message")
    if ours and str(ours).isdigit():
        found = Message.objects.filter(pk=int(ours)).first()
        if found is not None:
            return found
    if event.message_id:
        return Message.objects.filter(esp_message_id=str(event.message_id)).first()
    return None


@receiver(tracking, dispatch_uid="conversation.tracking")
def on_tracking_event(sender, event, esp_name, **kwargs):
    state = STATES.get(event.event_type)
    if state is None:
        return  # opened, clicked, queued, deferred…: nothing the desk acts on
    message = message_for(event)
    if message is None:
        return
    detail = event.description or event.mta_response or event.reject_reason or ""
    delivery.record_state(message.pk, state, str(detail))
