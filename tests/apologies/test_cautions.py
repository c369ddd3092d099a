"""Caution findings don't vanish: sending, reusing and publishing text with cautions waits
until the person confirms each one, and the confirmations are on the case's timeline."""

import pytest
from django.core import mail

from apologies import flow
from apologies.cautions import CautionsUnconfirmed
from apologies.models import ApologyMessage
from archive import reuse, search
from archive.models import ArchivedApology
from cases.models import CaseEvent, EventKind
from conversation.models import Message

from ..archive.helpers import closed_case
from ..factories import CaseFactory, deliver_queued
from .steps import GOOD

pytestmark = pytest.mark.django_db
# The courier "lost" the parcel: blame told in the explanation is a caution there.
BLAMING = {"explain": {"content": "The courier lost your parcel on the way to you."}}


def written(case, by, texts=BLAMING):
    for key in flow.STEP_KEYS:
        flow.complete_step(case, key, {**GOOD[key], **texts.get(key, {})}, by=by)
    return case


def confirmations(case):
    return list(CaseEvent.objects.filter(case=case, kind=EventKind.CAUTIONS_CONFIRMED))


# --- Sending the apology -------------------------------------------------------------------

def test_the_api_refuses_to_send_until_each_caution_is_confirmed(agent_api, agent):
    case = written(CaseFactory(by=agent, assignee=agent), agent)
    send = f"/api/v1/cases/{case.reference}/apology/send/"

    refused = agent_api.post(send, {}, format="json")
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "cautions_unconfirmed"
    [finding] = body["findings"]
    assert finding["category"] == "blame" and "courier lost" in finding["text"]
    assert not ApologyMessage.objects.filter(case=case).exists() and not confirmations(case)

    wrong_key = agent_api.post(send, {"confirm": ["lexicon:1@0-4"]}, format="json")
    assert wrong_key.status_code == 422

    sent = agent_api.post(send, {"confirm": [finding["key"]]}, format="json")
    assert sent.status_code == 200, sent.content
    [event] = confirmations(case)
    assert event.to_value == "apology sent" and event.actor == agent
    assert [f["text"] for f in event.data["findings"]] == [finding["text"]]


def test_a_clean_apology_needs_no_confirmation(agent_api, agent):
    case = written(CaseFactory(by=agent, assignee=agent), agent, texts={})
    response = agent_api.post(f"/api/v1/cases/{case.reference}/apology/send/")
    assert response.status_code == 200
    assert not confirmations(case)


def test_confirm_must_be_a_list_of_keys(agent_api, agent):
    case = written(CaseFactory(by=agent, assignee=agent), agent)
    response = agent_api.post(f"/api/v1/cases/{case.reference}/apology/send/",
                              {"confirm": "everything"}, format="json")
    assert response.status_code == 400 and "confirm" in response.json()


def test_the_preview_asks_for_a_box_per_caution_and_sending_waits_for_them(client, agent):
    case = written(CaseFactory(by=agent, assignee=agent), agent)
    client.force_login(agent)
    preview = client.get(f"/cases/{case.reference}/apology/preview/").content.decode()
    assert 'name="confirm"' in preview and "Confirm each caution" in preview
    key = preview.split('name="confirm" value="')[1].split('"')[0]

    client.post(f"/cases/{case.reference}/apology/send/")
    assert not ApologyMessage.objects.filter(case=case).exists()
    page = client.get(f"/cases/{case.reference}/apology/preview/").content.decode()
    assert "Confirm each caution before it is sent" in page

    client.post(f"/cases/{case.reference}/apology/send/", {"confirm": [key]})
    assert ApologyMessage.objects.filter(case=case).count() == 1
    assert len(confirmations(case)) == 1


# --- Messages ------------------------------------------------------------------------------

