"""Keeping a promise can tell the customer (issue 19): one `update` message, lexicon-
checked, threaded, with the status link; the status page says kept and withdrawn in plain
words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import links, work
from conversation import writing
from conversation.models import Message

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


@pytest.fixture
def promise(case, agent):
    return work.add_commitment(case, "Send the spare hinges", timezone.now() + timedelta(days=2),
                               by=agent)


def kept_url(case, commitment):
    return f"/api/v1/cases/{case.reference}/commitments/{commitment.pk}/kept/"


def test_keeping_and_telling_the_customer_sends_one_email_with_the_status_link(
        agent, agent_api, case, promise, mailoutbox, django_capture_on_commit_callbacks):
    earlier = writing.send(case, "update", "We have ordered the hinges.", by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_api.post(kept_url(case, promise), {"tell_customer": True},
                                  format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "kept" and body["kept_at"]
    assert body["message"]["kind"] == "update"
    assert body["message"]["body"] == "We promised: Send the spare hinges. This is done."
    [email] = mailoutbox
    assert email.to == [case.customer.email]
    assert f"[{case.reference}]" in email.subject
    assert "We promised: Send the spare hinges. This is done." in email.body
    assert "/status/" in email.body
    assert links.resolve(email.body.split("/status/")[1].split("/")[0], links.STATUS) == case
    message = Message.objects.get(pk=body["message"]["id"])
    assert message.in_reply_to == earlier.message_id  # threaded after the earlier one
    with django_capture_on_commit_callbacks(execute=True):
        again = agent_api.post(kept_url(case, promise), {"tell_customer": True},
                               format="json")
    assert again.status_code == 200 and again.json()["message"] is None
    assert len(mailoutbox) == 1  # told once


def test_keeping_without_telling_sends_nothing(agent_api, case, promise, mailoutbox,
                                               django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_api.post(kept_url(case, promise))
    assert response.status_code == 200 and response.json()["message"] is None
    assert mailoutbox == []


def test_banned_words_in_the_message_keep_nothing(agent_api, case, promise):
    response = agent_api.post(kept_url(case, promise), {
        "tell_customer": True, "message": "Done. It's our policy to charge for the postage."},
        format="json")
    assert response.status_code == 422, response.content
    assert response.json()["findings"]
    promise.refresh_from_db()
    assert promise.kept_at is None
    assert not case.messages.filter(kind="update").exists()


def test_the_case_page_keeps_and_tells_in_the_agents_words(
        agent_client, case, promise, mailoutbox, django_capture_on_commit_callbacks):
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "We promised: Send the spare hinges. This is done." in page  # the default words
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/cases/{case.reference}/commitments/{promise.pk}/kept-and-told/",
            {"body": "The hinges are on their way: we promised them, and they are sent."},
            follow=True)
    assert "Kept: Send the spare hinges; the customer is told" in response.content.decode()
    [email] = mailoutbox
    assert "The hinges are on their way" in email.body and "/status/" in email.body


def test_the_status_page_says_kept_and_withdrawn_in_plain_words(client, agent, case, promise):
    dropped = work.add_commitment(case, "Call you on Friday", timezone.now() + timedelta(days=3),
                                  by=agent)
    work.keep_commitment(promise, by=agent)
    work.release_commitment(dropped, "The customer asked us not to call.", by=agent)
    page = client.get(links.issue(case, links.STATUS)).content.decode()
    assert "Send the spare hinges" in page and "Kept" in page and "Done on" in page
    assert "Call you on Friday" in page and "Withdrawn" in page
    assert "not to go ahead with this" in page
    assert "asked us not to call" not in page  # the reason is the desk's record
