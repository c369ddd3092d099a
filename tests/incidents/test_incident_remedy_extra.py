"""An incident's run keeps a case's own remedy whole: the extra of a personalised remedy, and
of a remedy drafted (say from the archive), goes out with it; the tier defaults have none and
still go out (no extra is a warning, never a refusal)."""

from decimal import Decimal

import pytest

from apologies import flow
from apologies.models import ApologyStep
from cases.intake import CustomerDetails
from incidents import linking, sending

from ..factories import CaseFactory
from .helpers import make_incident

pytestmark = pytest.mark.django_db

EXTRA = {"extra_type": "expedite", "extra_description": "Priority support for a year",
         "extra_value_to_customer": Decimal("25.00"), "extra_cost": Decimal("2.00")}
OWN = {"content": "We have added a 15 euro credit to your account.", "remedy_type": "credit",
       "value_to_customer": Decimal("15.00"), "cost": Decimal("15.00"), "currency": "EUR"}


def test_the_run_sends_personalised_and_drafted_extras_and_defaults_without(
        manager, agent, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    plain, personalised, drafted = (
        CaseFactory(by=agent, customer=CustomerDetails(email=f"{name}@example.com"))
        for name in ("plain", "own", "draft"))
    linking.link(incident, [plain, personalised, drafted], by=agent)
    linking.personalise(personalised, remedy={**OWN, **EXTRA}, by=agent)
    flow.draft_steps(drafted, {"restore_value": {**OWN, **EXTRA}}, by=agent, source="test")

    with django_capture_on_commit_callbacks(execute=True):
        bulk = sending.start(incident, by=manager)
    bulk.refresh_from_db()

    assert sending.progress(bulk)["sent"] == 3
    steps = {step.case_id: step for step in ApologyStep.objects.filter(key="restore_value")}
    assert not steps[plain.pk].has_extra and steps[plain.pk].is_complete
    for case in (personalised, drafted):
        step = steps[case.pk]
        assert (step.extra_type, step.total_cost) == ("expedite", Decimal("17.00"))
