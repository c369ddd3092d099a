"""From the timeline to webhook deliveries: which events integrations hear about, and who
may hear about which case."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from cases import disclosure
from recovery import enqueue, settled

from .models import Delivery, Subscription

# timeline kind → webhook event: what integrations hear of is what their keys read back
EVENT_FOR = disclosure.SHARED_EVENTS


def on_event(event):
    """Plan one delivery per interested subscription, in the event's transaction; each
    is sent after commit."""
    name = EVENT_FOR.get(event.kind)
    if name is None:
        return
    case = event.case
    # An integration's key hears only about the cases it logged; a person's key, about all.
    subscriptions = [s for s in _active() if name in s.events and (
        s.api_key_id is None or s.a_person_s or s.api_key_id == case.source_key_id)]
    if not subscriptions:
        return
    changed = disclosure.shared_change(event)  # an escalation's "to" names desk people
    payload = {
        "event": name, "occurred_at": event.created_at.isoformat(),
        "case": {"reference": case.reference, "status": case.status, "stage": case.stage,
                 "title": case.title, "external_id": case.external_id},
        "data": {"from": changed[0], "to": changed[1], **disclosure.shared_facts(event.data)},
    }
    deliveries = Delivery.objects.bulk_create([
        Delivery(subscription=subscription, event=name, case=case, payload=payload)
        for subscription in subscriptions
    ])
    from .tasks import send_delivery  # tasks import this module's neighbours

    for delivery in deliveries:
        enqueue.after_commit(send_delivery, delivery.pk)


def _active() -> list[Subscription]:
    """The active subscriptions, each marked whether a person's key owns it: kept by the
    process (`recovery.settled`), since every case event asks and they seldom change."""
    return settled.current("webhook-subscriptions", lambda: list(
        Subscription.objects.filter(is_active=True).annotate(a_person_s=ExpressionWrapper(
            Q(api_key__user__isnull=False), output_field=BooleanField()))))
