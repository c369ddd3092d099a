"""The conversation on the case page: the customer and their words at the top, then every
message in order with its delivery state; paged, in a number of queries that does not grow
with the conversation."""

import re

import pytest
from django.urls import reverse

from conversation import delivery, writing
from conversation.models import Message, MessageKind

from .helpers import logged_case, reply, updates

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]


def url(case):
    return reverse("cases:detail", kwargs={"reference": case.reference})


def conversation_of(page: str) -> str:
    return page.split('id="conversation"', 1)[1].split("</section>", 1)[0]


def test_the_customer_and_what_they_told_us_come_first_escaped(agent_client, agent):
    case = logged_case(agent, description="The vase <b>broke</b>.\nThe box was wet.")
    case.remedy_requested = "A new vase\nbefore Friday"
    case.save(update_fields=["remedy_requested"])
    section = conversation_of(agent_client.get(url(case)).content.decode())
    for text in ["Inès Moreau", "ines@example.fr", "Standard tier", "What they told us",
                 "The vase &lt;b&gt;broke&lt;/b&gt;.\nThe box was wet.",
                 "What would put it right, in their words", "A new vase\nbefore Friday"]:
        assert text in section, text
    assert "<b>broke" not in section


def test_without_a_remedy_requested_its_heading_is_absent(agent_client, agent):
    section = conversation_of(agent_client.get(url(logged_case(agent))).content.decode())
    assert "What would put it right" not in section


def test_messages_show_in_order_with_direction_kind_author_and_state(
        agent_client, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends them
        case = logged_case(agent)  # acknowledged at intake, by the desk itself
    writing.send(case, MessageKind.QUESTION, "Which day did it arrive?\nAnd the time?",
                 by=agent)  # left queued
    reply(case, "Tuesday <morning>.")
    writing.send(case, MessageKind.UPDATE, "A new vase leaves today.", by=agent)
    section = conversation_of(agent_client.get(url(case)).content.decode())
    items = re.findall(r'<li class="message (out|in)">(.*?)</li>', section, re.S)
    assert [direction for direction, _ in items] == ["out", "out", "in", "out"]
    ack, question, answer, update = (text for _, text in items)
    assert "Acknowledgement" in ack and "Recovery Desk" in ack and "to the customer" in ack
    assert "Sent" in ack  # delivered to the mail server by the (eager) task
    assert "Question" in question and "Alex Agent" in question and "Queued" in question
    assert "Which day did it arrive?\nAnd the time?" in question
    assert "from the customer" in answer and "Inès Moreau" in answer and "Received" in answer
    assert "Tuesday &lt;morning&gt;." in answer
    assert "Update" in update and "A new vase leaves today." in update


def test_private_link_slots_read_as_words(agent_client, agent):
    case = logged_case(agent)
    Message.objects.filter(case=case).update(body="Follow it here: ⟦status link⟧, "
                                                  "tell us: ⟦survey link⟧")
    section = conversation_of(agent_client.get(url(case)).content.decode())
    assert "Follow it here: (status link), tell us: (survey link)" in section
    assert "⟦" not in section


def test_a_bounce_shows_its_state_and_what_the_mail_server_said(agent_client, agent):
    case = logged_case(agent)
    delivery.record_state(case.messages.get().pk, "bounced", "550 5.1.1 No such mailbox")
    page = agent_client.get(url(case)).content.decode()
    section = conversation_of(page)
    assert "Bounced" in section and "550 5.1.1 No such mailbox" in section


def test_the_latest_twenty_show_with_a_link_to_the_earlier_ones(agent_client, agent):
    case = logged_case(agent)
    updates(case, agent, 24)  # 25 with the acknowledgement
    section = conversation_of(agent_client.get(url(case)).content.decode())
    assert section.count('<li class="message out">') == 20
    assert "Show earlier messages" in section
    assert "Update number 24" in section and "Update number 5:" in section
    assert "Update number 4:" not in section and "Acknowledgement" not in section

    earlier = re.search(r'href="(\?messages_before=[^"#]+)#conversation">Show earlier messages',
                        section).group(1)
    older = conversation_of(agent_client.get(url(case) + earlier.replace("&amp;", "&"))
                            .content.decode())
    assert older.count('<li class="message out">') == 5
    assert "Show earlier messages" not in older and "Show the latest messages" in older
    assert older.index("Acknowledgement") < older.index("Update number 1:")
    assert "Update number 4:" in older and "Update number 5:" not in older


def test_a_short_conversation_has_no_paging_link(agent_client, agent):
    section = conversation_of(agent_client.get(url(logged_case(agent))).content.decode())
    assert "Show earlier messages" not in section


# with the files of the shown messages and the desk's: one query; and the access log's
# entry (privacy: one INSERT, at most once an hour per person and customer). All of them:
# tests/cases/test_case_page_cost.py
from ..cases.test_case_page_cost import CASE_PAGE_QUERIES  # noqa: E402


@pytest.mark.parametrize("messages", [5, 60])
def test_the_case_page_query_count_does_not_grow_with_the_conversation(
        agent_client, agent, messages, django_assert_num_queries):
    case = logged_case(agent)
    Message.objects.bulk_create([
        Message(case=case, direction="out", kind="update", body=f"Update {n}", author=agent,
                address=case.customer.email, message_id=f"<u{n}@x.test>", state="delivered")
        for n in range(messages - 1)])
    agent_client.get(url(case))  # the desk's shared lists in the cache, as in use
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        response = agent_client.get(url(case))
    assert response.status_code == 200


def test_an_unreachable_customer_has_a_banner_with_what_the_mail_server_said(
        agent_client, agent):
    case = logged_case(agent)
    delivery.record_state(case.messages.get().pk, "bounced", "550 5.1.1 No such mailbox")
    page = agent_client.get(url(case)).content.decode()
    banner = page.split("Customer unreachable by email", 1)[1].split("</div>", 1)[0]
    assert ("Our acknowledgement to ines@example.fr could not be delivered (bounced): "
            "550 5.1.1 No such mailbox") in banner
    assert page.index("Customer unreachable by email") < page.index('id="conversation"')


def test_no_banner_while_nothing_holds_the_case(agent_client, agent):
    page = agent_client.get(url(logged_case(agent))).content.decode()
    for banner in ["Reopened by the customer", "Customer unreachable", "Waiting on the"]:
        assert banner not in page
