"""Incidents at the desk: the list, one incident with its linked cases and "Send to all"
with its live progress, writing an incident, linking cases (from the queue or a case
page), and personalising a linked case."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apologies import cautions
from apologies.models import EXTRA_FIELDS
from cases.access import desk_user_required, manager_required
from cases.choices import Stage
from cases.models import Case
from recovery.errors import RecoveryError
from recovery.redirects import is_on_the_desk, safe_next

from . import confirming, linking, parts, sending
from .forms import IncidentForm, PersonaliseForm, remedy_formset
from .models import BulkSendStatus, Incident, IncidentStatus

LINKED_PAGE = 100  # linked cases shown on the incident page


@desk_user_required
def incident_list(request):
    incidents = Incident.objects.annotate(
        linked=Count("cases", distinct=True),
        sent=Count("cases", filter=Q(cases__stage=Stage.SENT), distinct=True),
    ).order_by("-started_at", "-id")
    return render(request, "incidents/list.html", {"incidents": incidents[:200]})


def _incident(pk):
    return get_object_or_404(Incident.objects.select_related("root_cause", "created_by"), pk=pk)


@desk_user_required
def detail(request, pk):
    incident = _incident(pk)
    remedies = list(incident.remedies.all())
    bulk = sending.latest(incident)
    return render(request, "incidents/detail.html", {
        "incident": incident, "remedies": remedies, "rows": _linked_rows(incident, bulk, remedies),
        "linked": incident.cases.count(), "missing": parts.missing(incident),
        "bulk": bulk, "progress": sending.progress(bulk) if bulk else None,
    })


def _linked_rows(incident, bulk, remedies):
    """The linked cases shown, each with the remedy it carries and its item in the latest
    run (answered with another case, or failed and why)."""
    cases = list(incident.cases.select_related("customer", "assignee")
                 .prefetch_related("steps").order_by("reference")[:LINKED_PAGE])
    items = {} if bulk is None else {
        item.case_id: item for item in bulk.items.filter(case__in=cases)
        .select_related("answered_by")}
    return [{"case": case, "remedy": _remedy_shown(case, incident, remedies),
             "item": items.get(case.pk)} for case in cases]


def _remedy_shown(case, incident, remedies):
    """The remedy this case's apology carries (or will): its own, marked personalised when
    it is not the default for the customer's tier (a run writes the default into the case
    too), else that default."""
    own = next((step for step in case.steps.all() if step.key == Stage.RESTORE_VALUE
                and step.content), None)
    default = parts.remedy_for(incident, case.customer.tier, remedies)
    if own is not None:
        personalised = default is None or (own.content, own.value_to_customer) != (
            default.content, default.value_to_customer)
        return {"own": personalised, "content": own.content, "value": own.value_to_customer,
                "type": own.get_remedy_type_display()}
    if default is None:
        return None
    return {"own": False, "content": default.content, "value": default.value_to_customer,
            "type": default.get_remedy_type_display()}


@desk_user_required
def progress(request, pk):
    """The progress bar alone, which the page polls (htmx) while a run is going. The poll
    that sees the run finished brings the linked cases too (an out-of-band swap), so their
    new states show without a reload."""
    incident = _incident(pk)
    bulk = sending.latest(incident)
    context = {"incident": incident, "bulk": bulk, "linked": incident.cases.count(),
               "progress": sending.progress(bulk) if bulk else None,
               "missing": parts.missing(incident)}
    if bulk is not None and bulk.status == BulkSendStatus.FINISHED and request.headers.get(
            "HX-Request"):
        context.update(oob=True, rows=_linked_rows(incident, bulk, list(incident.remedies.all())))
    return render(request, "incidents/_progress.html", context)


@desk_user_required
def edit(request, pk=None):
    incident = _incident(pk) if pk else None
    form = IncidentForm(request.POST or None, instance=incident)
    remedies = remedy_formset(incident, request.POST or None)
    if request.method == "POST" and form.is_valid() and remedies.is_valid():
        data = {name: form.cleaned_data[name] for name in linking.INCIDENT_FIELDS}
        chosen = [remedy for remedy in (f.remedy() for f in remedies.forms) if remedy]
        try:
            incident = linking.save_incident(incident, data, chosen, by=request.user)
        except RecoveryError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None,
                           refusal.message)
        else:
            messages.success(request, f"Incident {incident.reference} saved.")
            return redirect(incident)
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/form.html",
                  {"incident": incident, "form": form, "remedies": remedies}, status=status)


@manager_required
def send_all(request, pk):
    """"Send to all": GET shows what it will do (the confirmation); POST starts it."""
    incident = _incident(pk)
    if request.method != "POST":
        plan = confirming.plan(incident, by=request.user, sample=request.GET.get("case", ""))
        return render(request, "incidents/confirm.html", {
            "incident": incident, "plan": plan, "cautions": plan.cautions,
            "shown": confirming.SHOWN})
    try:
        bulk = sending.start(incident, by=request.user,
                             confirmed=request.POST.getlist("confirm"))
    except cautions.CautionsUnconfirmed as refusal:
        messages.error(request, refusal.message)
        return redirect("incidents:send", pk=incident.pk)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Sending the apologies of {incident.reference} "
                         f"({bulk.items.count()} cases); the progress is below.")
    return redirect(incident)


@desk_user_required
def choose(request):
    """Cases chosen in the queue (or on a case page): which incident do they join?"""
    references = request.POST.getlist("case") or request.GET.getlist("case")
    cases = list(Case.objects.filter(reference__in=references[:500]).select_related("customer"))
    if request.method == "POST" and cases:
        incident = Incident.objects.filter(pk=request.POST.get("incident") or 0).first()
        if incident is None:
            messages.error(request, "Choose an incident.")
        else:
            try:
                linked = linking.link(incident, cases, by=request.user)
            except RecoveryError as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, f"{len(linked)} case(s) added to {incident.reference}.")
                return redirect(safe_next(request, incident))
    if not cases:
        messages.info(request, "Choose cases in the queue first (tick them, then “Add to "
                      "incident”).")
        return redirect("cases:queue")
    open_incidents = Incident.objects.exclude(status=IncidentStatus.RESOLVED)
    wanted = request.GET.get("next", "")
    return render(request, "incidents/choose.html", {
        "cases": cases, "incidents": open_incidents, "chosen": request.POST.get("incident", ""),
        "next": wanted if is_on_the_desk(request, wanted) else ""})


@require_POST
@desk_user_required
def unlink(request, reference):
    case = get_object_or_404(Case, reference=reference)
    try:
        linking.unlink(case, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Removed from the incident.")
    return redirect(case)


@desk_user_required
def personalise(request, reference):
    """This customer's own remedy and regret; the form starts from what the apology would
    carry now."""
    case = get_object_or_404(Case.objects.select_related("incident", "customer"),
                             reference=reference)
    if case.incident is None:
        messages.error(request, "This case is not part of an incident.")
        return redirect(case)
    form = PersonaliseForm(request.POST or None, initial=_personal_initial(case))
    if request.method == "POST" and form.is_valid():
        try:
            outcome = linking.personalise(case, remedy=form.remedy(),
                                          regret=form.cleaned_data["regret"], by=request.user)
        except RecoveryError as refusal:
            field = "regret" if refusal.field == "regret" else (
                "content" if refusal.field in ("content", "remedies") else None)
            form.add_error(field, refusal.message)
        else:
            if outcome and outcome.waiting_for_approval:
                messages.info(request, "The remedy waits for a manager's approval; the "
                              "apology to this customer is saved.")
            else:
                messages.success(request, "Personalised for this customer.")
            return redirect(case)
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/personalise.html", {"case": case, "form": form},
                  status=status)


def _personal_initial(case) -> dict:
    drafts = parts.drafts_for(case)
    steps = {step.key: step for step in case.steps.filter(key__in=parts.PERSONAL)}
    remedy = steps.get(Stage.RESTORE_VALUE)
    initial = dict(drafts.get(Stage.RESTORE_VALUE, {}))
    if remedy is not None and remedy.remedy_type:
        initial.update(content=remedy.content, remedy_type=remedy.remedy_type,
                       value_to_customer=remedy.value_to_customer, cost=remedy.cost,
                       **{name: getattr(remedy, name) for name in EXTRA_FIELDS})
    regret = steps.get(Stage.REGRET)
    initial["regret"] = regret.content if regret else drafts.get(Stage.REGRET, {}).get(
        "content", "")
    return initial
