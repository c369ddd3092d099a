"""The case's transitions around the apology: resolve, close, reopen. The rules are the
apology's (`Apology.resolve_refusal` and its siblings), checked under the case's lock."""

from django.db import transaction
from django.utils import timezone

from cases import schedule, timeline, work
from cases.choices import Status
from cases.models import Case, EventKind

from . import core
from .state import Apology

CUSTOMER = object()  # `by=CUSTOMER`: the customer's own answer moves the case (surveys)


def _transition(case, *, by, to, event, note="", refusal):
    if by is not CUSTOMER:
        work.require_person(by, "change a case's status")
    else:
        by = None  # the timeline shows "Recovery Desk", on the customer's answer
    with transaction.atomic():
        case = core.lock(case)
        core.require(refusal(core.apology(case)))
        if to in (Status.RESOLVED, Status.CLOSED):  # promises can't be forgotten (issue 19)
            work.require_promises_settled(case, "resolved" if to == Status.RESOLVED else "closed")
        previous = case.status
        case.status = to
        now = timezone.now()
        if to == Status.RESOLVED:
            case.resolved_at = now
        elif to == Status.CLOSED:
            case.closed_at = now
        elif to == Status.OPEN:
            case.resolved_at = case.closed_at = None
        case.save(update_fields=["status", "resolved_at", "closed_at", "updated_at"])
        timeline.record(case, event, by=by, from_value=previous, to_value=to, note=note.strip())
        if to == Status.RESOLVED:
            schedule.resolved(case)
        elif to == Status.CLOSED:
            schedule.closed(case)
    return case


def can_resolve(case) -> bool:
    return Apology.load(case).can_resolve


def resolve(case, *, by, note: str = "") -> Case:
    """The customer is made whole. Only after the apology was sent."""
    return _transition(case, by=by, to=Status.RESOLVED, event=EventKind.RESOLVED, note=note,
                       refusal=lambda apology: apology.resolve_refusal)


def close(case, *, by, note: str = "") -> Case:
    """Follow-up done. Only from resolved. Effects: a timeline listener (`archive`) takes
    the apology's snapshot in this transaction; reminders stop (`schedule.closed`)."""
    return _transition(case, by=by, to=Status.CLOSED, event=EventKind.CLOSED, note=note,
                       refusal=lambda apology: apology.close_refusal)


def reopen(case, *, by, note: str = "") -> Case:
    """Back to open (a low survey score, or the customer wrote again)."""
    return _transition(case, by=by, to=Status.OPEN, event=EventKind.REOPENED, note=note,
                       refusal=lambda apology: apology.reopen_refusal)
