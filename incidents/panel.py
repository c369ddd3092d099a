"""The case page's "Incident" section: the incident a case belongs to (its shared parts come
from there), the remedy and regret this customer will get, and the ways to join or leave."""

from cases.choices import Stage

from . import parts
from .models import Incident, IncidentStatus


def incident_section(request, case):
    if case.incident_id is None:
        if case.stage == Stage.SENT:
            return None
        return {"template": "incidents/_case_panel.html",
                "open_incidents": Incident.objects.exclude(status=IncidentStatus.RESOLVED)[:50]}
    drafts = parts.drafts_for(case)
    return {
        "template": "incidents/_case_panel.html",
        "incident": case.incident,
        "remedy": drafts.get(Stage.RESTORE_VALUE),
        "can_change": case.stage != Stage.SENT,
    }
