"""The queue's order: what is due soonest first by default, each column's heading sorts by
it (and reverses), unknown sorts are a field error, and the queries stay few and planned."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import sorting, work
from cases.intake import CustomerDetails
from cases.models import Case

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")


def order(response):
    return [case.reference for case in response.context["page"].object_list]


def set_targets(case, **fields):
    """Move a case's clocks as the conversation and the flow would (tests of the order
    only: the doors that move them are tested where they live)."""
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


@pytest.fixture
def due_cases():
    """Four active cases whose next target falls in a known order, and a closed one."""
    now = timezone.now()
    later = CaseFactory(severity="low", title="Resolution in two days")
    set_targets(later, first_responded_at=now, next_update_due_at=None,
                first_response_due_at=now - timedelta(hours=3),  # met: no longer owed
                resolution_due_at=now + timedelta(days=2))
    overdue = CaseFactory(severity="low", title="Update two hours overdue")
    set_targets(overdue, first_responded_at=now - timedelta(days=1),
                next_update_due_at=now - timedelta(hours=2),
                resolution_due_at=now + timedelta(days=3))
    response = CaseFactory(severity="low", title="First response in one hour")
    set_targets(response, first_response_due_at=now + timedelta(hours=1),
                resolution_due_at=now + timedelta(days=4))
    # Waiting on the customer: neither its update nor its resolution is owed now.
    waiting = CaseFactory(severity="critical", title="Waiting on the customer")
    set_targets(waiting, first_responded_at=now - timedelta(days=1),
                waiting_on_customer_since=now - timedelta(hours=1),
                next_update_due_at=now - timedelta(hours=5),
                resolution_due_at=now - timedelta(hours=4))
    closed = CaseFactory(severity="critical", title="Closed long ago")
    set_targets(closed, status="closed", resolution_due_at=now - timedelta(days=9))
    return {"later": later, "overdue": overdue, "response": response, "waiting": waiting,
            "closed": closed}


def test_by_default_what_is_due_soonest_comes_first(agent_client, due_cases):
    response = agent_client.get(QUEUE)
    c = due_cases
    assert order(response) == [c["overdue"].reference, c["response"].reference,
                               c["later"].reference, c["waiting"].reference]
    page = response.content.decode()
    # the Due column says which target and how long, overdue in words (not colour alone)
    assert re.search(r"Update</div><span class=\"overdue\"[^>]*>[12]h \d+m overdue", page)
    assert re.search(r"First response</div><span[^>]*>in (59m|1h 0m)", page)
    assert re.search(r"Resolution</div><span[^>]*>in (1d 23h|2d 0h)", page)
    assert "nothing due" in page  # the case waiting on the customer
    assert '<th scope="col" class="sortable" aria-sort="ascending"><a class="sort-link" ' \
           'href="?sort=-due"' in page


def test_the_sql_order_agrees_with_each_case_s_next_due(agent_client, due_cases):
    """`due_at()` (SQL, for the order) and `Case.next_due` (Python, for the cell) are one
    rule written twice: the listed order is the order of the cells' times."""
    listed = agent_client.get(QUEUE).context["page"].object_list
    times = [case.next_due.at if case.next_due else None for case in listed]
    owed = [t for t in times if t is not None]
    assert owed == sorted(owed) and times[len(owed):] == [None] * (len(times) - len(owed))


def test_clicking_due_again_puts_the_latest_first(agent_client, due_cases):
    c = due_cases
    response = agent_client.get(QUEUE, {"sort": "-due"})
    assert order(response) == [c["waiting"].reference, c["later"].reference,
                               c["response"].reference, c["overdue"].reference]
    assert 'aria-sort="descending"><a class="sort-link" href="?sort=due"' in \
        response.content.decode()


