"""Working a case outside the apology steps: assigning it, notes and commitments, and
whether its customer can be reached by email."""

from django.db import transaction
from django.utils import timezone
from django.utils.http import parse_etags

from accounts.models import ApiKey
from recovery.errors import Conflict, NotAllowed, PreconditionFailed, RecoveryError

from . import business_time, schedule, timeline
from .models import Case, Commitment, EventKind, SlaTarget


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
            EventKind.ASSIGNED if assignee else EventKind.UNASSIGNED,
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
        return timeline.record(case, EventKind.NOTE, by=by, note=text)


def add_commitment(case, description: str, due_at, *, owner=None, by) -> Commitment:
    """A promise to the customer, owned by `owner` (default: the case's assignee, else the
    person making it), due at `due_at`.

    Raises NotAllowed for an integration's key (it may only log cases and add notes), and
    RecoveryError for an empty description, a due time in the past or an owner who is not
    at the desk.
    """
    person = require_person(by, "make commitments")
    description = description.strip()
    if not description:
        raise RecoveryError("Say what we promise.", field="description")
    if problem := Commitment.due_at_problem(due_at):
        raise RecoveryError(problem, field="due_at")
    if owner is not None and not owner.is_desk_user:
        raise RecoveryError(f"{owner} is not an agent or manager", field="owner")
    with transaction.atomic():
        case = _lock(case)
        owner = owner or case.assignee or person
        commitment = Commitment.objects.create(
            case=case, description=description, owner=owner, due_at=due_at, created_by=person
        )
        case.save(update_fields=["updated_at"])
        timeline.record(
            case, EventKind.COMMITMENT_ADDED, by=by, to_value=owner.display_name, note=description,
            commitment=commitment.pk, due_at=due_at.isoformat(),
        )
        schedule.commitment_made(commitment)
    return commitment


def keep_commitment(commitment, *, by) -> Commitment:
    """The promise was kept: its reminders stop. Keeping it twice changes nothing.

    Raises Conflict for a released promise (it was given up, with a reason, on the record).
    """
    require_person(by, "mark commitments kept")
    with transaction.atomic():
        case = _lock(commitment.case)
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if commitment.kept_at is not None:
            return commitment
        if commitment.released_at is not None:
            raise Conflict("This promise was released; it cannot be marked kept.",
                           code="commitment_released")
        commitment.kept_at = timezone.now()
        commitment.save(update_fields=["kept_at"])
        case.save(update_fields=["updated_at"])
        timeline.record(case, EventKind.COMMITMENT_KEPT, by=by, note=commitment.description,
                        commitment=commitment.pk)
        schedule.commitment_kept(commitment)
    return commitment


def release_commitment(commitment, reason: str, *, by) -> Commitment:
    """Give up a promise we will not keep, with the reason on the record (the customer no
    longer wants it, it was overtaken by another remedy…): its reminders stop and the case
    may be resolved without it. Releasing it twice changes nothing.

    Raises NotAllowed for an integration's key, RecoveryError (field "reason") without a
    reason, Conflict for a promise already kept.
    """
    require_person(by, "release commitments")
    reason = (reason or "").strip()
    if not reason:
        raise RecoveryError("Say why we release this promise.", field="reason")
    with transaction.atomic():
        case = _lock(commitment.case)
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if commitment.released_at is not None:
            return commitment
        if commitment.kept_at is not None:
            raise Conflict("This promise was kept; there is nothing to release.",
                           code="commitment_kept")
        commitment.released_at, commitment.release_reason = timezone.now(), reason
        commitment.save(update_fields=["released_at", "release_reason"])
        case.save(update_fields=["updated_at"])
        timeline.record(case, EventKind.COMMITMENT_RELEASED, by=by, to_value=reason,
                        note=commitment.description, commitment=commitment.pk, reason=reason)
        schedule.commitment_released(commitment)
    return commitment


class UnkeptCommitments(Conflict):
    """The case still owes the customer something (409 listing the promises)."""

    code = "unkept_commitments"

    def __init__(self, doing: str, commitments):
        names = "; ".join(f"“{c.description}”" for c in commitments)
        super().__init__(
            f"This case cannot be {doing} while a promise is not kept: {names}. Mark each "
            "kept, or release it with a reason."
        )
        self.commitments = list(commitments)
        self.extra = {"commitments": [
            {"id": c.pk, "description": c.description, "due_at": c.due_at.isoformat(),
             "owner": c.owner.email if c.owner else None} for c in self.commitments
        ]}


def require_promises_settled(case, doing: str):
    """The rule of resolving and closing: every commitment kept or released. Raises
    UnkeptCommitments naming the others. Call it with the case locked (a promise made
    meanwhile waits for the lock, then is refused or seen)."""
    unkept = list(case.commitments.outstanding().select_related("owner"))
    if unkept:
        raise UnkeptCommitments(doing, unkept)


def check_commitment_change(commitment, *, owner, due_at):
    """The rules of `change_commitment`, for a form to show next to its fields before
    anything is written. Raises RecoveryError (with the field) as `change_commitment` does."""
    if commitment.kept_at is not None:
        raise RecoveryError("This promise was kept; it cannot be moved.", field="due_at")
    if commitment.released_at is not None:
        raise RecoveryError("This promise was released; it cannot be moved.", field="due_at")
    if due_at != commitment.due_at and due_at <= timezone.now():
        raise RecoveryError("A commitment must be due in the future.", field="due_at")
    if owner is None or not owner.is_desk_user:
        raise RecoveryError(f"{owner or 'No one'} is not an agent or manager", field="owner")


