"""The agent's pages: the queue, logging a case, and one case. Function views, each doing
four things: check access, validate, call the domain, render or redirect."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from recovery.errors import RecoveryError

from . import history, links, panels, wording, work
from .access import desk_user_required
from .filters import QueueFilter
from .forms import AssignForm, CaseForm, EditCaseForm, NoteForm
from .intake import CustomerDetails, open_case
from .jinja import rows_html
from .models import Case
from .paging import CappedPaginator, newest_page


@desk_user_required
def queue(request):
    case_filter = QueueFilter(request.GET, queryset=Case.objects.for_list(), request=request)
    paginator = CappedPaginator(case_filter.qs, settings.QUEUE_PAGE_SIZE,
                                count_limit=settings.QUEUE_COUNT_LIMIT)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    link = Case.link_maker("cases:detail")
    rows = [(case, link(case)) for case in page]
    return render(
        request,
        "cases/queue.html",
        {"filter": case_filter, "page": page, "rows": rows_html(rows), "query": query.urlencode(),
         "headers": case_filter.headers(query)},
    )


@desk_user_required
def new_case(request):
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = open_case(
            customer=CustomerDetails(
                email=data["customer_email"],
                name=data["customer_name"],
                company=data["customer_company"],
            ),
            title=data["title"],
            customer_title=data["customer_title"],
            description=data["description"],
            remedy_requested=data["remedy_requested"],
            channel=data["channel"],
            category=data["category"],
            severity=data["severity"],
            occurred_at=data["occurred_at"],
            assignee=request.user if data["assign_to_me"] else None,
            by=request.user,
        )
        messages.success(request, f"Case {case.reference} logged.")
        return redirect(case)
    return render(request, "cases/new.html", {"form": form})


def _case(reference, *, with_history=False) -> Case:
    cases = Case.objects.select_related("customer", "category", "assignee")
    if with_history:  # the customer's history and what the sections read, in the same query
        cases = panels.read_with_the_case(cases.annotate(**history.annotations()))
    return get_object_or_404(cases, reference=reference)


@desk_user_required
def case_detail(request, reference, note_form=None, assign_form=None):
    case = _case(reference, with_history=True)
    page = newest_page(case.events.select_related("actor", "api_key"),
                       request.GET.get("timeline_before"))
    timeline = wording.entries(page.rows, known=[case.assignee])
    sections = panels.sections(request, case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "history": history.CustomerHistory.of(case),
            "steps": panels.stepper(sections),
            "banners": panels.banners(request, case),
            "sections": sections,
            "timeline": timeline,
            "timeline_page": page,
            "note_form": note_form or NoteForm(),
            "assign_form": assign_form
            or AssignForm(initial={"assignee": case.assignee.email if case.assignee else ""}),
        },
    )


@require_POST
@desk_user_required
def assign_case(request, reference):
    case = _case(reference)
    if request.POST.get("assignee") == "me":
        assignee = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            return case_detail(request, reference, assign_form=form)
        assignee = form.assignee_user()
    try:
        case = work.assign(case, assignee, by=request.user)
    except RecoveryError as exc:
        messages.error(request, exc.message)
        return redirect(case)
    who = "you" if assignee == request.user else (assignee.display_name if assignee else "nobody")
    messages.success(request, f"{case.reference} is assigned to {who}.")
    return redirect(case)


@require_POST
@desk_user_required
def add_note(request, reference):
    case = _case(reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return case_detail(request, reference, note_form=form)
    try:
        work.add_note(case, form.cleaned_data["text"], by=request.user)
    except RecoveryError as exc:
        form.add_error("text", exc.message)
        return case_detail(request, reference, note_form=form)
    messages.success(request, "Note added.")
    return redirect(f"{case.get_absolute_url()}#timeline")


@require_POST
@desk_user_required
def keep_commitment(request, reference, pk):
    case = _case(reference)
    commitment = get_object_or_404(case.commitments, pk=pk)
    try:
        work.keep_commitment(commitment, by=request.user)
    except RecoveryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Kept: {commitment.description}")
    return redirect(f"{case.get_absolute_url()}#commitments")


@require_POST
@desk_user_required
def release_commitment(request, reference, pk):
    """Give up a promise with the reason on the record (then the case may be resolved)."""
    case = _case(reference)
    commitment = get_object_or_404(case.commitments, pk=pk)
    try:
        work.release_commitment(commitment, request.POST.get("reason", "")[:2000],
                                by=request.user)
    except RecoveryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Released: {commitment.description}")
    return redirect(f"{case.get_absolute_url()}#commitments")


@never_cache  # the page holds a working link: no copy in any cache
@require_POST
@desk_user_required
def revoke_links(request, reference):
    """The customer's links stop working; the new status link is shown here once, not
    redirected through a message (it would sit in the session store in the clear)."""
    case = _case(reference)
    new_link = links.revoke(case, by=request.user).status_url
    return render(request, "cases/links_revoked.html", {"case": case, "new_link": new_link})


@desk_user_required
def edit_case(request, reference):
    case = _case(reference)
    form = EditCaseForm.for_case(case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            work.edit_case(case, form.changes(), by=request.user,
                           if_match=form.cleaned_data["version"])
        except RecoveryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Case details saved.")
            return redirect(case)
    return render(request, "cases/edit.html", {"case": case, "form": form})
