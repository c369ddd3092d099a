"""The queue's search box finds a case by part of its reference (SR-2026-000013 by
"2026-000013", "2026-13" or "13"), and by part of the customer's name or email."""

import pytest
from django.db import connection
from django.urls import reverse

from cases.intake import CustomerDetails
from cases.models import Case

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")


def refs(response):
    return {case.reference for case in response.context["page"].object_list}


def parts(case):
    prefix, year, number = case.reference.split("-")
    return prefix, year, number


@pytest.fixture
def thirteen():
    """Cases number 1 to 13: the last is SR-<year>-000013; number 3 is closed."""
    # customers without digits: the factory's own (customer13@…) would match "13" by email,
    # depending on how many customers earlier tests made
    cases = [CaseFactory(title=f"Kettle {n} leaked", customer=CustomerDetails(
        email=f"kettle-{'abcdefghijklm'[n - 1]}@example.com", name="Kettle Owner"))
        for n in range(1, 14)]
    Case.objects.filter(pk=cases[2].pk).update(status="closed")
    return cases


@pytest.mark.parametrize("typed", ["{year}-{number}", "{year}-13", "{prefix}-{year}-13",
                                   "{prefix_lower}-{year}-000013", " {year}-0013 "])
def test_year_and_number_find_that_one_case(agent_client, thirteen, typed):
    prefix, year, number = parts(thirteen[12])
    text = typed.format(prefix=prefix, prefix_lower=prefix.lower(), year=year, number=number)
    assert refs(agent_client.get(QUEUE, {"q": text})) == {thirteen[12].reference}


def test_year_and_number_find_a_closed_case_from_the_default_queue(agent_client, thirteen):
    _, year, _ = parts(thirteen[2])
    assert refs(agent_client.get(QUEUE, {"q": f"{year}-3"})) == {thirteen[2].reference}


@pytest.mark.parametrize("typed", ["13", "000013", "0013"])
def test_a_number_alone_finds_the_case_of_that_number(agent_client, thirteen, typed):
    found = refs(agent_client.get(QUEUE, {"q": typed}))
    assert found == {thirteen[12].reference}  # not 000113 or 000130, nor a title's "1"


def test_a_number_alone_still_finds_it_in_titles_too(agent_client, thirteen):
    order = CaseFactory(title="Refund for order 48213 is missing")
    assert refs(agent_client.get(QUEUE, {"q": "48213"})) == {order.reference}
    assert refs(agent_client.get(QUEUE, {"q": "13"})) == {thirteen[12].reference,
                                                          order.reference}


@pytest.mark.parametrize("typed", ["ouza", "ANA.SOU", "example.org"])
def test_part_of_a_customer_s_name_or_email_finds_their_cases(agent_client, typed):
    ana = CaseFactory(customer=CustomerDetails(email="ana.souza@example.org", name="Ana Souza"))
    CaseFactory(customer=CustomerDetails(email="bo@example.com", name="Bo Lind"))
    assert refs(agent_client.get(QUEUE, {"q": typed})) == {ana.reference}


def test_the_api_search_is_unchanged(agent_api, thirteen):
    """Partial references are the queue's: the API's `q` keeps its meaning."""
    prefix, year, _ = parts(thirteen[12])
    assert agent_api.get("/api/v1/cases/", {"q": f"{year}-13"}).json()["results"] == []
    full = agent_api.get("/api/v1/cases/", {"q": f"{prefix}-{year}-000013"}).json()
    assert [case["reference"] for case in full["results"]] == [thirteen[12].reference]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_partial_reference_search_can_use_its_index(thirteen):
    """`case_reference_trgm_idx` matches the SQL Django writes for the suffix match
    (`reference::text LIKE '%-000013'`): with scans ruled out, the planner uses it. (On a
    seeded desk it does so unprompted: bench/measure_queue.py.)"""
    query = Case.objects.search("13", partial_references=True).filter(
        reference__endswith="-000013")
    sql, params = query.only("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # of the other indexes' order
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_reference_trgm_idx" in plan, plan
