"""The SLA clocks the conversation moves: the first response (the first message the
customer receives), the next update (while the case is open the customer hears from us at
least every N hours of its severity) and the resolution clock, paused while a question
waits on the customer. Called inside the caller's transaction, with the case row locked."""

from cases import business_time, schedule, timeline
from cases.models import EventKind, SlaTarget


def customer_heard_from_us(case, at):
    fields = ["next_update_due_at", "updated_at"]
    if case.first_responded_at is None:
        case.first_responded_at = at
        fields.append("first_responded_at")
        schedule.first_response_made(case)
    case.next_update_due_at = None if not case.is_active else _next_update(case, at)
    case.save(update_fields=fields)
    if not case.waiting_on_customer:
        schedule.update_sent(case, at, case.next_update_due_at)


def _next_update(case, after):
    due = SlaTarget.next_update_due(case.severity, after)
    return min(due, case.resolution_due_at) if due and case.resolution_due_at > after else due


def waiting_started(case, at, *, by=None):
    """A question went to the customer: the case waits on them."""
    if case.waiting_on_customer_since is not None:
        return
    case.waiting_on_customer_since = at
    case.save(update_fields=["waiting_on_customer_since", "updated_at"])
    schedule.resolution_paused(case)
    timeline.record(case, EventKind.WAITING_ON_CUSTOMER, by=by,
                    note="The resolution clock is paused until the customer answers.")


def waiting_ended(case, at):
    """The customer answered: the resolution target moves on by the time they took (in
    the desk's business hours), and its reminders are planned again."""
    since = case.waiting_on_customer_since
    if since is None:
        return
    waited = max(0, round(business_time.between(since, at)))
    case.waiting_on_customer_since = None
    case.waiting_minutes += waited
    if case.resolved_at is None:
        case.resolution_due_at = business_time.add(case.resolution_due_at, waited)
    case.save(update_fields=["waiting_on_customer_since", "waiting_minutes",
                             "resolution_due_at", "updated_at"])
    schedule.resolution_resumed(case, at)
    timeline.record(case, EventKind.WAITING_ENDED, to_value=f"{waited} min",
                    note="The customer answered; the resolution clock runs again.",
                    waited_minutes=waited)

