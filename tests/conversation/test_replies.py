"""`replies.customer_reply`, the one door for what the customer writes back."""

import pytest

from conversation import replies
from conversation.models import Message
from recovery.errors import RecoveryError

from ..factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]


@pytest.mark.parametrize("text", ["", " \n ", "x" * 5001, "bell\x07", "nul\x00"])
def test_a_bad_reply_is_refused_and_records_nothing(agent, text):
    case = CaseFactory(by=agent, assignee=agent)
    with pytest.raises(RecoveryError) as refused:
        replies.customer_reply(case, text)
    assert refused.value.field == "text"
    assert not Message.objects.filter(case=case, direction="in").exists()
    assert not case.events.filter(kind="customer_replied").exists()


def test_replies_thread_one_after_the_other(agent):
    case = CaseFactory(by=agent, assignee=agent)
    [ack] = Message.objects.filter(case=case)
    first = replies.customer_reply(case, "First")
    second = replies.customer_reply(case, "Second\r\nline")
    assert first.in_reply_to == ack.message_id
    assert second.in_reply_to == first.message_id
    assert second.references.split() == [ack.message_id, first.message_id]
    assert second.body == "Second\nline" and second.subject == f"[{case.reference}] Re: " \
        f"{case.title_for_customer}"


def test_the_limit_follows_the_setting(agent, settings):
    settings.STATUS_REPLY_MAX_CHARS = 10
    case = CaseFactory(by=agent)
    with pytest.raises(RecoveryError, match="At most 10 characters"):
        replies.customer_reply(case, "x" * 11)
    assert replies.customer_reply(case, "x" * 10).body == "x" * 10
