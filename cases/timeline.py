"""Writing a case's timeline. Every change to a case calls `record` in the same transaction.

Kinds are `EventKind` members, for writers and listeners alike: a misspelt kind raises where
it is written (at the call, or at import for a listener), never silently stops archiving or
a webhook."""

from collections import defaultdict

from django.utils import timezone

from accounts.actors import actor_fields

from .models import CaseEvent, EventKind

_listeners = defaultdict(list)  # EventKind → [listener]


def _member(kind) -> EventKind:
    if not isinstance(kind, EventKind):
        raise TypeError(f"Timeline kinds are EventKind members, not {kind!r}: "
                        "add the kind to cases.models.EventKind")
    return kind


def listen(*kinds):
    """Register `listener(event)` for events of `kinds` (EventKind members), called in the
    recording transaction (other apps, such as the archive and webhooks, follow the
    timeline without cases importing them). Use as a decorator, or
    `listen(EventKind.CLOSED)(on_closed)`."""
    if not kinds:
        raise TypeError("Name the EventKind members to listen to")
    members = [_member(kind) for kind in kinds]

    def register(listener):
        for kind in members:
            _listeners[kind].append(listener)
        return listener

    return register


def record(
    case, kind: EventKind, *, by=None, from_value="", to_value="", note="", at=None, **data
) -> CaseEvent:
    """Append one event. `at` defaults to now; only imports back-date events."""
    kind = _member(kind)
    event = CaseEvent.objects.create(
        created_at=at or timezone.now(),
        case=case,
        kind=kind.value,
        from_value=str(from_value)[:200],
        to_value=str(to_value)[:200],
        note=note,
        data=data,
        **actor_fields(by),
    )
    for listener in _listeners.get(kind, ()):
        listener(event)
    return event
