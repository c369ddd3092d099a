"""An incident's apology: its shared parts flow into every linked case, remedies follow
the customer's tier unless personalised, and "Send to all" sends each case's apology once."""

from decimal import Decimal

import pytest

from apologies.models import ApologyMessage, ApologyStep
from cases.intake import CustomerDetails
from incidents import linking, sending
from incidents.models import BulkSend, BulkSendItem

from ..apologies.steps import GOOD, complete
from ..factories import CaseFactory
from .helpers import TEXTS, make_incident

pytestmark = pytest.mark.django_db


def _customer(email, tier):
    return CustomerDetails(email=email, name=email.split("@")[0].title(), tier=tier)


def _send_all(incident, manager, capture):
    with capture(execute=True):
        bulk = sending.start(incident, by=manager)
    bulk.refresh_from_db()
    return bulk


def _message(case):
    return ApologyMessage.objects.get(case=case).text


def test_the_incident_text_flows_into_every_linked_apology(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    cases = [CaseFactory(by=agent, customer=_customer(f"c{n}@example.com", "standard"))
             for n in range(3)]
    linking.link(incident, cases, by=agent)
    # written once, changed once more after linking: every apology carries the new text
    linking.save_incident(incident, {"explanation": "An upgrade locked the orders table."},
                          None, by=manager)

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert bulk.status == "finished"
    assert sending.progress(bulk)["sent"] == 3
    for case in cases:
        text = _message(case)
        assert "An upgrade locked the orders table." in text
        assert TEXTS["acknowledgement"] in text and TEXTS["fix"] in text
        assert case.events.filter(kind="incident_sent").exists()
        assert case.events.filter(kind="apology_sent").exists()
    assert sorted(m.to[0] for m in mailoutbox) == ["c0@example.com", "c1@example.com",
                                                  "c2@example.com"]


def test_remedies_follow_the_tier_unless_personalised(
        manager, agent, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    standard = CaseFactory(by=agent, customer=_customer("std@example.com", "standard"))
    gold = CaseFactory(by=agent, customer=_customer("gold@example.com", "gold"))
    platinum = CaseFactory(by=agent, customer=_customer("plat@example.com", "platinum"))
    own = CaseFactory(by=agent, customer=_customer("own@example.com", "gold"))
    linking.link(incident, [standard, gold, platinum, own], by=agent)
    linking.personalise(own, remedy={
        "content": "We are sending you a new kettle by courier today.",
        "remedy_type": "replacement", "value_to_customer": Decimal("30.00"),
        "cost": Decimal("18.00"), "currency": "EUR"},
        regret="We are so sorry your birthday order did not go through.", by=agent)

    _send_all(incident, manager, django_capture_on_commit_callbacks)

    def remedy(case):
        step = ApologyStep.objects.get(case=case, key="restore_value")
        return step.remedy_type, step.value_to_customer

    assert remedy(standard) == ("credit", Decimal("10.00"))
    assert remedy(gold) == ("credit", Decimal("40.00"))  # a larger credit for the top tier
    assert remedy(platinum) == ("credit", Decimal("10.00"))  # no row: the standard one
    assert remedy(own) == ("replacement", Decimal("30.00"))
    assert "40 euro credit" in _message(gold)
    assert "new kettle" in _message(own) and "birthday order" in _message(own)
    assert TEXTS["regret"] in _message(gold) and TEXTS["regret"] not in _message(own)
    assert own.events.filter(kind="incident_personalised").exists()


def test_cases_already_sent_are_skipped_and_waiting_remedies_fail(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    done = complete(CaseFactory(by=agent), by=agent)
    waiting = CaseFactory(by=agent)
    fresh = CaseFactory(by=agent)
    linking.link(incident, [done, waiting, fresh], by=agent)
    from apologies import flow

    flow.send_apology(done, by=agent)  # sent on its own before the incident's run
    outcome = flow.complete_step(waiting, "restore_value", {
        **GOOD["restore_value"], "cost": Decimal("900.00")}, by=agent)
    assert outcome.waiting_for_approval
    mailoutbox.clear()

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    counts = sending.progress(bulk)
    assert (counts["sent"], counts["skipped"], counts["failed"]) == (1, 1, 1)
    assert [m.to for m in mailoutbox] == [[fresh.customer.email]]
    failed = BulkSendItem.objects.get(bulk_send=bulk, state="failed")
    assert failed.case == waiting and "approval" in failed.detail
    assert waiting.events.filter(kind="incident_not_sent").exists()
    assert ApologyMessage.objects.filter(case=done).count() == 1


def test_a_remedy_waiting_with_the_other_steps_written_is_not_sent_and_stays_as_it_was(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    """The run reads the apology as the page does: written while the remedy waits, the
    case still waits for the manager (no default remedy replaces the agent's proposal)."""
    from apologies import flow

    incident = make_incident(manager)
    waiting = CaseFactory(by=agent)
    linking.link(incident, [waiting], by=agent)
    flow.complete_step(waiting, "restore_value", {
        **GOOD["restore_value"], "cost": Decimal("900.00")}, by=agent)
    complete(waiting, "acknowledge", "explain", "fix", "regret", by=agent)
    assert waiting.stage == "restore_value"

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert sending.progress(bulk)["failed"] == 1 and not mailoutbox
    apology = flow.Apology.load(waiting)
    assert apology.pending is not None and not apology.was_sent
    assert not ApologyStep.objects.filter(case=waiting, key="restore_value").exists()
    waiting.refresh_from_db()
    assert waiting.stage == apology.stage == "restore_value"


def test_running_it_again_finishes_the_rest_and_nobody_gets_two(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    cases = [CaseFactory(by=agent) for _ in range(4)]
    linking.link(incident, cases, by=agent)
    # a run whose worker died after two cases: its task never ran to the end
    with django_capture_on_commit_callbacks(execute=False):
        bulk = sending.start(incident, by=manager)
    remedies = list(incident.remedies.all())
    with django_capture_on_commit_callbacks(execute=True):
        for item in bulk.items.order_by("pk")[:2]:
            sending.send_item(item.pk, bulk, remedies)
    assert sending.progress(bulk)["pending"] == 2

    again = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert again.pk == bulk.pk and again.status == "finished"
    assert sending.progress(again)["sent"] == 4
    assert ApologyMessage.objects.filter(case__in=cases).count() == 4
    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.customer.email for c in cases)
    # a later run finds nothing left to send
    later = _send_all(incident, manager, django_capture_on_commit_callbacks)
    assert later.pk != bulk.pk and sending.progress(later)["skipped"] == 4
    assert len(mailoutbox) == 4 and BulkSend.objects.count() == 2


def test_an_incident_without_its_shared_parts_cannot_be_sent(manager, agent):
    incident = make_incident(manager, fix="", remedies=[])
    linking.link(incident, [CaseFactory(by=agent)], by=agent)
    with pytest.raises(sending.IncidentNotReady, match="the fix, a remedy for standard"):
        sending.start(incident, by=manager)
    assert not BulkSend.objects.exists()


def test_only_managers_send_to_all(agent):
    incident = make_incident(agent)
    with pytest.raises(sending.NotAllowed):
        sending.start(incident, by=agent)


def test_banned_language_on_the_incident_is_refused(manager):
    with pytest.raises(linking.flow.LexiconBlocked) as refused:
        make_incident(manager, explanation="It's our policy to upgrade on Tuesdays.")
    assert refused.value.field == "explanation"


def test_a_large_run_is_shared_out_in_chunks_and_closed_once_all_are_sent(
        manager, agent, mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(sending, "CHUNK", 2)
    incident = make_incident(manager)
    cases = [CaseFactory(by=agent) for _ in range(5)]
    linking.link(incident, cases, by=agent)
    chunks = []
    real_run_chunk = sending.run_chunk

    def run_chunk(bulk_send_id, first_item, last_item):
        chunks.append(BulkSendItem.objects.filter(pk__range=(first_item, last_item)).count())
        status = BulkSend.objects.get(pk=bulk_send_id).status
        assert status == "running", "the run closed before its last chunk"
        real_run_chunk(bulk_send_id, first_item, last_item)

    monkeypatch.setattr(sending, "run_chunk", run_chunk)

    bulk = _send_all(incident, manager, django_capture_on_commit_callbacks)

    assert chunks == [2, 2, 1]
    assert bulk.status == "finished" and sending.progress(bulk)["sent"] == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.customer.email for c in cases)
