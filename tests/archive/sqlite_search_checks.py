"""The archive's search on SQLite, the embedded desk's database: run by
`test_search_on_sqlite.py` in a pytest of its own with `DATABASE_URL=sqlite:///…` (the
suite's database is PostgreSQL). Not named `test_*`, so the suite does not collect it.

The same queries as PostgreSQL's `websearch_to_tsquery` (tests/archive/test_search.py pins
those): words all present, "a phrase" as written, -word absent, `or`, stop words ignored,
English stems; ranked, the matched words marked."""

import pytest
from django.db import connection

from archive import embedded_search
from archive.models import ArchivedApology, SearchEntry
from cases.models import Category

from .helpers import closed_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_sqlite():
    assert connection.vendor == "sqlite", "run by test_search_on_sqlite.py, on SQLite"


SHOES = {"restore_value": {"content": "We are refunding your delivery charge and sending the "
                                      "right size by express today."},
         "explain": {"content": "Labels for two sizes were swapped: we sent the wrong size."},
         "regret": {"content": "We are sorry the right pair arrived late."}}
VOUCHER = {"restore_value": {"content": "A refund of the delivery charge and a voucher for "
                                        "your next order, since the parcel came late."},
           "explain": {"content": "We sent the wrong size from the wrong shelf."}}
BILLING = {"explain": {"content": "Our billing system charged your card twice for one order."},
           "fix": {"content": "We now block a second charge for the same order number."}}


@pytest.fixture
def archive(agent):
    billing = Category.objects.get(slug="billing")
    return {
        "shoes": closed_case(agent, title="Wrong size sent twice", texts=SHOES),
        "voucher": closed_case(agent, title="Shoes came late", texts=VOUCHER),
        "title": closed_case(agent, title="Charged twice for a refund", texts=BILLING,
                             category=billing),
        "body": closed_case(agent, title="Invoice confusion", category=billing, texts={
            "regret": {"content": "We are sorry you were charged twice; a refund is on its way."}
        }),
    }


def _titles(api, query, **filters):
    response = api.get("/api/v1/archive/", {"q": query, **filters})
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_the_search_boxs_own_example_finds_what_it_says(agent_api, archive):
    assert _titles(agent_api, 'late delivery refund, "wrong size", -voucher') == [
        "Wrong size sent twice"]


def test_the_archive_page_ranks_and_marks_the_matches(agent_api, agent_client, archive):
    # the title (weighted above the explanation) beats mentions in the other parts
    found = _titles(agent_api, "charged twice")
    assert found[0] == "Charged twice for a refund" and "Invoice confusion" in found[1:]
    page = agent_client.get("/archive/", {"q": "charged"}).content.decode()
    assert "4 archived apologies matching" in page  # "delivery charge" too: stems
    assert "<mark>charged</mark>" in page.lower()


SYNTAX = [  # also run on PostgreSQL by test_search_on_sqlite.py: the same answers
    ('"charged twice" -invoice', {"Charged twice for a refund"}),
    ("parcel or invoice", {"Shoes came late", "Invoice confusion"}),
    ("late delivery refund", {"Wrong size sent twice", "Shoes came late"}),
    ("deliveries refunded", {"Wrong size sent twice", "Shoes came late"}),  # English stems
    ('"size wrong"', set()),  # a phrase keeps its order
    ("-refund", set()),  # every apology here mentions a refund
    ("-voucher -billing", {"Wrong size sent twice"}),  # the others have a voucher (GOOD)
    ("shelf or -voucher", {"Shoes came late", "Wrong size sent twice"}),
    ("the and of", set()),  # stop words only: nothing, as on PostgreSQL
    ("THE WRONG SHELF", {"Shoes came late"}),
]


def test_websearch_syntax(agent_api, archive):
    answers = {query: set(_titles(agent_api, query)) for query, _ in SYNTAX}
    assert answers == dict(SYNTAX)


ODD = ['"unclosed quote', "a & b | !c <-> (d", "'; drop table archive; --", "x" * 1000,
       "Доставка опоздала", "配送が遅れました", "\\", ":*", "-", "or", "NEAR(a b)", "col:word",
       "a* ^b", "{title}: x", 'say "" nothing', "AND OR NOT"]


def test_any_search_input_is_answered(agent_api, agent_client, archive):
    for query in ODD:
        assert agent_api.get("/api/v1/archive/", {"q": query}).status_code == 200, query
        assert agent_client.get("/archive/", {"q": query}).status_code == 200, query


def test_filters_and_facets_count_the_matches(agent_api, archive):
    body = agent_api.get("/api/v1/archive/", {"q": "refund", "category": "billing"}).json()
    assert {row["title"] for row in body["results"]} == {"Charged twice for a refund",
                                                          "Invoice confusion"}
    assert body["count"] == 2


def test_the_index_follows_every_change_to_an_archived_apology(agent_api, archive):
    archived = ArchivedApology.objects.get(case=archive["body"])
    # every apology has its search entry (SQLite dropped their triggers with migration 0006)
    assert SearchEntry.objects.count() == ArchivedApology.objects.count() == 4
    ArchivedApology.objects.filter(pk=archived.pk).update(explain="A misprinted invoice.")
    assert _titles(agent_api, "misprinted") == ["Invoice confusion"]
    ArchivedApology.objects.filter(pk=archived.pk).update(title="Wrong total")
    assert _titles(agent_api, "confusion") == []
    SearchEntry.objects.filter(pk=archived.pk).delete()
    archived.delete()
    assert _titles(agent_api, "misprinted") == []


def test_lost_triggers_are_made_again_after_migrate(agent_api, archive):
    """SQLite remakes a table to alter it, dropping its triggers; `ensure` (post_migrate)
    makes them again and rebuilds what they keep."""
    with connection.cursor() as cursor:
        for name in embedded_search.KEPT:
            cursor.execute(f"DROP {'TABLE' if name == embedded_search.FTS else 'TRIGGER'} {name}")
        cursor.execute("DELETE FROM archive_searchentry")
    assert _titles(agent_api, "") == []
    embedded_search.ensure()
    assert _titles(agent_api, '"wrong size" -voucher') == ["Wrong size sent twice"]
    assert SearchEntry.objects.count() == 4
    closed_case(ArchivedApology.objects.first().agent, title="Kettle never came")
    assert _titles(agent_api, "kettle") == ["Kettle never came"]
