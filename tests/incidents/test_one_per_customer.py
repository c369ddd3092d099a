"""One apology per customer: a customer with several cases in one incident gets one email,
with their oldest case; their other cases are marked answered by it, in the run, on their
timelines and in the API, and a later run does not write to them again."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from apologies import flow
from apologies.models import ApologyMessage
from cases.intake import CustomerDetails
from incidents import linking, sending
from incidents.models import BulkSendItem

from ..apologies.steps import GOOD
from ..factories import CaseFactory
from .helpers import make_incident

pytestmark = pytest.mark.django_db


def _customer(email, tier="standard"):
    return CustomerDetails(email=email, name="Kim Lee", tier=tier)


def _cases(agent):
    """Kim has three cases (the oldest logged first), Ada one."""
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=3), tick=False):
        oldest = CaseFactory(by=agent, customer=_customer("kim@example.com"))
    with time_machine.travel(start - timedelta(days=2), tick=False):
        middle = CaseFactory(by=agent, customer=_customer("kim@example.com"))
    with time_machine.travel(start - timedelta(days=1), tick=False):
        ada = CaseFactory(by=agent, customer=_customer("ada@example.com"))
    newest = CaseFactory(by=agent, customer=_customer("kim@example.com"))
    assert oldest.customer == middle.customer == newest.customer != ada.customer
    return oldest, middle, newest, ada


def _send_all(incident, manager, capture):
    with capture(execute=True):
        bulk = sending.start(incident, by=manager)
    bulk.refresh_from_db()
    return bulk


def test_a_customer_with_three_cases_gets_one_apology_with_the_oldest(
        manager, agent, manager_api, mailoutbox, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    oldest, middle, newest, ada = _cases(agent)
    # linked newest first: the rule is the case's age, not the order of linking
    linking.link(incident, [newest, ada, middle, oldest], by=agent)
    mailoutbox.clear()

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.com", "kim@example.com"]
    assert list(ApologyMessage.objects.filter(case__customer=oldest.customer)
                .values_list("case", flat=True)) == [oldest.pk]
    counts = sending.progress(bulk)
    assert (counts["sent"], counts["answered"], counts["failed"], counts["pending"]) == (
        2, 2, 0, 0)
    for case in (middle, newest):
        item = BulkSendItem.objects.get(bulk_send=bulk, case=case)
        assert (item.state, item.answered_by) == ("answered", oldest)
        assert oldest.reference in item.detail
        event = case.events.get(kind="incident_answered")
        assert event.to_value == oldest.reference and incident.reference in event.note
        assert not ApologyMessage.objects.filter(case=case).exists()

    run = manager_api.get(f"/api/v1/incidents/{incident.pk}/send/").json()
    assert (run["sent"], run["answered"], run["skipped"]) == (2, 2, 0)
    assert sorted(run["answered_cases"], key=lambda row: row["case"]) == sorted([
        {"case": middle.reference, "answered_by": oldest.reference},
        {"case": newest.reference, "answered_by": oldest.reference}],
        key=lambda row: row["case"])

    # A later run: the customer already has their apology; nobody is written to again, and
    # the timeline does not say it twice.
    later = _send_all(incident, manager, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert (sending.progress(later)["skipped"], sending.progress(later)["answered"]) == (2, 2)
    assert newest.events.filter(kind="incident_answered").count() == 1


def test_when_the_oldest_case_waits_for_approval_the_next_one_carries_the_apology(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    oldest, middle, newest, _ada = _cases(agent)
    linking.link(incident, [oldest, middle, newest], by=agent)
    flow.complete_step(oldest, "restore_value", {**GOOD["restore_value"],
                                                 "cost": Decimal("900.00")}, by=agent)
    mailoutbox.clear()

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mailoutbox] == ["kim@example.com"]
    states = {item.case_id: (item.state, item.answered_by_id)
              for item in BulkSendItem.objects.filter(bulk_send=bulk)}
    assert states == {oldest.pk: ("failed", None), middle.pk: ("sent", None),
                      newest.pk: ("answered", middle.pk)}


def test_a_customer_whose_case_was_answered_on_its_own_gets_nothing_more(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    from ..apologies.steps import complete

    incident = make_incident(manager)
    oldest, middle, newest, _ada = _cases(agent)
    linking.link(incident, [oldest, middle, newest], by=agent)
    complete(newest, by=agent)
    flow.send_apology(newest, by=agent)  # the agent answered one case by hand first
    mailoutbox.clear()

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert not mailoutbox
    states = {item.case_id: (item.state, item.answered_by_id)
              for item in BulkSendItem.objects.filter(bulk_send=bulk)}
    assert states == {oldest.pk: ("answered", newest.pk), middle.pk: ("answered", newest.pk),
                      newest.pk: ("skipped", None)}


def test_the_api_previews_the_run_without_writing(
        manager, agent, manager_api, api, mailoutbox, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    oldest, middle, newest, ada = _cases(agent)
    linking.link(incident, [oldest, middle, newest, ada], by=agent)
    url = f"/api/v1/incidents/{incident.pk}/send/preview/"

    body = manager_api.get(url, {"case": ada.reference}).json()

    assert (body["customers"], body["linked"]) == (2, 4)
    assert sorted(body["to_send"]) == sorted([oldest.reference, ada.reference])
    assert body["several"] == [{"case": oldest.reference,
                                "answering": [middle.reference, newest.reference]}]
    assert body["sample"]["case"] == ada.reference
    assert body["sample"]["subject"].startswith(f"[{ada.reference}]")
    assert "10 euro credit" in body["sample"]["text"]
    assert body["awaiting_approval"] == body["already_sent"] == body["answered"] == []
    assert not ApologyMessage.objects.exists() and not mailoutbox
    assert not ada.steps.exists()  # nothing written by previewing
    assert api.get(url).status_code == 403  # an integration's key

    # and what it said is what happens
    with django_capture_on_commit_callbacks(execute=True):
        manager_api.post(f"/api/v1/incidents/{incident.pk}/send/")
    assert ApologyMessage.objects.get(case=ada).text == body["sample"]["text"]
    run = manager_api.get(f"/api/v1/incidents/{incident.pk}/send/").json()
    assert (run["sent"], run["answered"]) == (2, 2)