@pytest.mark.parametrize("key", [column.key for column in sorting.COLUMNS])
def test_each_heading_sorts_by_its_column_and_then_reverses(agent_client, agent, other_agent,
                                                            key):
    a = CaseFactory(customer=CustomerDetails(email="zed@example.com", name="Zed Young"),
                    severity="low")
    b = CaseFactory(customer=CustomerDetails(email="amy@example.com", name="Amy Adams"),
                    severity="critical")
    work.assign(a, agent, by=agent)  # Alex Agent
    work.assign(b, other_agent, by=other_agent)  # Sam Second
    now = timezone.now()
    set_targets(a, stage="explain", first_response_due_at=now + timedelta(hours=5),
                resolution_due_at=now + timedelta(days=5), created_at=now - timedelta(days=1))
    set_targets(b, first_response_due_at=now + timedelta(hours=1),
                resolution_due_at=now + timedelta(days=1))
    # a's values come first for every column's first click except these
    b_first = {"due", "customer", "first_response", "severity", "step"}
    first, second = (b, a) if key in b_first else (a, b)
    heading = sorting.BY_KEY[key]
    clicked = f"{heading.first}{key}"
    elsewhere = {"sort": "due" if key == "reference" else "reference"}
    assert f'href="?sort={clicked}"' in agent_client.get(QUEUE, elsewhere).content.decode()
    response = agent_client.get(QUEUE, {"sort": clicked})
    assert order(response) == [first.reference, second.reference]
    reversed_ = f"{key}" if heading.first else f"-{key}"
    aria = "descending" if heading.first else "ascending"
    assert (f'aria-sort="{aria}"><a class="sort-link" href="?sort={reversed_}"'
            in response.content.decode())
    assert order(agent_client.get(QUEUE, {"sort": reversed_})) == [second.reference,
                                                                    first.reference]


def test_headings_and_pages_keep_the_filters_and_the_sort(agent_client, settings):
    settings.QUEUE_PAGE_SIZE = 2
    for _ in range(3):
        CaseFactory(severity="high")
    page = agent_client.get(QUEUE, {"severity": "high", "q": "Parcel", "sort": "-severity"})
    text = page.content.decode()
    assert 'href="?severity=high&amp;q=Parcel&amp;sort=due"' in text  # another heading
    assert 'href="?severity=high&amp;q=Parcel&amp;sort=severity"' in text  # reverses this one
    assert "?severity=high&amp;q=Parcel&amp;sort=-severity&amp;page=2" in text
    # the drop-down shows the same order as the headings
    assert '<option value="-severity" selected>Severity: most severe first</option>' in text


@pytest.mark.parametrize("value", ["sideways", "-", "--due", "title", "-newest", "due "])
def test_an_unknown_sort_is_a_field_error_and_the_default_order(agent_client, value,
                                                                  due_cases):
    response = agent_client.get(QUEUE, {"sort": value})
    assert response.status_code == 200
    text = response.content.decode()
    assert "The queue cannot be sorted by" in text
    assert 'id="id_sort_error" role="alert"' in text
    c = due_cases
    assert order(response)[0] == c["overdue"].reference  # due soonest, as by default


@pytest.mark.parametrize("value", [column.key for column in sorting.COLUMNS]
                         + [f"-{column.key}" for column in sorting.COLUMNS])
def test_query_count_is_the_same_for_every_sort(agent_client, agent, value,
                                                django_assert_num_queries):
    for _ in range(3):
        work.assign(CaseFactory(), agent, by=agent)
    CaseFactory()  # unassigned
    agent_client.get(QUEUE)  # warm the session
    # as tests/cases/test_queue.py pins it (the drop-downs' choices come from the cache)
    with django_assert_num_queries(7):
        response = agent_client.get(QUEUE, {"sort": value})
    assert len(order(response)) == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_default_order_is_read_from_its_index_not_sorted(agent_client):
    """The page's query orders by exactly the expression `case_due_idx` indexes: with
    sorting made expensive, PostgreSQL still reads the first page from the index."""
    for _ in range(3):
        CaseFactory()
    with CaptureQueriesContext(connection) as queries:
        agent_client.get(QUEUE)
    main = next(q["sql"] for q in queries if 'FROM "cases_case"' in q["sql"]
                and " LIMIT " in q["sql"] and not q["sql"].startswith("SELECT COUNT"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {main}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_due_idx" in plan, plan
    assert " Sort " not in plan and "Sort Key" not in plan, plan
