"""What an integration's key learns about its own cases: what webhooks carry, nothing more.

An integration (a shop, a CRM) logs cases and follows them; the work on them is the desk's.
So its key reads back, besides the case itself:

- the customer as it told us with that case (`Case.customer_as_told`), never the desk's
  record, which other integrations and the desk's people fill in too (`cases.intake`);
- of the timeline, the events that webhooks announce (`SHARED_EVENTS`) with the facts a
  webhook carries (`shared_facts`), plus the notes it wrote itself; never the desk's
  notes, the remedy's cost or value, approval decisions, lexicon findings, who at the desk
  did what, or reminders and their recipients.

People at the desk (a session, or a key issued to a user) see everything. The same lists
shape the webhook payloads (`webhooks.events`), so a key's reads and its webhooks agree.
"""

from django.db.models import Q

from .models import EventKind

# timeline kind → the name integrations know it by (the webhook event)
SHARED_EVENTS = {
    EventKind.OPENED: "case.created", EventKind.STEP_COMPLETED: "case.step_completed",
    EventKind.APOLOGY_SENT: "case.apology_sent", EventKind.RESOLVED: "case.resolved",
    EventKind.CLOSED: "case.closed", EventKind.REOPENED: "case.reopened",
    EventKind.ESCALATED: "case.escalated",
}
# the structured facts of an event an integration may see (no notes, costs or findings)
SHARED_FACTS = frozenset({"step", "severity", "channel"})
# events whose from/to name people at the desk rather than a status or a step
_NAMES_PEOPLE = frozenset({EventKind.ESCALATED})
DESK = "Recovery Desk"


def shared_facts(data: dict) -> dict:
    return {key: value for key, value in data.items() if key in SHARED_FACTS}


def shared_change(event) -> tuple[str, str]:
    """The event's (from, to) as an integration may see them."""
    if event.kind in _NAMES_PEOPLE:
        return "", ""
    return event.from_value, event.to_value


def customer_as_told(case) -> dict:
    """The case's customer as the integration that logged it told us: its email (as we
    store it, lower-cased), and the name, company and tier it gave (blank, or a null tier,
    where it gave none)."""
    told = case.customer_as_told or {}
    return {"email": case.customer.email, "name": told.get("name") or "",
            "company": told.get("company") or "", "tier": told.get("tier") or None}


def timeline_for_integration(events, key):
    """The integration's view of a case's events (a queryset): the shared kinds and its own
    notes."""
    return events.filter(Q(kind__in=SHARED_EVENTS) | Q(kind=EventKind.NOTE, api_key=key))