@pytest.mark.acknowledging
def test_a_message_with_a_caution_is_sent_only_once_it_is_confirmed(agent_api, agent):
    case = CaseFactory(by=agent, assignee=agent)
    deliver_queued()
    messages = f"/api/v1/cases/{case.reference}/messages/"
    body = {"kind": "update", "body": "We are sorry for the delay; it's only a small delay."}
    refused = agent_api.post(messages, body, format="json")
    assert refused.status_code == 422 and refused.json()["code"] == "cautions_unconfirmed"
    assert Message.objects.filter(case=case, kind="update").count() == 0

    keys = [finding["key"] for finding in refused.json()["findings"]]
    sent = agent_api.post(messages, {**body, "confirm": keys}, format="json")
    assert sent.status_code == 201, sent.content
    deliver_queued()
    assert [m.subject for m in mail.outbox if "News on your case" in m.subject]
    assert confirmations(case)[0].to_value == "update sent"


def test_the_compose_page_shows_the_boxes_when_a_caution_is_unconfirmed(client, agent):
    case = CaseFactory(by=agent, assignee=agent)
    client.force_login(agent)
    text = "Sorry, it's only a small delay."
    page = client.post(f"/cases/{case.reference}/messages/",
                       {"kind": "update", "body": text}).content.decode()
    assert "Confirm each caution" in page and 'name="confirm"' in page
    key = page.split('name="confirm" value="')[1].split('"')[0]
    client.post(f"/cases/{case.reference}/messages/",
                {"kind": "update", "body": text, "confirm": key})
    assert Message.objects.filter(case=case, kind="update").count() == 1


# --- Reusing and publishing ----------------------------------------------------------------

def test_reusing_an_apology_with_cautions_waits_for_each_to_be_confirmed(client, agent):
    archived = ArchivedApology.objects.get(case=closed_case(agent, texts=BLAMING))
    case = CaseFactory(by=agent, assignee=agent)
    with pytest.raises(CautionsUnconfirmed) as refused:
        reuse.start_from(case, archived, by=agent)
    assert not case.steps.exists()

    client.force_login(agent)
    response = client.post(f"/archive/{archived.pk}/start/", {"case": case.reference})
    assert response.status_code == 302 and f"/archive/{archived.pk}/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Confirm each caution" in page and 'name="confirm"' in page

    client.post(f"/archive/{archived.pk}/start/",
                {"case": case.reference, "confirm": [f.key for f in refused.value.findings]})
    assert case.steps.count() == 5
    assert confirmations(case)[0].to_value == f"reused from {archived.reference}"
    # the drafts are checked at once, in their steps, on the case page
    assert "In the draft:" in client.get(case.get_absolute_url()).content.decode()


def test_publishing_waits_for_cautions_and_refuses_banned_words(client, manager, agent):
    archived = ArchivedApology.objects.get(case=closed_case(agent))
    client.force_login(manager)
    publish = f"/archive/{archived.pk}/publish/"
    banned = client.post(publish, {"title": "Sorry", "text": "It's our policy, sadly."})
    assert "cannot go to the customer" in banned.content.decode()
    cautious = client.post(publish, {"title": "Sorry", "text": "We regret any inconvenience."})
    page = cautious.content.decode()
    assert 'name="confirm"' in page
    archived.refresh_from_db()
    assert archived.published_at is None
    key = page.split('name="confirm" value="')[1].split('"')[0]
    client.post(publish, {"title": "Sorry", "text": "We regret any inconvenience.",
                          "confirm": key})
    archived.refresh_from_db()
    assert archived.published_at is not None
    assert confirmations(archived.case)[0].to_value == "published"


def test_suggestions_never_start_with_a_flawed_apology(agent, manager):
    flawed = ArchivedApology.objects.get(case=closed_case(agent, title="Parcel lost"))
    clean = ArchivedApology.objects.get(case=closed_case(agent, title="Parcel lost too"))
    # archived before the lexicon knew better, then rated 3 and even marked exemplary
    ArchivedApology.objects.filter(pk=flawed.pk).update(
        exemplary=True, rating=3,
        restore_value="Per our policy we refund the delivery fee only.")
    ArchivedApology.objects.filter(pk=clean.pk).update(rating=5)
    better = ArchivedApology.objects.get(case=closed_case(agent, title="Parcel lost again"))
    ArchivedApology.objects.filter(pk=better.pk).update(rating=4)
    case = CaseFactory(by=agent, title="Parcel lost", category=flawed.category)
    assert [a.pk for a in search.similar(case)] == [clean.pk, better.pk, flawed.pk]
