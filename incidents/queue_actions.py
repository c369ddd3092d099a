""""Add to incident" in the queue's bulk bar (`cases.bulk`): each chosen case is linked
through `linking.link`, as from its own page, with its timeline event; a case whose
apology was already sent is skipped and named, the others are linked."""

from cases import bulk
from recovery.errors import RecoveryError

from . import linking
from .models import Incident, IncidentStatus

ASK = "Choose the incident to add the cases to."


def open_incidents():
    return Incident.objects.exclude(status=IncidentStatus.RESOLVED).order_by("-started_at", "-id")


def _choose(value, by) -> Incident:
    if not value:
        raise RecoveryError(ASK, field="incident")
    incident = open_incidents().filter(pk=value).first() if value.isdigit() else None
    if incident is None:
        raise RecoveryError("There is no such open incident: choose one from the list.",
                            field="incident")
    return incident


def _link(case, incident, by) -> bool:
    if case.incident_id == incident.pk:
        return False
    linking.link(incident, [case], by=by)
    return True


ADD_TO_INCIDENT = bulk.BulkAction(
    key="incident", field="incident", label="Incident", button="Add to incident",
    choose=_choose, apply=_link, placeholder="Choose the incident…", ask=ASK, order=40,
    options=lambda context: [(incident.pk, f"{incident.reference} {incident.title}")
                             for incident in open_incidents()],
    none_left="No open incident.", none_left_link=("Start one", "incidents:new"),
    done=lambda incident: f"added to {incident.reference}",
)
