"""Writing the five steps: `complete_step` (complete or edit one, a remedy above the
person's limit proposed to a manager instead) and `draft_steps` (texts to review)."""

from dataclasses import dataclass, field

from django.db import transaction

from cases import timeline, work
from cases.choices import STEPS, Stage
from cases.models import EventKind
from recovery.errors import RecoveryError

from .. import lexicon, remedy
from ..findings import Finding
from ..models import ApologyStep, RemedyApproval
from . import approvals, core
from .errors import LexiconBlocked


@dataclass
class StepOutcome:
    step: ApologyStep | None
    findings: list[Finding] = field(default_factory=list)
    approval: RemedyApproval | None = None  # set when the remedy waits for a manager
    edited: bool = False

    @property
    def waiting_for_approval(self) -> bool:
        return self.approval is not None and self.approval.is_pending


def complete_step(case, key: str, data: dict, *, by) -> StepOutcome:
    """Complete (or, once complete, edit) step `key` with validated `data`: `content`, plus
    the remedy fields for restore_value, `root_cause` for explain, `commitments` for fix.

    Raises NotAllowed for an integration's key; StepOutOfOrder if an earlier step is not
    written (complete, or the remedy waiting for a manager); Conflict once the apology was
    sent; LexiconBlocked for banned language. A remedy above the person's approval limit
    is not an error: it is proposed (the outcome carries the pending approval), the step
    stays as it was, and the stage moves on to the next step to write — the agent goes on
    while the manager decides (`Apology`). Effects: the stage's idle reminder restarts when
    the stage moves; managers are told of a proposal; timeline listeners (webhooks) see
    `step_completed` / `step_edited` / `approval_requested`.
    """
    person = work.require_person(by, "complete apology steps")
    if key not in core.STEP_KEYS:
        raise RecoveryError(f"There is no step “{key}”.", code="unknown_step")
    step_enum = Stage(key)
    with transaction.atomic():
        case = core.lock(case)
        apology = core.apology(case)
        core.require(apology.complete_refusal(step_enum))
        steps = apology.steps
        findings = lexicon.check(data["content"], key)
        if lexicon.blocking(findings):
            raise LexiconBlocked(lexicon.blocking(findings))
        if key == Stage.RESTORE_VALUE:
            approvals.withdraw_pending(case, by)
            if approvals.needs_approval(person, remedy.total_cost(data), steps.get(key),
                                        tier=case.customer.tier):
                approval = approvals.request_approval(case, data, person, by)
                core.advance(case)
                return StepOutcome(step=steps.get(key), findings=findings, approval=approval)
        step, edited = core.write_step(case, steps.get(key), key, data, completed_by=person)
        core.advance(case)
        # The warnings shown when the step was written stay on the timeline, so the desk
        # can count them later (insights' lexicon findings per week).
        timeline.record(
            case, EventKind.STEP_EDITED if edited else EventKind.STEP_COMPLETED, by=by,
            to_value=step_enum.label, note=step.content, step=key, **core.step_data(step),
            findings=[finding.as_dict() for finding in findings],
        )
        for commitment in data.get("commitments") or []:
            work.add_commitment(
                case, commitment["description"], commitment["due_at"],
                owner=commitment.get("owner"), by=by,
            )
    return StepOutcome(step=step, findings=findings, edited=edited)


def draft_steps(case, drafts: dict[str, dict], *, by, source: str,
                kind: EventKind = EventKind.STARTED_FROM_ARCHIVE) -> list[str]:
    """Write `drafts` (step key → content and remedy / root-cause fields) into the steps
    not yet complete, without completing them: the agent reviews and completes each as
    usual. Completed steps are left alone. Returns the keys drafted; `source` says where
    the text came from, and `kind` names the event, on the timeline."""
    work.require_person(by, "draft apology steps")
    with transaction.atomic():
        case = core.lock(case)
        apology = core.apology(case)
        core.require(apology.frozen_refusal)
        steps = apology.steps
        drafted = []
        for key in core.STEP_KEYS:
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


def next_step(steps: dict) -> Stage | None:
    """The first of `steps` ({key: ApologyStep}) not complete, or None when all five are.
    (Readers ask `Apology.next_step`, which also knows a remedy waiting for a manager.)"""
    for step in STEPS:
        if step not in steps or not steps[step].is_complete:
            return step
    return None
