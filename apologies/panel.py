"""The apology's section of the case page: the stepper, the five steps with their text, the
next step's form, a remedy waiting for approval (or declined, with the manager's note),
commitments, the sent message, and the transitions. All of it read from one `Apology`."""

from django.urls import reverse

from cases.choices import Stage
from conversation.writing import kept_words

from . import lexicon
from .flow import Apology
from .models import ApologyStep
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


def stepper(apology: Apology) -> list[dict]:
    """The case page's stepper: each step's number, label and state."""
    return [{"number": row.number, "key": row.key.value, "label": row.label,
             "state": row.state} for row in apology.states]


def step_rows(apology: Apology, phrases) -> list[dict]:
    """Each step with its state, whether it may be edited now, and the lexicon's cautions
    on its current text."""
    return [{
        "number": row.number, "key": row.key.value, "label": row.label, "state": row.state,
        "step": row.step,
        "editable": row.state == "done" and apology.can_complete(row.key),
        "findings": lexicon.check(row.step.content, row.key, phrases) if row.step else [],
    } for row in apology.states]


def apology_section(request, case):
    apology = Apology.load(case)
    upcoming = apology.next_step
    # The next step's form; a draft (from "Start from this apology") fills it. While the
    # remedy waits and nothing else is left, another remedy may be proposed from its page.
    show_form = upcoming is not None and not apology.was_sent and not (
        upcoming == Stage.RESTORE_VALUE and apology.pending)
    commitments = _commitments(case)
    return {
        "template": "apologies/_case_apology.html",
        "stepper": stepper(apology),
        "apology": apology,
        "rows": step_rows(apology, lexicon.phrases_for(request)),
        "next_form": (step_form(case, upcoming.value, step=apology.steps.get(upcoming)
                                or _default_draft(case, upcoming.value))
                      if show_form else None),
        "next_key": upcoming,
        "approval": apology.approval,
        "pending": apology.pending,
        "declined": apology.declined,
        "commitments": commitments,
        "open_promises": [c for c in commitments if c.is_outstanding],
        "message": apology.message,
        "previewable": apology.is_drafted_in_full and not apology.was_sent,
        "ready": apology.can_send,
        "can_resolve": apology.can_resolve,
        "can_close": apology.can_close,
        "can_reopen": apology.can_reopen,
    }


def _commitments(case) -> list:
    commitments = list(case.commitments.select_related("owner"))
    for commitment in commitments:  # the words "Kept: tell the customer" starts from
        commitment.kept_words = kept_words(commitment)
    return commitments
