"""Working a case outside the apology steps: assigning it and adding notes."""

from django.db import transaction

from recovery.errors import RecoveryError

from . import timeline
from .models import Case


def _lock(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def assign(case, assignee, *, by) -> Case:
    """Give the case to `assignee` (None: unassign). Assigning to the current assignee
    changes nothing and records nothing.

    Raises RecoveryError if the assignee is not an active agent or manager.
    """
    if assignee is not None and not assignee.is_desk_user:
        raise RecoveryError(f"{assignee} is not an agent or manager", field="assignee")
    with transaction.atomic():
        case = _lock(case)
        if case.assignee_id == (assignee.pk if assignee else None):
            return case
        previous = case.assignee
        case.assignee = assignee
        case.save(update_fields=["assignee", "updated_at"])
        timeline.record(
            case,
            "assigned" if assignee else "unassigned",
            by=by,
            from_value=previous.email if previous else "",
            to_value=assignee.email if assignee else "",
        )
    return case


def add_note(case, text: str, *, by):
    """An internal note on the timeline (never shown to the customer)."""
    text = text.strip()
    if not text:
        raise RecoveryError("A note needs some text", field="text")
    with transaction.atomic():
        case = _lock(case)
        case.save(update_fields=["updated_at"])
        return timeline.record(case, "note", by=by, note=text)
