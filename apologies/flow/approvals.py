"""Remedies above a person's approval limit: proposed, waiting, approved or declined by a
manager. Part of the apology flow (`complete_step` calls the proposing side; managers'
views call `approve_remedy` and `decline_remedy`), with the same rules: one transaction,
the case locked, a timeline event, people told on commit. While a remedy waits, the agent
goes on with the other steps; only sending waits for the decision (`Apology`)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases import timeline, work
from cases.choices import Stage
from cases.models import EventKind
from cases.notify import notify, settle
from recovery.errors import Conflict, NotAllowed, RecoveryError

from ..models import ApologyStep, ApprovalStatus, RemedyApproval, TierApprovalLimit
from . import core

# The notification kind managers get for a remedy waiting; settled by the decision.
APPROVAL_REQUESTED = "approval_requested"


def needs_approval(person, cost, current, *, tier=None) -> bool:
    """Above the person's limit for a customer of `tier` (`limit_default`), unless it costs
    no more than the remedy already agreed (rewording an approved remedy does not need a
    second approval). `cost` is the remedy's total: make whole + extra."""
    if person.may_offer(cost, default=limit_default(tier)):
        return False
    return not (current is not None and current.is_complete and cost <= current.total_cost)


def limit_default(tier):
    """The limit for people without one of their own on a case of a `tier` customer: the
    tier's, as managers set it in the admin (None: the desk's APPROVAL_LIMIT)."""
    return TierApprovalLimit.for_tier(tier) if tier else None


def withdraw_pending(case, by):
    for approval in RemedyApproval.objects.filter(case=case, status=ApprovalStatus.PENDING):
        approval.status, approval.decided_at = ApprovalStatus.WITHDRAWN, timezone.now()
        approval.save(update_fields=["status", "decided_at"])
        timeline.record(case, EventKind.APPROVAL_WITHDRAWN, by=by, approval=approval.pk,
                        to_value=f"{approval.total_cost} {approval.currency}")
    settle(case, [APPROVAL_REQUESTED])  # nothing is waiting for the managers any more


def request_approval(case, data, person, by) -> RemedyApproval:
    approval = RemedyApproval(case=case, content=data["content"].strip(), requested_by=person)
    approval.take_remedy(data)
    approval.save()
    case.save(update_fields=["updated_at"])
    timeline.record(
        case, EventKind.APPROVAL_REQUESTED, by=by,
        to_value=f"{approval.total_cost} {approval.currency}",
        note=approval.content, approval=approval.pk, **approval.remedy_record(),
    )
    extra = (f" and, as an extra, {approval.extra_description} (cost {approval.extra_cost}, "
             f"value {approval.extra_value_to_customer})" if approval.has_extra else "")
    for manager in User.objects.managers():
        notify(
            manager, f"Remedy waiting for approval: {case.reference} {case.title}",
            f"{person.display_name} proposes a {approval.get_remedy_type_display().lower()} "
            f"costing {approval.cost} {approval.currency} (value to the customer "
            f"{approval.value_to_customer}){extra}; {approval.total_cost} "
            f"{approval.currency} in all:\n\n{approval.content}",
            case=case, kind=APPROVAL_REQUESTED,
        )
    return approval


def decider(by):
    person = work.require_person(by, "decide on remedies")
    if not person.is_manager:
        raise NotAllowed("Only a manager can approve or decline a remedy.")
    return person


def _lock_approval(approval) -> RemedyApproval:
    approval = RemedyApproval.objects.select_for_update().get(pk=approval.pk)
    if not approval.is_pending:
        raise Conflict(
            f"This remedy was already {approval.get_status_display().lower()}.",
            code="already_decided",
        )
    return approval


def approve_remedy(approval, *, by, note: str = "") -> ApologyStep:
    """A manager approves a waiting remedy: it becomes the restore_value step (completed by
    the agent who proposed it) and the agent is told. If the other four steps were written
    meanwhile, the apology is ready to send."""
    manager = decider(by)
    with transaction.atomic():
        case = core.lock(approval.case)
        approval = _lock_approval(approval)
        core.require(core.apology(case).frozen_refusal)
        approval.status = ApprovalStatus.APPROVED
        approval.decided_by, approval.decided_at = manager, timezone.now()
        approval.decision_note = note.strip()
        approval.save()
        current = ApologyStep.objects.filter(case=case, key=Stage.RESTORE_VALUE).first()
        data = {name: getattr(approval, name) for name in ("content", *core.REMEDY_FIELDS)}
        step, edited = core.write_step(
            case, current, Stage.RESTORE_VALUE, data, completed_by=approval.requested_by,
        )
        core.advance(case)
        timeline.record(
            case, EventKind.REMEDY_APPROVED, by=by,
            to_value=f"{approval.total_cost} {approval.currency}",
            note=approval.decision_note, approval=approval.pk, step=step.key,
        )
        settle(case, [APPROVAL_REQUESTED])  # done, for every manager told of it
        _tell_proposer(approval, "approved")
    return step


def decline_remedy(approval, *, by, note: str) -> RemedyApproval:
    """A manager declines a waiting remedy, saying why; the agent is back at step 1 to
    propose another (the case's stage is restore_value again, the note shows at the step's
    form), and the steps written meanwhile keep their text."""
    manager = decider(by)
    note = note.strip()
    if not note:
        raise RecoveryError("Tell the agent why the remedy is declined.", field="note")
    with transaction.atomic():
        case = core.lock(approval.case)
        approval = _lock_approval(approval)
        approval.status = ApprovalStatus.DECLINED
        approval.decided_by, approval.decided_at = manager, timezone.now()
        approval.decision_note = note
        approval.save()
        core.advance(case)
        timeline.record(
            case, EventKind.REMEDY_DECLINED, by=by,
            to_value=f"{approval.total_cost} {approval.currency}",
            note=note, approval=approval.pk,
        )
        settle(case, [APPROVAL_REQUESTED])
        _tell_proposer(approval, "declined")
    return approval


def _tell_proposer(approval, decision):
    if approval.requested_by is None:
        return
    case = approval.case
    follow_up = (
        "The remedy is step 1 of the apology now: once every step is written, it can be "
        "sent." if decision == "approved"
        else "Please propose another remedy (step 1); the other steps keep their text."
    )
    body = (
        f"{approval.decided_by.display_name} {decision} the remedy for {case.reference} "
        f"({approval.get_remedy_type_display()}, cost {approval.total_cost} {approval.currency})."
        f"\n\n{approval.decision_note}\n\n{follow_up}"
    ).replace("\n\n\n\n", "\n\n")
    notify(
        approval.requested_by, f"Remedy {decision}: {case.reference} {case.title}", body,
        case=case, kind=f"remedy_{decision}",
    )
