"""The apology flow: the one door for every move of a case through the five steps, the
remedy approval, sending, and the case's transitions after it.

Each function takes the case and a keyword-only `by=` (a user, or an API key), runs in one
transaction with the case row locked (`select_for_update`), checks its rule, writes its rows
and its timeline event, and schedules effects (emails) on commit. Browser views, API views
and tasks call these; nothing else assigns a case's `status` or `stage`. Rules that say no
raise a `RecoveryError` subclass, which the API's exception handler and the form views
translate.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases import schedule, timeline, work
from cases.choices import STEPS, Stage, Status
from cases.models import Case
from conversation import outbox
from conversation.models import MessageKind
from recovery.errors import Conflict, RecoveryError

from . import approvals, compose, lexicon, remedy
from .findings import Finding
from .models import REMEDY_FIELDS as REMEDY_FIELDS  # make whole + extra (approvals copies)
from .models import ApologyMessage, ApologyStep, ApprovalStatus, RemedyApproval

STEP_KEYS = [step.value for step in STEPS]


class StepOutOfOrder(Conflict):
    code = "step_out_of_order"

    def __init__(self, step):
        super().__init__(f"Complete “{step.label}” first: the steps go in order.")
        self.extra = {"step": step.value}


class LexiconBlocked(RecoveryError):
    """Banned language in the text (422 with the findings)."""

    status = 422
    code = "lexicon_blocked"

    def __init__(self, findings: list[Finding]):
        words = ", ".join(f"“{f.text}”" for f in findings if f.text) or "the wording"
        super().__init__(
            f"Rewrite before completing the step: {words} cannot go to the customer.",
            field="content",
        )
        self.findings = findings
        self.extra = {"findings": [finding.as_dict() for finding in findings]}


@dataclass
class StepOutcome:
    step: ApologyStep | None
    findings: list[Finding] = field(default_factory=list)
    approval: RemedyApproval | None = None  # set when the remedy waits for a manager
    edited: bool = False

    @property
    def waiting_for_approval(self) -> bool:
        return self.approval is not None and self.approval.is_pending


def _lock(case) -> Case:
    # of=self: lock the case only, not its customer (logging another case for the same
    # customer must not wait for this one's flow).
    return Case.objects.select_for_update(of=("self",)).select_related("customer").get(
        pk=case.pk
    )


def _steps(case) -> dict[str, ApologyStep]:
    return {step.key: step for step in ApologyStep.objects.filter(case=case)}


def _require_unsent(case):
    if ApologyMessage.objects.filter(case=case).exists():
        raise Conflict(
            "The apology was already sent; its steps can no longer change.", code="already_sent"
        )


def next_step(steps: dict) -> Stage | None:
    """The first step not complete, or None when all five are."""
    for step in STEPS:
        if step not in steps or not steps[step].is_complete:
            return step
    return None


def _advance(case, steps):
    stage = next_step(steps) or Stage.READY
    moved = stage != case.stage
    case.stage = stage
    case.save(update_fields=["stage", "updated_at"])
    if moved:
        schedule.stage_entered(case)


def complete_step(case, key: str, data: dict, *, by) -> StepOutcome:
    """Complete (or, once complete, edit) step `key` with validated `data`: `content`, plus
    the remedy fields for restore_value, `root_cause` for explain, `commitments` for fix.

    Raises NotAllowed for an integration's key; StepOutOfOrder if an earlier step is not
    complete; Conflict once the apology was sent; LexiconBlocked for banned language. A
    remedy above the person's approval limit is not an error: the outcome carries the
    pending approval and the step stays as it was.
    """
    person = work.require_person(by, "complete apology steps")
    if key not in STEP_KEYS:
        raise RecoveryError(f"There is no step “{key}”.", code="unknown_step")
    step_enum = Stage(key)
    with transaction.atomic():
        case = _lock(case)
        _require_unsent(case)
        steps = _steps(case)
        for earlier in STEPS[: STEPS.index(step_enum)]:
            if earlier not in steps or not steps[earlier].is_complete:
                raise StepOutOfOrder(earlier)
        findings = lexicon.check(data["content"], key)
        if lexicon.blocking(findings):
            raise LexiconBlocked(lexicon.blocking(findings))
        if key == Stage.RESTORE_VALUE:
            approvals.withdraw_pending(case, by)
            if approvals.needs_approval(person, remedy.total_cost(data), steps.get(key),
                                        tier=case.customer.tier):
                approval = approvals.request_approval(case, data, person, by)
                return StepOutcome(step=steps.get(key), findings=findings, approval=approval)
        step, edited = _write_step(case, steps.get(key), key, data, completed_by=person)
        steps[key] = step
        _advance(case, steps)
        # The warnings shown when the step was written stay on the timeline, so the desk
        # can count them later (insights' lexicon findings per week).
        timeline.record(
            case, "step_edited" if edited else "step_completed", by=by,
            to_value=step_enum.label, note=step.content, step=key, **_step_data(step),
            findings=[finding.as_dict() for finding in findings],
        )
        for commitment in data.get("commitments") or []:
            work.add_commitment(
                case, commitment["description"], commitment["due_at"],
                owner=commitment.get("owner"), by=by,
            )
    return StepOutcome(step=step, findings=findings, edited=edited)


def _write_step(case, step, key, data, *, completed_by):
    edited = step is not None and step.is_complete
    step = step or ApologyStep(case=case, key=key)
    step.content = data["content"].strip()
    if key == Stage.RESTORE_VALUE:
        step.take_remedy(data)
    if key == Stage.EXPLAIN:
        step.root_cause = data.get("root_cause")
    if not edited:
        step.completed_at = timezone.now()
        step.completed_by = completed_by
    step.save()
    return step, edited


def draft_steps(case, drafts: dict[str, dict], *, by, source: str,
                kind: str = "started_from_archive") -> list[str]:
    """Write `drafts` (step key → content and remedy / root-cause fields) into the steps
    not yet complete, without completing them: the agent reviews and completes each as
    usual. Completed steps are left alone. Returns the keys drafted; `source` says where
    the text came from, and `kind` names the event, on the timeline."""
    work.require_person(by, "draft apology steps")
    with transaction.atomic():
        case = _lock(case)
        _require_unsent(case)
        steps = _steps(case)
        drafted = []
        for key in STEP_KEYS:
            if key not in drafts or (key in steps and steps[key].is_complete):
                continue
            step = steps.get(key) or ApologyStep(case=case, key=key)
            for name, value in drafts[key].items():
                setattr(step, name, value)
            step.save()
            drafted.append(key)
        timeline.record(case, kind, by=by, to_value=source,
                        note=", ".join(Stage(key).label for key in drafted), steps=drafted)
    return drafted


def _step_data(step) -> dict:
    """The structured part of a step, for the timeline's record."""
    if step.key == Stage.RESTORE_VALUE:
        return step.remedy_record()
    if step.key == Stage.EXPLAIN and step.root_cause_id:
        return {"root_cause": step.root_cause.slug}
    return {}


