"""The archive keeps the remedy's two parts: make whole and the extra, with their totals,
in the snapshot, its page, its API and when an agent starts from it."""

from decimal import Decimal

import pytest

from apologies.models import ApologyStep
from archive.models import ArchivedApology

from ..factories import CaseFactory
from .helpers import closed_case

pytestmark = pytest.mark.django_db

EXTRA = {"extra_type": "upgrade", "extra_description": "Express delivery on your next order",
         "extra_value_to_customer": Decimal("12.00"), "extra_cost": Decimal("3.00")}


def test_the_snapshot_keeps_the_extra_and_the_totals(agent, agent_client, agent_api):
    case = closed_case(agent, texts={"restore_value": EXTRA})
    archived = ArchivedApology.objects.get(case=case)
    assert (archived.extra_type, archived.extra_cost) == ("upgrade", Decimal("3.00"))
    assert (archived.total_cost, archived.total_value_to_customer) == (Decimal("48.00"),
                                                                       Decimal("92.00"))
    page = agent_client.get(f"/archive/{archived.pk}/").content.decode()
    assert "Expedited service: Express delivery on your next order" not in page
    assert "Upgrade: Express delivery on your next order" in page
    assert "92.00 / 48.00 EUR" in page and "1.92" in page
    body = agent_api.get(f"/api/v1/archive/{archived.pk}/").json()
    assert (body["extra_type"], body["extra_cost"], body["total_cost"],
            body["value_for_cost"]) == ("upgrade", "3.00", "48.00", "1.92")


def test_an_apology_without_an_extra_is_archived_as_such(agent, agent_client):
    archived = ArchivedApology.objects.get(case=closed_case(agent))
    assert not archived.has_extra and archived.total_cost == Decimal("45.00")
    page = agent_client.get(f"/archive/{archived.pk}/").content.decode()
    assert "<dt class=\"col-7\">Extra</dt><dd class=\"col-5\">none</dd>" in page


def test_starting_from_an_archived_apology_drafts_its_extra_too(agent, agent_client):
    archived = ArchivedApology.objects.get(case=closed_case(agent, texts={
        "restore_value": EXTRA}))
    case = CaseFactory(by=agent, assignee=agent)
    agent_client.post(f"/archive/{archived.pk}/start/", {"case": case.reference})
    draft = ApologyStep.objects.get(case=case, key="restore_value")
    assert not draft.is_complete
    assert (draft.extra_type, draft.extra_description, draft.extra_cost) == (
        "upgrade", EXTRA["extra_description"], Decimal("3.00"))
    form = agent_client.get(f"/cases/{case.reference}/steps/restore_value/").content.decode()
    assert 'value="Express delivery on your next order"' in form
