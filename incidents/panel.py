"""The case page's "Incident" section: the incident a case belongs to (its shared parts come
from there), the remedy and regret this customer will get, and the ways to join or leave."""

from cases.choices import Stage
from cases.models import Case
from recovery import read_cache

from . import parts
from .linking import OPEN_INCIDENTS
from .models import Incident, IncidentStatus


def open_incidents() -> list[Incident]:
    """The incidents a case may join (the newest 50 not resolved), through the cache
    (`recovery.read_cache`; `linking.save_incident` forgets it)."""
    return read_cache.remembered(OPEN_INCIDENTS, lambda: Incident.objects.exclude(
        status=IncidentStatus.RESOLVED).order_by("-started_at", "-id").only("id", "title")[:50])


def incident_section(request, case):
    if case.incident_id is None:
        if case.stage == Stage.SENT:
            return None
        return {"template": "incidents/_case_panel.html", "open_incidents": open_incidents()}
    drafts = parts.drafts_for(case)
    return {
        "template": "incidents/_case_panel.html",
        "incident": case.incident,
        "remedy": drafts.get(Stage.RESTORE_VALUE),
        "can_change": case.stage != Stage.SENT,
    }


def customer_incidents_section(request, customer):
    """The customer page's "Incidents": the failures that hurt this customer and others, each
    with the customer's cases in it (one query)."""
    cases = (Case.objects.filter(customer=customer, incident__isnull=False)
             .select_related("incident").order_by("-incident__started_at", "-created_at"))
    incidents = {}
    for case in cases:
        incidents.setdefault(case.incident, []).append(case)
    return {"template": "incidents/_customer_incidents.html", "incidents": incidents.items()}