def change_commitment(commitment, *, owner, due_at, by) -> Commitment:
    """Give a promise to another owner and/or a new due time. A new due time re-plans its
    reminders; either change is on the case's timeline ("commitment_changed", with the old
    and new values). Changing nothing records nothing.

    Raises NotAllowed for an integration's key, and RecoveryError for a kept commitment, a
    new due time in the past or an owner who is not at the desk.
    """
    require_person(by, "change commitments")
    with transaction.atomic():
        case = _lock(commitment.case)
        commitment = Commitment.objects.select_for_update(of=("self",)).select_related(
            "owner").get(pk=commitment.pk)
        check_commitment_change(commitment, owner=owner, due_at=due_at)
        changes = {}
        if owner.pk != commitment.owner_id:
            changes["owner"] = [commitment.owner.email if commitment.owner else "", owner.email]
        if due_at != commitment.due_at:
            changes["due_at"] = [commitment.due_at.isoformat(), due_at.isoformat()]
        if not changes:
            return commitment
        previous_owner = commitment.owner
        commitment.owner, commitment.due_at = owner, due_at
        commitment.save(update_fields=["owner", "due_at"])
        case.save(update_fields=["updated_at"])
        timeline.record(
            case, EventKind.COMMITMENT_CHANGED, by=by, note=commitment.description,
            from_value=previous_owner.display_name if previous_owner else "",
            to_value=owner.display_name, commitment=commitment.pk, changes=changes,
            due_at=due_at.isoformat(),
        )
        if "due_at" in changes:
            schedule.commitment_moved(commitment)
    return commitment


def require_person(by, doing: str):
    """The person behind `by` (a user, or a user's API key). An integration's key is no one:
    it logs cases and adds notes, but the apology is people's work."""
    person = getattr(by, "user", by) if isinstance(by, ApiKey) else by
    if person is None or not getattr(person, "is_desk_user", False):
        raise NotAllowed(f"An integration's key cannot {doing}; a person at the desk must.")
    return person


EDITABLE = ("title", "customer_title", "description", "category", "severity", "assignee", "tags")


def edit_case(case, changes: dict, *, by, if_match: str | None = None) -> Case:
    """Change the case's details (`EDITABLE` fields, already validated).

    `if_match` is the ETag the editor read; if the case changed since, PreconditionFailed
    and nothing is written (the other person's change is never overwritten). A new severity
    moves the SLA targets not yet met, and their reminders.
    """
    with transaction.atomic():
        case = _lock(case)
        if if_match is not None and not _matches(if_match, case.etag):
            raise PreconditionFailed(
                "Someone else changed this case since you opened it: reload it and try again."
            )
        changed = {field: (getattr(case, field), value) for field, value in changes.items()
                   if field in EDITABLE and getattr(case, field) != value}
        if not changed:
            return case
        assignee = changes.get("assignee")
        if "assignee" in changed and assignee is not None and not assignee.is_desk_user:
            raise RecoveryError(f"{assignee} is not an agent or manager", field="assignee")
        for field, (_, value) in changed.items():
            setattr(case, field, value)
        if "severity" in changed:
            _move_targets(case)
        case.save()
        timeline.record(
            case, EventKind.EDITED, by=by, to_value=", ".join(changed),
            changes={field: [_shown(old), _shown(new)] for field, (old, new) in changed.items()},
        )
        if "assignee" in changed:
            old, new = changed["assignee"]
            timeline.record(case, EventKind.ASSIGNED if new else "unassigned", by=by,
                            from_value=old.email if old else "", to_value=new.email if new else "")
    return case


def _matches(if_match: str, etag: str) -> bool:
    """RFC 9110 If-Match: `*`, or a list of ETags one of which is this one (a weak
    `W/"…"` tag never matches, the comparison being strong)."""
    tags = parse_etags(if_match)
    return tags == ["*"] or etag in tags


def _move_targets(case):
    respond, resolve = SlaTarget.due_times(case.severity, case.created_at)
    if case.first_responded_at is None:
        case.first_response_due_at = respond
    if case.resolved_at is None:
        # the time already waited on the customer still moves the target on
        case.resolution_due_at = business_time.add(resolve, case.waiting_minutes)
    schedule.targets_moved(case)


def _shown(value) -> str:
    return getattr(value, "slug", None) or getattr(value, "email", None) or str(value)


def reachable_again(case, note: str, *, to_value: str, by=None) -> None:
    """Clear the case's "customer unreachable by email" flag (set by the conversation when
    an email bounced), with the reason on the timeline. Inside the caller's transaction,
    with the case row locked."""
    case.customer_unreachable_at = None
    case.save(update_fields=["customer_unreachable_at", "updated_at"])
    timeline.record(case, EventKind.CUSTOMER_REACHABLE, by=by, to_value=to_value, note=note)


def customer_email_corrected(customer, old_email: str, *, by) -> int:
    """Someone corrected the customer's address (`customer_details.correct`, the admin): a
    new address may work, so their cases flagged unreachable at the old one are cleared,
    each on its timeline. Returns how many."""
    cleared = 0
    with transaction.atomic():
        for case in (Case.objects.select_for_update(of=("self",))
                     .filter(customer=customer, customer_unreachable_at__isnull=False)
                     .order_by("pk")):
            reachable_again(case, f"The customer's email was changed from {old_email}.",
                            to_value=customer.email, by=by)
            cleared += 1
    return cleared
