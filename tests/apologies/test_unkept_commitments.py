"""Promises can't be forgotten (issue 19): resolving or closing a case with a commitment
neither kept nor released is refused (409 listing them), releasing needs a reason, and a
commitment's reminders are its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apologies import flow
from cases import schedule, work
from cases.models import Case, Reminder

from ..factories import CaseFactory
from .steps import complete
from .test_flow_api import kinds, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    return case


def promise(case, agent, description="Call you after the engineer's visit", days=3):
    return work.add_commitment(case, description, timezone.now() + timedelta(days=days),
                               by=agent)


def test_resolving_with_an_unkept_commitment_is_409_listing_it(agent_api, agent, sent):
    call = promise(sent, agent)
    review = promise(sent, agent, "Tell you the outcome of the review", days=7)
    response = agent_api.post(url(sent, "resolve/"), {"note": "All done"}, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "unkept_commitments"
    assert "Call you after the engineer's visit" in body["detail"]
    assert "Tell you the outcome of the review" in body["detail"]
    assert [(c["id"], c["description"], c["owner"]) for c in body["commitments"]] == [
        (call.pk, call.description, agent.email), (review.pk, review.description, agent.email)]
    assert body["commitments"][0]["due_at"]
    sent.refresh_from_db()
    assert sent.status == "apology_sent" and "resolved" not in kinds(sent)


def test_closing_with_an_unkept_commitment_is_409(agent_api, agent, sent):
    flow.resolve(sent, by=agent)
    late = promise(sent, agent, "Send the spare part")  # promised after resolving
    response = agent_api.post(url(sent, "close/"))
    assert response.status_code == 409
    assert [c["id"] for c in response.json()["commitments"]] == [late.pk]
    assert "cannot be closed" in response.json()["detail"]
    sent.refresh_from_db()
    assert sent.status == "resolved"


def test_release_with_a_reason_then_resolve_succeeds(agent_api, agent, sent, other_agent):
    kept, dropped = promise(sent, agent, "Refund the fee"), promise(sent, agent)
    work.keep_commitment(kept, by=agent)
    response = agent_api.post(url(sent, f"commitments/{dropped.pk}/release/"),
                              {"reason": "The customer asked us not to call."}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["release_reason"]) == ("released",
                                                       "The customer asked us not to call.")
    assert body["released_at"] and body["kept_at"] is None
    event = sent.events.get(kind="commitment_released")
    assert (event.note, event.to_value, event.actor) == (
        dropped.description, "The customer asked us not to call.", agent)
    assert not Reminder.objects.filter(commitment=dropped).pending().exists()
    resolved = agent_api.post(url(sent, "resolve/"))
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved"
    assert agent_api.post(url(sent, "close/")).status_code == 200
    listed = agent_api.get(url(sent, "commitments/")).json()
    assert [c["state"] for c in listed] == ["kept", "released"]


def test_release_without_a_reason_is_400_and_changes_nothing(agent_api, agent, sent):
    commitment = promise(sent, agent)
    for body in ({}, {"reason": "   "}):
        response = agent_api.post(url(sent, f"commitments/{commitment.pk}/release/"), body,
                                  format="json")
        assert response.status_code == 400
        assert "reason" in response.json()
    commitment.refresh_from_db()
    assert commitment.released_at is None and commitment.is_outstanding
    assert "commitment_released" not in kinds(sent)


def test_an_integration_key_cannot_release(api, agent):
    made = api.post("/api/v1/cases/", {
        "customer": {"email": "kim@example.com"}, "title": "Late parcel",
        "description": "It came a week late.", "channel": "api", "category": "shipping",
        "severity": "low"}, format="json")
    assert made.status_code == 201, made.content
    case = Case.objects.get(reference=made.json()["reference"])
    commitment = promise(case, agent)
    response = api.post(url(case, f"commitments/{commitment.pk}/release/"),
                        {"reason": "Not needed"}, format="json")
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.is_outstanding


def test_a_kept_promise_cannot_be_released_nor_a_released_one_kept(agent_api, agent, sent):
    kept, released = promise(sent, agent), promise(sent, agent, "Ring back")
    work.keep_commitment(kept, by=agent)
    work.release_commitment(released, "Superseded by the refund", by=agent)
    refused = agent_api.post(url(sent, f"commitments/{kept.pk}/release/"), {"reason": "x"},
                             format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "commitment_kept")
    refused = agent_api.post(url(sent, f"commitments/{released.pk}/kept/"))
    assert (refused.status_code, refused.json()["code"]) == (409, "commitment_released")
    again = work.release_commitment(released, "Another reason", by=agent)  # twice: once
    assert again.release_reason == "Superseded by the refund"
    assert kinds(sent).count("commitment_released") == 1


def test_the_customers_answer_never_closes_over_a_promise(agent, sent):
    """The customer's paths only reopen (a low score, a reply); resolving and closing are the
    desk's, and the rule holds whoever asks, the customer's answer included."""
    flow.resolve(sent, by=agent)
    promise(sent, agent)
    with pytest.raises(work.UnkeptCommitments):
        flow.close(sent, by=flow.CUSTOMER)
    case = flow.reopen(sent, by=flow.CUSTOMER, note="The customer wrote again.")
    assert case.status == "open"  # reopening is never held up by a promise


# --- Reminders: the rows are the truth -----------------------------------------------------

def test_closing_never_cancels_an_unkept_commitments_reminders(agent, sent):
    flow.resolve(sent, by=agent)
    flow.close(sent, by=agent)
    commitment = promise(sent, agent, "Send the spare part")  # promised after closing
    reminders = Reminder.objects.filter(commitment=commitment)
    assert set(reminders.pending().values_list("kind", flat=True)) == {
        "commitment_due", "commitment_overdue"}
    schedule.resolved(sent)  # what resolving and closing cancel, run again
    schedule.closed(sent)
    assert reminders.pending().count() == 2
    sent.refresh_from_db()
    assert set(Reminder.objects.filter(case=sent).pending().values_list("kind", flat=True)) \
        == {"survey", "commitment_due", "commitment_overdue"}
    work.release_commitment(commitment, "Sent with the replacement instead", by=agent)
    assert not reminders.pending().exists()
    assert all(not schedule.still_relevant(r) for r in reminders)


def test_the_case_page_says_what_is_open_and_refuses_with_the_apis_message(
        agent_client, agent_api, agent, sent):
    promise(sent, agent, "Send the spare part")
    page = agent_client.get(sent.get_absolute_url()).content.decode()
    assert "1 promise still open" in page and "before the case is resolved" in page
    api_message = agent_api.post(url(sent, "resolve/")).json()["detail"]
    refused = agent_client.post(f"/cases/{sent.reference}/resolve/", follow=True)
    assert api_message.startswith("This case cannot be resolved while a promise is not kept")
    assert api_message in refused.content.decode()  # the same words in the browser
    sent.refresh_from_db()
    assert sent.status == "apology_sent"
