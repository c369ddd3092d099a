"""What "Send to all" will do, shown to the manager before it starts: how many customers and
cases get an apology, one of them composed exactly as it will read, and what will not go
(remedies waiting for a manager, cases already answered, a customer's further cases).

Reads only: the preview composes from unsaved steps (`parts.steps_as_sent`), and predicts
the run's own rule for a customer with several cases (`sending.ONE_PER_CUSTOMER`).
"""

from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef

from apologies import cautions, compose, flow
from apologies.models import ApologyMessage, ApprovalStatus, RemedyApproval
from cases import work
from cases.choices import STEPS
from cases.models import Case
from conversation import outbox

from . import parts
from .models import Incident
from .sending import ONE_PER_CUSTOMER

SHOWN = 50  # cases listed under each warning


@dataclass
class Plan:
    linked: int = 0
    to_send: list = field(default_factory=list)  # one case per customer
    awaiting: list = field(default_factory=list)  # remedy waiting for a manager: not sent
    already_sent: list = field(default_factory=list)
    # (case, the customer's case whose apology was sent before): answered, not sent
    answered: list = field(default_factory=list)
    several: list = field(default_factory=list)  # (the case sent, [the customer's others])
    missing: list = field(default_factory=list)  # what the incident still lacks
    cautions: list = field(default_factory=list)  # to confirm in the parts for everyone
    sample_case: Case | None = None
    sample: compose.Message | None = None

    @property
    def customers(self) -> int:
        return len(self.to_send)  # one apology per customer

    @property
    def already_answered(self) -> int:
        return len(self.already_sent) + len(self.answered)


def plan(incident: Incident, *, by, sample: str = "") -> Plan:
    """The run as it would go now, with the apology of case `sample` (a reference among those
    to be sent; else the first) composed as `by` (a person, or their API key) would send it.
    Raises NotAllowed for an integration's key."""
    person = work.require_person(by, "preview an incident's apologies")
    remedies = list(incident.remedies.all())
    cases = (incident.cases.select_related("customer")
             .annotate(was_sent=Exists(ApologyMessage.objects.filter(case=OuterRef("pk"))),
                       waiting=Exists(RemedyApproval.objects.filter(
                           case=OuterRef("pk"), status=ApprovalStatus.PENDING)))
             .order_by(*(name.removeprefix("case__") for name in ONE_PER_CUSTOMER)))
    result = Plan(missing=parts.missing(incident),
                  cautions=cautions.cautions(parts.findings(incident, remedies)))
    by_customer: dict[int, list] = {}
    for case in cases:
        by_customer.setdefault(case.customer_id, []).append(case)
        result.linked += 1
    for own in by_customer.values():
        _customer(own, result)
    result.to_send.sort(key=lambda case: case.reference)
    result.sample_case = next((case for case in result.to_send if case.reference == sample),
                              result.to_send[0] if result.to_send else None)
    if result.sample_case is not None and not result.missing:
        result.sample = _compose(result.sample_case, incident, remedies, person)
    return result


def _customer(own: list, result: Plan):
    """One customer's cases, in the run's order: as `sending.send_item` will settle them."""
    answer = next((case for case in own if case.was_sent), None)
    sent_now, others = None, []
    for case in own:
        if case.was_sent:
            result.already_sent.append(case)
        elif answer is not None and answer is not sent_now:
            result.answered.append((case, answer))
        elif answer is not None:
            others.append(case)
        elif case.waiting:
            result.awaiting.append(case)
        else:
            result.to_send.append(case)
            answer = sent_now = case
    if sent_now is not None and others:
        result.several.append((sent_now, others))


def _compose(case, incident, remedies, by) -> compose.Message | None:
    steps = parts.steps_as_sent(flow.Apology.load(case), incident, remedies)
    if any(key not in steps for key in STEPS):
        return None
    message = compose.compose(case, steps, agent=by)
    # the subject as the customer's mailbox shows it (the conversation tags it)
    return replace(message, subject=outbox.tagged_subject(case, message.subject))
