"""A case's timeline in people's words, for the case page.

Events keep what was recorded (raw status keys such as `apology_sent`, the emails of the
people a case was assigned to, field names), because the API and webhooks promise those
values. People reading the page want "Open → Apology sent" and "Noor Haddad", so this
module translates, once per page and in at most one query (none when the people are the
page's actors or the assignee): the emails recorded on the shown events become the names of
the users who still exist (an email whose user is gone is shown as recorded).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist

from .choices import Status
from .models import Case, CaseEvent, EventKind

# events whose from/to hold a case status (`Status` keys)
_STATUS_CHANGES = frozenset({
    EventKind.APOLOGY_SENT, EventKind.RESOLVED, EventKind.CLOSED, EventKind.REOPENED,
})
# events whose from/to hold the email of a person at the desk (`cases.work.assign`)
_PEOPLE_BY_EMAIL = frozenset({EventKind.ASSIGNED, EventKind.UNASSIGNED})
# events whose label says it all ("Case opened" records the status `open`)
_SAID_BY_THE_KIND = frozenset({EventKind.OPENED})


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: the event, and its change in words ("" when none)."""

    event: CaseEvent
    change: str


def entries(events, *, known=()) -> list[Entry]:
    """The events (an iterable, read once) with their changes in words. `known`: users the
    page has already loaded (the case's assignee); with the events' actors they name most
    recorded emails without a query, and the rest take one."""
    events = list(events)
    people = [user for user in (*known, *(event.actor for event in events)) if user]
    names = {user.email.lower(): user.display_name for user in people}
    emails = {value.lower() for event in events if event.kind in _PEOPLE_BY_EMAIL
              for value in (event.from_value, event.to_value) if value}
    names |= _names(emails - names.keys())
    return [Entry(event, _change(event, names)) for event in events]


def _names(emails) -> dict[str, str]:
    """email (lower-cased) → display name, for the users among `emails` (one query)."""
    if not emails:
        return {}
    users = get_user_model().objects.filter(email__in=emails)
    return {user.email.lower(): user.display_name
            for user in users.only("email", "first_name", "last_name")}


def _change(event, names) -> str:
    if event.kind in _SAID_BY_THE_KIND:
        return ""
    if event.kind in _STATUS_CHANGES:
        before, after = _status(event.from_value), _status(event.to_value)
    elif event.kind in _PEOPLE_BY_EMAIL:
        before = names.get(event.from_value.lower(), event.from_value)
        after = names.get(event.to_value.lower(), event.to_value) or "nobody"
    elif event.kind == EventKind.EDITED:
        return ", ".join(_field(name) for name in event.to_value.split(", ") if name)
    else:
        before, after = event.from_value, event.to_value
    if not (before or after):
        return ""
    return f"{before} → {after}" if before else after


def _status(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:  # not a status we know (an old row): say it as recorded, readably
        return value.replace("_", " ").capitalize()


def _field(name: str) -> str:
    try:
        label = str(Case._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed: its name, readably
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]
