"""Writing a case's timeline. Every change to a case calls `record` in the same transaction."""

from django.utils import timezone

from accounts.actors import actor_fields

from .models import CaseEvent

_listeners = []


def listen(listener):
    """Call `listener(event)` for every event recorded, in the same transaction (other apps,
    such as webhooks, follow the timeline without cases importing them)."""
    _listeners.append(listener)
    return listener


def record(
    case, kind, *, by=None, from_value="", to_value="", note="", at=None, **data
) -> CaseEvent:
    """Append one event. `at` defaults to now; only imports back-date events."""
    event = CaseEvent.objects.create(
        created_at=at or timezone.now(),
        case=case,
        kind=kind,
        from_value=str(from_value)[:200],
        to_value=str(to_value)[:200],
        note=note,
        data=data,
        **actor_fields(by),
    )
    for listener in _listeners:
        listener(event)
    return event
