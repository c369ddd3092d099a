"""The queue's tools: changing the chosen cases in bulk, and saved views. Thin views: check
access, call `cases.bulk` or `cases.saved_views`, say what happened, go back."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from recovery.errors import NotAllowed, RecoveryError
from recovery.redirects import is_on_the_desk

from . import bulk, saved_views
from .access import desk_user_required
from .models import SavedView
from .view_forms import RenameViewForm, SaveViewForm

LEVELS = {"success": messages.SUCCESS, "info": messages.INFO, "warning": messages.WARNING}


def _back(request, *allowed_names) -> str:
    """The POST's `next` if it is one of these pages of ours (with any query: the queue's
    filters, sort and page), else the first of them. Never another site."""
    allowed = [reverse(name) for name in allowed_names]
    wanted = request.POST.get("next", "")
    if is_on_the_desk(request, wanted) and urlsplit(wanted).path in allowed:
        return wanted
    return allowed[0]


@require_POST
@desk_user_required
def bulk_change(request):
    """The chosen cases, each changed as one by one; then back to the same queue."""
    try:
        outcome = bulk.apply(request.POST.get("action"), request.POST.getlist("case"),
                             request.POST, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        for level, text in outcome.messages():
            messages.add_message(request, LEVELS[level], text)
    return redirect(_back(request, "cases:queue"))


def _visible(request, pk) -> SavedView:
    """Someone else's personal view is not there for this person (404)."""
    return get_object_or_404(SavedView.objects.visible_to(request.user), pk=pk)


def _page(request, *, save_form=None, renaming=None, status=200):
    views = (SavedView.objects.visible_to(request.user).select_related("owner")
             .order_by("shared", "name", "id"))
    rows = [(view, saved_views.may_change(view, request.user),
             renaming[1] if renaming and renaming[0] == view.pk else RenameViewForm(
                 initial={"name": view.name}, prefix=f"view-{view.pk}"))
            for view in views]
    return render(request, "cases/saved_views.html", {
        "rows": rows, "limit": saved_views.MAX_PER_PERSON,
        "mine": sum(1 for view, _, _ in rows if view.owner_id == request.user.pk),
        "save_form": save_form or SaveViewForm(may_share=request.user.is_manager),
    }, status=status)


@desk_user_required
def saved_view_list(request):
    """GET: the views this person sees, to rename or delete. POST: save one (the queue's
    "Save this view" posts here; a refusal shows here, next to its field)."""
    if request.method != "POST":
        return _page(request)
    form = SaveViewForm(request.POST, may_share=request.user.is_manager)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            view = saved_views.save_view(data["name"], data["query"],
                                         shared=request.POST.get("shared") == "on",
                                         by=request.user)
        except RecoveryError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None,
                           refusal.message)
            status = refusal.status
        else:
            shared = " and shared with the desk" if view.shared else ""
            messages.success(request, f"View “{view.name}” saved{shared}.")
            return redirect(view.url)
    return _page(request, save_form=form, status=status)


@require_POST
@desk_user_required
def rename_saved_view(request, pk):
    view = _visible(request, pk)
    if not saved_views.may_change(view, request.user):
        raise PermissionDenied("Only its owner or a manager may rename a shared view.")
    form = RenameViewForm(request.POST, prefix=f"view-{view.pk}")
    if form.is_valid():
        try:
            view = saved_views.rename_view(view, form.cleaned_data["name"], by=request.user)
        except RecoveryError as refusal:
            form.add_error("name", refusal.message)
        else:
            messages.success(request, f"View renamed “{view.name}”.")
            return redirect("cases:views")
    return _page(request, renaming=(view.pk, form), status=400)


@require_POST
@desk_user_required
def delete_saved_view(request, pk):
    view = _visible(request, pk)
    try:
        saved_views.delete_view(view, by=request.user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    messages.success(request, f"View “{view.name}” deleted.")
    return redirect(_back(request, "cases:views", "cases:queue"))