def send_apology(case, *, by) -> ApologyMessage:
    """Compose the apology and send it to the customer, once.

    Raises Conflict if it was sent before (a double click or a retry: the second request
    waits for the first's lock and then sees its message), if a step is not complete, or
    if a remedy waits for approval. The email leaves after commit (`conversation.delivery`).
    """
    person = work.require_person(by, "send the apology")
    with transaction.atomic():
        case = _lock(case)
        sent = ApologyMessage.objects.filter(case=case).first()
        if sent is not None:
            raise Conflict(
                f"The apology was already sent on {sent.sent_at:%d %b %Y at %H:%M}.",
                code="already_sent",
            )
        steps = _steps(case)
        missing = next_step(steps)
        if missing is not None:
            raise StepOutOfOrder(missing)
        if RemedyApproval.objects.filter(case=case, status=ApprovalStatus.PENDING).exists():
            raise Conflict(
                "A remedy is waiting for a manager's approval.", code="awaiting_approval"
            )
        composed = compose.compose(case, steps, agent=person)
        message = ApologyMessage.objects.create(
            case=case, to_email=case.customer.email, subject=composed.subject,
            text=composed.text, html=composed.html, sent_by=person,
            message_id=f"<apology-{case.reference.lower()}@{settings.EMAIL_MESSAGE_DOMAIN}>",
        )
        previous = case.status
        case.status, case.stage = Status.APOLOGY_SENT, Stage.SENT
        case.save(update_fields=["status", "stage", "updated_at"])
        timeline.record(
            case, "apology_sent", by=by, from_value=previous, to_value=Status.APOLOGY_SENT,
            note=message.subject, to_email=message.to_email,
        )
        schedule.apology_sent(case, message.sent_at)
        # In the conversation, threaded after the acknowledgement and updates; it leaves
        # after commit, and its delivery stops the first-response clock if nothing did.
        outbox.queue(case, MessageKind.APOLOGY, message.subject, message.text,
                     html=message.html, author=person, message_id=message.message_id,
                     by=by, record=False)
    return message


def _transition(case, *, by, allowed, to, event, note="", refusal):
    if by is not CUSTOMER:
        work.require_person(by, "change a case's status")
    else:
        by = None  # the timeline shows "Recovery Desk", on the customer's answer
    with transaction.atomic():
        case = _lock(case)
        if not allowed(case):
            raise Conflict(refusal(case), code="transition_not_allowed")
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


def _was_sent(case) -> bool:
    return ApologyMessage.objects.filter(case=case).exists()


def can_resolve(case) -> bool:
    return case.status in (Status.OPEN, Status.APOLOGY_SENT) and _was_sent(case)


def resolve(case, *, by, note: str = "") -> Case:
    """The customer is made whole. Only after the apology was sent."""
    return _transition(
        case, by=by, to=Status.RESOLVED, event="resolved", note=note, allowed=can_resolve,
        refusal=lambda c: (
            f"A {c.get_status_display().lower()} case cannot be resolved."
            if c.status in (Status.RESOLVED, Status.CLOSED)
            else "Send the apology before resolving the case."
        ),
    )


def close(case, *, by, note: str = "") -> Case:
    """Follow-up done. Only from resolved."""
    return _transition(
        case, by=by, to=Status.CLOSED, event="closed", note=note,
        allowed=lambda c: c.status == Status.RESOLVED,
        refusal=lambda c: f"Only a resolved case can be closed; this one is "
        f"{c.get_status_display().lower()}.",
    )


CUSTOMER = object()  # `by=CUSTOMER`: the customer's own answer moves the case (surveys)


def reopen(case, *, by, note: str = "") -> Case:
    """Back to open (a low survey score, or the customer wrote again)."""
    return _transition(
        case, by=by, to=Status.OPEN, event="reopened", note=note,
        allowed=lambda c: c.status != Status.OPEN,
        refusal=lambda c: "The case is already open.",
    )
