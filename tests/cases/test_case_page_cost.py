"""The case page, where agents live, costs the same for a case opened a minute ago and one
with a year of history: the newest 20 events and the newest 20 messages, with "Show
earlier" paging back through the rest, in at most 12 queries (the access log's INSERT
included)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseEvent, EventKind
from conversation.models import Message

from ..conversation.helpers import logged_case, updates

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]

# session, user (with their role), the case (with the customer's history and the apology's
# message), the timeline's page, the apology's steps, its latest approval, the commitments,
# the conversation's page (with whether the customer was acknowledged), its files, similar
# apologies, the access log's INSERT, the navigation's counts. The lexicon, the desk's
# people and the open incidents come from the cache once a page has read them
# (`recovery.read_cache`), as they do on a desk in use.
CASE_PAGE_QUERIES = 12


def long_history(agent, events=300, messages=100):
    """A case with `events` notes and `messages` updates after its opening, a minute apart."""
    case = logged_case(agent, title="A year of back and forth")
    start = timezone.now() - timedelta(days=365)
    case.events.update(created_at=start)  # opened (and acknowledged) a year ago
    case.messages.update(created_at=start)
    CaseEvent.objects.bulk_create(
        CaseEvent(case=case, kind=EventKind.NOTE, actor=agent, note=f"Note number {n}.",
                  created_at=start + timedelta(minutes=n)) for n in range(1, events + 1))
    Message.objects.bulk_create(
        Message(case=case, direction="out", kind="update", body=f"Update number {n}.",
                author=agent, address=case.customer.email, message_id=f"<u{n}@x.test>",
                state="delivered", created_at=start + timedelta(minutes=n))
        for n in range(1, messages + 1))
    return case


def short_history(agent):
    case = logged_case(agent, title="Just opened")
    updates(case, agent, 2)  # with the acknowledgement: 3 messages, 3 or more events
    return case


def queries_for(client, case) -> int:
    client.get(case.get_absolute_url())  # a desk in use: its shared lists are in the cache
    with CaptureQueriesContext(connection) as counted:
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return len(counted.captured_queries)


@pytest.mark.parametrize("who", ["agent_client", "manager_client"])
def test_the_case_page_costs_the_same_for_3_or_300_events(request, agent, who):
    client = request.getfixturevalue(who)
    short, long = short_history(agent), long_history(agent)
    assert long.events.count() > 300 and long.messages.count() == 101
    counts = {queries_for(client, short), queries_for(client, long)}
    assert len(counts) == 1, counts
    assert counts.pop() <= CASE_PAGE_QUERIES


def section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def earlier_link(part: str, words: str) -> str | None:
    found = re.search(rf'href="(\?[^"#]+)#[a-z]+">{words}', part)
    return found.group(1).replace("&amp;", "&") if found else None


def notes_in(part):
    return [int(n) for n in re.findall(r"Note number (\d+)\.", part)]


def updates_in(part):
    return [int(n) for n in re.findall(r"Update number (\d+)\.", part)]


def test_the_newest_twenty_show_and_show_earlier_reaches_the_first(agent_client, agent):
    case = long_history(agent, events=45, messages=30)
    page = agent_client.get(case.get_absolute_url()).content.decode()
    timeline, conversation = section(page, "timeline"), section(page, "conversation")
    assert notes_in(timeline) == list(range(26, 46))  # the newest 20, oldest first
    assert updates_in(conversation) == list(range(11, 31))
    assert "Show the latest events" not in timeline

    seen, link = [], earlier_link(timeline, "Show earlier events")
    while link:
        older = section(agent_client.get(case.get_absolute_url() + link).content.decode(),
                        "timeline")
        assert "Show the latest events" in older
        seen = notes_in(older) + seen
        link = earlier_link(older, "Show earlier events")
    assert seen == list(range(1, 26))  # every earlier note once, none twice
    assert "Case opened" in older  # the first page reaches the case's first event

    link = earlier_link(conversation, "Show earlier messages")
    older = section(agent_client.get(case.get_absolute_url() + link).content.decode(),
                    "conversation")
    assert updates_in(older) == list(range(1, 11))
    assert "Acknowledgement" in older and "Show earlier messages" not in older
    assert "Show the latest messages" in older

    both = agent_client.get(case.get_absolute_url() + link).content.decode()
    link = earlier_link(section(both, "timeline"), "Show earlier events")
    both = agent_client.get(case.get_absolute_url() + link).content.decode()
    assert notes_in(section(both, "timeline")) == list(range(6, 26))  # paging one part
    assert updates_in(section(both, "conversation")) == list(range(1, 11))  # keeps the other


def test_a_short_history_has_no_paging_links(agent_client, agent):
    page = agent_client.get(short_history(agent).get_absolute_url()).content.decode()
    assert "Show earlier" not in page and "Show the latest" not in page


@pytest.mark.parametrize("cursor", ["nonsense", "1.2.3", "99999999999999999999999.1", ""])
def test_a_mangled_cursor_shows_the_newest_page(agent_client, agent, cursor):
    case = long_history(agent, events=25, messages=0)
    response = agent_client.get(f"{case.get_absolute_url()}?timeline_before={cursor}")
    assert response.status_code == 200
    assert notes_in(section(response.content.decode(), "timeline")) == list(range(6, 26))


def test_a_cold_cache_costs_the_three_shared_lists_once(agent_client, agent):
    """The first page after a restart (or a change to the lexicon, the desk's people or the
    open incidents) reads those lists; the next reads none of them."""
    case = short_history(agent)
    with CaptureQueriesContext(connection) as cold:
        agent_client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        agent_client.get(case.get_absolute_url())
    assert len(cold.captured_queries) == len(warm.captured_queries) + 3
    assert len(warm.captured_queries) <= CASE_PAGE_QUERIES
    read_cold = " ".join(query["sql"] for query in cold.captured_queries)
    read_warm = " ".join(query["sql"] for query in warm.captured_queries)
    for table in ("apologies_phrase", "incidents_incident", "SELECT DISTINCT"):
        assert table in read_cold and table not in read_warm
