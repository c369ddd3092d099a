"""The flow's private core: what every door of the apology does the same way — lock the
case, read its apology under the lock, write a step, and move the case's stage to what
the apology now says. Used by the doors in this package and by `apologies.surveys`; no
other module reaches into it."""

from django.utils import timezone

from cases import schedule
from cases.choices import STEPS, Stage
from cases.models import Case

from ..models import REMEDY_FIELDS as REMEDY_FIELDS  # make whole + extra (approvals copies)
from ..models import ApologyMessage, ApologyStep, RemedyApproval
from .state import Apology

STEP_KEYS = [step.value for step in STEPS]


def lock(case) -> Case:
    # of=self: lock the case only, not its customer (logging another case for the same
    # customer must not wait for this one's flow).
    return Case.objects.select_for_update(of=("self",)).select_related("customer").get(
        pk=case.pk
    )


def apology(case) -> Apology:
    """The apology of a case locked by `lock` (the rows cannot change under us)."""
    steps = {step.key: step for step in ApologyStep.objects.filter(case=case)}
    approval = RemedyApproval.objects.filter(case=case).order_by("-requested_at", "-id").first()
    return Apology(case, steps, approval, ApologyMessage.objects.filter(case=case).first())


def require(refusal):
    if refusal is not None:
        raise refusal


def write_step(case, step, key, data, *, completed_by):
    """Write step `key` from `data`; returns (the step, whether it was complete before)."""
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


def advance(case) -> Apology:
    """Set the case's stage from its apology as written now (`Apology.stage`), and start
    the stage's clock when it moved. Returns the apology read."""
    state = apology(case)
    stage = state.stage
    moved = stage != case.stage
    case.stage = stage
    case.save(update_fields=["stage", "updated_at"])
    if moved:
        schedule.stage_entered(case)
    return state


def step_data(step) -> dict:
    """The structured part of a step, for the timeline's record."""
    if step.key == Stage.RESTORE_VALUE:
        return step.remedy_record()
    if step.key == Stage.EXPLAIN and step.root_cause_id:
        return {"root_cause": step.root_cause.slug}
    return {}
