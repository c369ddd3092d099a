"""The apology's section of the case page: the five steps with their text, the next step's
form, a remedy waiting for approval, commitments, the sent message, and the transitions."""

from django.urls import reverse

from cases.choices import STEPS, Stage, Status

from . import flow, lexicon
from .models import ApologyMessage, ApologyStep, ApprovalStatus, RemedyApproval
from .step_forms import FORMS, initial_for

_default_drafts = []


def register_default_drafts(provider):
    """`provider(case)` returns {step key: draft fields} for steps the case has no text for
    yet (an incident's shared parts, say); the step's form starts from them."""
    _default_drafts.append(provider)
    return provider


def _default_draft(case, key):
    for provider in _default_drafts:
        draft = provider(case).get(key)
        if draft:
            return ApologyStep(case=case, key=key, **draft)
    return None


def step_form(case, key, data=None, step=None):
    check_url = reverse("apologies:step-check", args=[case.reference, key])
    if key == Stage.RESTORE_VALUE:  # the remedy's totals and ratio, live
        summary_url = reverse("apologies:remedy-summary", args=[case.reference])
        return FORMS[key](data, initial=initial_for(step), live_check_url=check_url,
                          summary_url=summary_url)
    return FORMS[key](data, initial=initial_for(step), live_check_url=check_url)


def step_rows(case, steps, phrases, pending):
    """Each step with its state and the lexicon's cautions on its current text."""
    upcoming = flow.next_step(steps)
    rows = []
    for number, key in enumerate(STEPS, start=1):
        step = steps.get(key)
        state = "done" if step and step.is_complete else "next" if key == upcoming else "todo"
        if key == Stage.RESTORE_VALUE and pending:
            state = "waiting"
        rows.append({
            "number": number, "key": key.value, "label": key.label, "state": state,
            "step": step,
            "findings": lexicon.check(step.content, key, phrases) if step else [],
        })
    return rows


def apology_section(request, case):
    steps = {
        step.key: step
        for step in ApologyStep.objects.filter(case=case).select_related("root_cause")
    }
    approvals = RemedyApproval.objects.filter(case=case).select_related(
        "requested_by", "decided_by"
    ).order_by("-requested_at")[:1]
    latest = approvals[0] if approvals else None
    pending = latest if latest and latest.status == ApprovalStatus.PENDING else None
    message = ApologyMessage.objects.filter(case=case).first()
    upcoming = flow.next_step(steps)
    return {
        "template": "apologies/_case_apology.html",
        "rows": step_rows(case, steps, lexicon.active_phrases(), pending),
        # a draft (from "Start from this apology") fills the form; it is not complete
        "next_form": (step_form(case, upcoming.value, step=steps.get(upcoming)
                                or _default_draft(case, upcoming.value))
                      if upcoming and not message else None),
        "next_key": upcoming,
        "approval": latest,
        "pending": pending,
        "commitments": case.commitments.select_related("owner"),
        "message": message,
        "ready": upcoming is None and not message and not pending,
        "can_resolve": message is not None and case.status in (Status.OPEN, Status.APOLOGY_SENT),
        "can_close": case.status == Status.RESOLVED,
        "can_reopen": case.status != Status.OPEN,
    }
