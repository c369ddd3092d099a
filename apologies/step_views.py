"""The apology on the case page: one step's form, live lexicon findings, the preview, sending,
and the case's transitions. Each view checks access, validates, calls one flow function,
and redirects or renders; the flow's refusals become messages next to the field."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from cases import promises
from cases.access import desk_user_required
from cases.choices import Stage
from cases.models import Case
from recovery.errors import RecoveryError

from . import cautions, compose, flow, lexicon, remedy
from .panel import step_form
from .step_forms import TransitionForm


def _case(reference) -> Case:
    return get_object_or_404(Case.objects.select_related("customer", "assignee"),
                             reference=reference)


def _key(key) -> Stage:
    if key not in flow.STEP_KEYS:
        raise Http404("No such step")
    return Stage(key)


def _apology_url(case) -> str:
    return f"{case.get_absolute_url()}#apology"


@desk_user_required
def step(request, reference, key):
    case, key = _case(reference), _key(key)
    apology = flow.Apology.load(case)
    form = step_form(case, key, request.POST or None, apology.steps.get(key))
    findings, proposals = None, []
    if request.method == "POST" and form.is_valid() and key == Stage.FIX \
            and not form.cleaned_data["promises_reviewed"]:
        proposals = promises.proposed_for(case, form.cleaned_data["content"],
                                          form.flow_data()["commitments"])
        if proposals:  # shown to the agent as commitment rows; nothing saved yet
            form = form.proposing(proposals, initial=form.initial,
                                  live_check_url=form.live_check_url)
    if request.method == "POST" and form.is_valid() and not proposals:
        try:
            outcome = flow.complete_step(case, key, form.flow_data(), by=request.user)
        except flow.LexiconBlocked as exc:
            form.add_error("content", exc.message)
            findings = exc.findings
        except RecoveryError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            _tell(request, key, outcome, form.flow_data())
            return redirect(_next_after(case))
    if findings is None and form.is_bound:
        findings = lexicon.check(form.data.get("content", ""), key)
    refusal = apology.complete_refusal(key)
    return render(request, "apologies/step.html", {
        "case": case, "key": key, "form": form, "findings": findings or [],
        "first": refusal.step if isinstance(refusal, flow.StepOutOfOrder) else None,
        "sent": apology.was_sent,
        "pending": apology.pending if key == Stage.RESTORE_VALUE else None,
        "declined": apology.declined if key == Stage.RESTORE_VALUE else None,
        "proposals": proposals,
    })


def _next_after(case) -> str:
    """Where a completed step leads: the preview once the apology can be sent (the agent's
    next move, one click saved on every case), else back to the steps."""
    if flow.Apology.load(case).send_refusal is None:
        return reverse("apologies:preview", args=[case.reference])
    return _apology_url(case)


def _tell(request, key, outcome, data):
    if outcome.waiting_for_approval:
        approval = outcome.approval
        messages.info(
            request,
            f"The remedy costs {approval.total_cost} {approval.currency} in all, above your "
            "approval limit: it waits for a manager. You will be told when it is decided.",
        )
    else:
        done = "edited" if outcome.edited else "completed"
        messages.success(request, f"Step {STEP_NUMBER[key]} “{key.label}” {done}.")
    if key == Stage.RESTORE_VALUE:  # the method asks for an extra: said, never enforced
        for warning in remedy.warnings(data):
            messages.warning(request, warning["message"])
    if outcome.waiting_for_approval:
        return
    for finding in outcome.findings:
        quoted = f"“{finding.text}”: " if finding.text else ""
        suggestion = f" Try: {finding.suggestion}" if finding.suggestion else ""
        messages.warning(request, f"{quoted}{finding.message}{suggestion}")


STEP_NUMBER = {key: number for number, key in enumerate(flow.STEP_KEYS, start=1)}


@require_POST
@desk_user_required
def check(request, reference, key):
    """Findings for the text being written (htmx swaps them in next to the field)."""
    _case(reference)
    findings = lexicon.check(request.POST.get("content", "")[:5000], _key(key))
    return render(request, "apologies/_findings.html", {"findings": findings, "live": True})


@require_POST
@desk_user_required
def remedy_summary(request, reference):
    """The remedy's totals and value per unit of cost for what is being typed (htmx swaps
    it in beside the form)."""
    _case(reference)
    summary = remedy.summarize(request.POST, settings.DESK_CURRENCY)
    return render(request, "apologies/_remedy_summary.html", {"summary": summary})


def _message(request, apology):
    """(the message as sent or as it would be sent now, the sent row or None); None for the
    message while a step is not written. A remedy waiting for approval reads as proposed."""
    if apology.was_sent:
        return apology.message, apology.message
    if not apology.is_drafted_in_full:
        return None, None
    return compose.compose(apology.case, apology.steps_for_message(), agent=request.user), None


@desk_user_required
def preview(request, reference):
    case = _case(reference)
    apology = flow.Apology.load(case)
    message, sent = _message(request, apology)
    if message is None:
        messages.error(request, f"Complete “{apology.next_step.label}” before the preview.")
        return redirect(_apology_url(case))
    findings = lexicon.check(message.text, None)
    return render(request, "apologies/preview.html", {
        "case": case, "message": message, "sent": sent, "apology": apology,
        "send_refusal": apology.send_refusal if not sent else None,
        "findings": findings, "cautions": cautions.cautions(findings),
    })


@xframe_options_sameorigin
@desk_user_required
def preview_html(request, reference):
    """The HTML email alone, for the preview's frame: sandboxed, no scripts, no requests.
    Same origin (`allow-same-origin`, still no scripts) so the preview page's own script
    can size the frame to the email, reference and sign-off included."""
    message, _ = _message(request, flow.Apology.load(_case(reference)))
    if message is None:
        raise Http404("The apology is not complete yet")
    response = HttpResponse(message.html)
    response["Content-Security-Policy"] = ("sandbox allow-same-origin; default-src 'none'; "
                                               "style-src 'unsafe-inline'")
    return response


@require_POST
@desk_user_required
def send(request, reference):
    case = _case(reference)
    try:
        flow.send_apology(case, by=request.user, confirmed=request.POST.getlist("confirm"))
    except cautions.CautionsUnconfirmed as exc:
        messages.error(request, exc.message)
        return redirect("apologies:preview", reference=case.reference)
    except RecoveryError as exc:
        messages.error(request, exc.message)
    # Sent: the apology section's own banner says so, to whom and when (one banner, not two).
    return redirect(_apology_url(case))


def _transition(move, done):
    @require_POST
    @desk_user_required
    def view(request, reference):
        case = _case(reference)
        form = TransitionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            move(case, by=request.user, note=note)
        except RecoveryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{case.reference} {done}.")
        return redirect(_apology_url(case))

    return view


resolve = _transition(flow.resolve, "is resolved")
close = _transition(flow.close, "is closed")
reopen = _transition(flow.reopen, "is open again")
