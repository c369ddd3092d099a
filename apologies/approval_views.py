"""Managers' approvals: the remedies waiting above an agent's limit, approved or declined
with a note (the agent is told in the app and by email)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.access import desk_user_required
from recovery.errors import RecoveryError

from .flow import approvals as remedy_approvals
from .models import ApprovalStatus, RemedyApproval
from .step_forms import DecisionForm


def _manager(request):
    if not request.user.is_manager:
        raise PermissionDenied("Only managers decide on remedies.")


@desk_user_required
def approvals(request):
    _manager(request)
    waiting = RemedyApproval.objects.filter(status=ApprovalStatus.PENDING).select_related(
        "case", "case__customer", "requested_by"
    )
    decided = RemedyApproval.objects.exclude(status=ApprovalStatus.PENDING).select_related(
        "case", "requested_by", "decided_by"
    ).order_by("-decided_at")[:20]
    return render(request, "apologies/approvals.html", {
        "waiting": waiting, "decided": decided, "form": DecisionForm(),
    })


@require_POST
@desk_user_required
def decide(request, pk, decision):
    _manager(request)
    approval = get_object_or_404(RemedyApproval.objects.select_related("case"), pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "approve":
            remedy_approvals.approve_remedy(approval, by=request.user, note=note)
        else:
            remedy_approvals.decline_remedy(approval, by=request.user, note=note)
    except RecoveryError as exc:
        messages.error(request, f"{approval.case.reference}: {exc.message}")
    else:
        done = "approved" if decision == "approve" else "declined"
        messages.success(request, f"Remedy for {approval.case.reference} {done}.")
    return redirect("apologies:approvals")
