"""Promises written in a message to the customer, proposed as commitments on the case page
("You promised … — track it as a commitment due …?"). After sending, the promises found
(`writing.promises_in`) wait in the writer's session until they track or dismiss each: a
proposal, never a commitment made behind their back. Function views: check access,
validate, call the domain (`work.add_commitment`), redirect."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from cases import work
from cases.access import desk_user_required
from cases.models import Case
from recovery.errors import RecoveryError

KEPT = 10  # proposals remembered per case: a long message should not fill the session


def _key(case) -> str:
    return f"proposed-commitments:{case.reference}"


def remember(request, case, promises):
    """Keep `promises` (from a message just sent) for the case page to propose."""
    if not promises:
        return
    waiting = request.session.get(_key(case), [])
    waiting += [{"description": p.description, "due_at": p.due_at.isoformat(),
                 "text": p.sentence} for p in promises]
    request.session[_key(case)] = waiting[-KEPT:]


def banner(request, case):
    """The case page's banner with the promises waiting for the agent's decision."""
    waiting = request.session.get(_key(case)) if hasattr(request, "session") else None
    if not waiting:
        return None
    return {"template": "conversation/_proposed_commitments.html", "case": case,
            "proposals": [{**p, "number": n, "due": parse_datetime(p["due_at"])}
                          for n, p in enumerate(waiting)]}


class ProposalForm(forms.Form):
    number = forms.IntegerField(min_value=0)


def _take(request, case):
    """The proposal the form names, removed from the session; None if it is gone (tracked
    or dismissed in another tab)."""
    form = ProposalForm(request.POST)
    waiting = request.session.get(_key(case), [])
    if not form.is_valid() or form.cleaned_data["number"] >= len(waiting):
        return None
    taken = waiting.pop(form.cleaned_data["number"])
    request.session[_key(case)] = waiting
    return taken


@require_POST
@desk_user_required
def track(request, reference):
    case = get_object_or_404(Case.objects.select_related("assignee"), reference=reference)
    proposal = _take(request, case)
    if proposal is None:
        messages.info(request, "That promise was already tracked or dismissed.")
        return redirect(f"{case.get_absolute_url()}#commitments")
    try:
        work.add_commitment(case, proposal["description"], parse_datetime(proposal["due_at"]),
                            by=request.user)
    except RecoveryError as exc:
        messages.error(request, f"Not tracked: {exc.message}")
    else:
        messages.success(request, f"Tracked as a commitment: {proposal['description']}")
    return redirect(f"{case.get_absolute_url()}#commitments")


@require_POST
@desk_user_required
def dismiss(request, reference):
    case = get_object_or_404(Case, reference=reference)
    if _take(request, case) is not None:
        messages.info(request, "Not tracked.")
    return redirect(case)
