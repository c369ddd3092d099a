"""The archive at the desk: search, read, review (managers), start a case from an
apology, and publish or unpublish (managers)."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apologies import cautions, lexicon
from cases.access import desk_user_required
from cases.choices import Stage, Status
from cases.models import Case
from recovery.errors import RecoveryError

from . import publishing, reuse, search
from .filters import ArchiveFilter
from .forms import PublishForm, ReviewForm
from .models import ArchivedApology
from .review import review

PAGE_SIZE = 20
TO_REVIEW_LIMIT = 1000  # the managers' badge says "1,000+" beyond


def _archived(pk):
    return get_object_or_404(
        ArchivedApology.objects.select_related("category", "root_cause", "agent", "reviewed_by"),
        pk=pk)


@desk_user_required
def archive(request):
    found = ArchiveFilter(request.GET,  # bound even when empty: unbound is never valid
                          queryset=search.entries())
    results = found.results() if found.is_valid() else search.NOTHING
    page = Paginator(results.entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = found.form.cleaned_data.get("q", "") if found.is_valid() else ""
    narrowed = _filters_chosen(request.GET, found)
    return render(request, "archive/archive.html", {
        "filter": found, "page": page,
        "rows": search.apologies(page, query or "", ArchivedApology.objects.select_related(
            "category", "root_cause")),
        "facets": _facet_links(request.GET, results.facets), "query": query,
        "pool": results,
        "narrowed": narrowed, "unfiltered": _without(request.GET, [f["name"] for f in narrowed]),
        # Only managers see the badge, counted up to a limit: counting every unreviewed
        # apology took 94 ms at 500,000 and grows with the archive.
        "to_review": (ArchivedApology.objects.filter(reviewed_at__isnull=True)
                      [:TO_REVIEW_LIMIT + 1].count() if request.user.is_manager else None),
        "to_review_limit": TO_REVIEW_LIMIT,
    })


FACET_TITLES = {  # facet: (heading, the filter it sets)
    "category": ("Category", "category"), "root_cause": ("Root cause", "root_cause"),
    "remedy_type": ("Remedy", "remedy_type"), "rating": ("Rating", "min_rating"),
    "exemplary": ("Exemplary", "exemplary"), "outcome": ("Outcome", "outcome"),
}


def _facet_links(params, facets):
    """Each facet value with the query string that narrows the search to it."""
    groups = []
    for name, values in facets.items():
        title, param = FACET_TITLES[name]
        for facet in values:
            narrowed = params.copy()
            narrowed.pop("page", None)
            narrowed[param] = str(facet["value"]).lower() if name == "exemplary" else (
                facet["value"])
            facet["query"] = narrowed.urlencode()
            facet["chosen"] = params.get(param) == narrowed[param]
        groups.append({"title": title, "values": values})
    return groups


YES_NO = {"exemplary": ("Exemplary only", "Not exemplary"),
          "to_review": ("Not reviewed yet", "Reviewed")}
FILTER_TITLES = {"remedy_type": "Remedy"}


def _filters_chosen(params, found):
    """The filters this search is narrowed by, each with its label and the query string
    without it. The search box carries none of them: a new search starts from the whole
    archive, unless the searcher ticks the ones to keep (they are shown, never hidden)."""
    if not found.is_valid():
        return []
    data, chosen = found.form.cleaned_data, []
    for name, field in found.form.fields.items():
        value = data.get(name)
        if name in ("q", "sort") or value in (None, "") or not params.get(name):
            continue
        if name == "min_rating":
            label = f"Rated {int(value)}" + ("" if value >= 5 else " or more")
        elif name in YES_NO:
            label = YES_NO[name][0 if value else 1]
        else:
            shown = value if hasattr(value, "pk") else dict(field.choices).get(value, value)
            label = f"{FILTER_TITLES.get(name, field.label)}: {shown}"
        chosen.append({"name": name, "value": params[name], "label": label,
                       "without": _without(params, [name])})
    return chosen


def _without(params, names):
    rest = params.copy()
    for name in [*names, "page"]:
        rest.pop(name, None)
    return rest.urlencode()


def _detail(request, archived, review_form=None, status=200):
    if review_form is None and request.user.is_manager:
        review_form = ReviewForm(instance=archived)
    found = reuse.findings(archived)
    return render(request, "archive/detail.html", {
        "archived": archived, "review_form": review_form,
        "findings": found, "cautions": cautions.cautions(found),
        # "Start from this apology" offers the case the agent came from, and their own
        # cases whose apology is not sent yet
        "from_case": Case.objects.filter(reference=request.GET.get("case", "")).exclude(
            stage=Stage.SENT).first(),
        "my_cases": Case.objects.filter(assignee=request.user, status=Status.OPEN).exclude(
            stage=Stage.SENT).order_by("-created_at")[:20],
    }, status=status)


@desk_user_required
def detail(request, pk):
    return _detail(request, _archived(pk))


@require_POST
@desk_user_required
def review_view(request, pk):
    _manager(request, "review archived apologies")
    archived = _archived(pk)
    form = ReviewForm(request.POST, instance=ArchivedApology.objects.get(pk=pk))
    if not form.is_valid():
        return _detail(request, archived, review_form=form, status=400)
    review(archived, by=request.user, **form.cleaned_data)
    messages.success(request, "Review saved.")
    return redirect("archive:detail", pk=archived.pk)


@require_POST
@desk_user_required
def start_from(request, pk):
    archived = _archived(pk)
    case = get_object_or_404(Case, reference=request.POST.get("case", ""))
    try:
        drafted = reuse.start_from(case, archived, by=request.user,
                                   confirmed=request.POST.getlist("confirm"))
    except cautions.CautionsUnconfirmed as refusal:  # the archive page has a box for each
        messages.error(request, refusal.message)
        return redirect(f"{reverse('archive:detail', args=[archived.pk])}?case="
                        f"{quote(case.reference)}#reuse-heading")
    except RecoveryError as refusal:
        messages.error(request, str(refusal))
        return redirect(case.get_absolute_url())
    if drafted:
        messages.success(request, f"Drafted {len(drafted)} step(s) from {archived.reference}: "
                         "review each and complete it.")
    else:
        messages.info(request, "Every step is already complete; nothing was drafted.")
    return redirect(case.get_absolute_url())


@desk_user_required
def publish(request, pk):
    """Preview the redacted public version, edit it, publish it."""
    _manager(request, "publish apologies")
    archived = _archived(pk)
    title, text = publishing.proposed(archived)
    form = PublishForm(request.POST or None, initial={"title": title, "text": text})
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        try:
            publishing.publish(archived, by=request.user, **form.cleaned_data,
                               confirmed=request.POST.getlist("confirm"))
        except RecoveryError as refusal:  # banned words, or cautions to confirm: below
            form.add_error("text", refusal.message)
        else:
            messages.success(request, "Published. It is on the public page and in its feed.")
            return redirect("archive:detail", pk=archived.pk)
    preview = (publishing.redact(form.data.get("title", ""), archived),
               publishing.redact(form.data.get("text", ""), archived)) if form.is_bound else (
        title, text)
    found = lexicon.check(preview[1], None)
    return render(request, "archive/publish.html", {
        "archived": archived, "form": form, "preview": preview, "findings": found,
        "cautions": cautions.cautions(found)})


@require_POST
@desk_user_required
def unpublish(request, pk):
    _manager(request, "unpublish apologies")
    archived = _archived(pk)
    try:
        publishing.unpublish(archived, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, str(refusal))
        return redirect("archive:detail", pk=archived.pk)
    messages.success(request, "Unpublished: it is no longer on the public page.")
    return redirect("archive:detail", pk=archived.pk)


def _manager(request, doing):
    if not request.user.is_manager:
        raise PermissionDenied(f"Only managers {doing}.")
