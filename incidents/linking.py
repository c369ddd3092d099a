"""Writing incidents, linking the cases they caused, and personalising a linked case's
remedy and regret. Each change to a case is on its timeline, in the change's transaction."""

from django.db import transaction

from apologies import flow, lexicon
from cases import timeline, work
from cases.choices import Stage
from cases.models import Case, EventKind
from recovery import read_cache
from recovery.errors import Conflict, RecoveryError

from .models import Incident, IncidentRemedy

OPEN_INCIDENTS = "incidents:open"  # the case pages' cached list (`panel.open_incidents`)

INCIDENT_FIELDS = ("title", "summary", "status", "started_at", "ended_at", "acknowledgement",
                   "explanation", "root_cause", "fix", "regret")


def save_incident(incident: Incident | None, data: dict, remedies: list[dict], *,
                  by) -> Incident:
    """Create (`incident` None) or change an incident and its remedies by tier.

    `remedies` replaces the tier defaults when given (a list of dicts with `tier`,
    `remedy_type`, `content`, `value_to_customer`, `cost`, `currency`); None keeps them.
    The shared texts are checked against the lexicon like any step: banned language is
    refused (LexiconBlocked, naming the field), since it would reach every customer.
    """
    person = work.require_person(by, "write incidents")
    _check_language(data)
    if remedies is not None:
        tiers = [remedy["tier"] for remedy in remedies]
        if len(tiers) != len(set(tiers)):
            raise RecoveryError("One remedy per tier.", field="remedies")
        for remedy in remedies:
            _check_language({"restore_value": remedy.get("content", "")})
    with transaction.atomic():
        if incident is None:
            incident = Incident(created_by=person)
        else:
            incident = Incident.objects.select_for_update().get(pk=incident.pk)
        for name in INCIDENT_FIELDS:
            if name in data:
                setattr(incident, name, data[name])
        if incident.ended_at and incident.ended_at < incident.started_at:
            raise RecoveryError("The incident cannot end before it started.", field="ended_at")
        incident.save()
        read_cache.forget(OPEN_INCIDENTS)  # the case pages' "join an incident" list
        if remedies is not None:
            incident.remedies.all().delete()
            IncidentRemedy.objects.bulk_create(
                IncidentRemedy(incident=incident, **remedy) for remedy in remedies)
    return incident


FIELD_STEPS = {"acknowledgement": Stage.ACKNOWLEDGE, "explanation": Stage.EXPLAIN,
               "fix": Stage.FIX, "regret": Stage.REGRET, "restore_value": Stage.RESTORE_VALUE}


def _check_language(texts: dict):
    for field, key in FIELD_STEPS.items():
        text = texts.get(field) or ""
        blocking = lexicon.blocking(lexicon.check(text, key)) if text.strip() else []
        if blocking:
            refusal = flow.LexiconBlocked(blocking)
            refusal.field = "remedies" if field == "restore_value" else field
            raise refusal


def link(incident: Incident, cases, *, by) -> list[Case]:
    """Link `cases` to `incident`; returns those newly linked (a case already linked to it
    is left alone; one linked to another incident moves, and its timeline says so).

    Raises Conflict for a case whose apology was already sent: it cannot take part."""
    work.require_person(by, "link cases to incidents")
    linked = []
    with transaction.atomic():
        for case in Case.objects.select_for_update(of=("self",)).filter(
                pk__in=[case.pk for case in cases]).order_by("pk"):
            if case.incident_id == incident.pk:
                continue
            if case.stage == Stage.SENT:
                raise Conflict(f"{case.reference}: its apology was already sent.",
                               code="already_sent")
            previous = case.incident
            case.incident = incident
            case.save(update_fields=["incident", "updated_at"])
            timeline.record(case, EventKind.INCIDENT_LINKED, by=by, to_value=incident.reference,
                            from_value=previous.reference if previous else "",
                            note=incident.title, incident=incident.pk)
            linked.append(case)
    return linked


def unlink(case: Case, *, by) -> Case:
    work.require_person(by, "remove cases from incidents")
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.incident_id is None:
            return case
        previous = case.incident
        case.incident = None
        case.save(update_fields=["incident", "updated_at"])
        timeline.record(case, EventKind.INCIDENT_UNLINKED, by=by, from_value=previous.reference,
                        note=previous.title)
    return case


def personalise(case: Case, *, remedy: dict | None = None, regret: str = "", by):
    """This customer's own remedy and regret, instead of the incident's defaults.

    The remedy completes the first step (so a remedy above the agent's limit waits for a
    manager, as always); the regret becomes the last step's draft, completed when the
    apology goes out. Returns the remedy step's outcome (None without a remedy)."""
    case = Case.objects.select_related("incident").get(pk=case.pk)
    if case.incident_id is None:
        raise Conflict("This case is not part of an incident.", code="no_incident")
    outcome = None
    if remedy:
        outcome = flow.complete_step(case, Stage.RESTORE_VALUE, remedy, by=by)
    if regret.strip():
        _check_language({"regret": regret})
        step = case.steps.filter(key=Stage.REGRET).first()
        if step is not None and step.is_complete:
            flow.complete_step(case, Stage.REGRET, {"content": regret}, by=by)
        else:
            flow.draft_steps(case, {Stage.REGRET: {"content": regret.strip()}}, by=by,
                             source=case.incident.reference, kind=EventKind.INCIDENT_PERSONALISED)
    return outcome
