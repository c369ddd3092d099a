"""The /insights/ page and its CSV exports: who may open them, the date range, the
exported rows, and a number of queries that does not grow with the cases."""

import csv
import io

import pytest

from ..factories import CaseFactory
from .helpers import NOW, QUERY, at, small_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(agent, other_agent):
    return small_desk(agent, other_agent)


def rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_manager_sees_every_figure_with_its_csv_link(desk, manager_client):
    with at(NOW):
        response = manager_client.get(f"/insights/?{QUERY}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Everyone's cases." in page
    for title in ("Cases opened and resolved", "First response time", "Resolution time",
                  "Against the SLA targets", "Where cases stall",
                  "Remedy cost against value to the customer", "Survey scores after recovery",
                  "Top categories", "Top root causes", "Customers failed more than once",
                  "Lexicon findings"):
        assert f">{title}</h2>" in page
    assert f'href="/insights/stalls.csv?{QUERY.replace("&", "&amp;")}"' in page
    assert page.count("<svg") == 11
    assert "Recovered customers scored 4.50 on average" in page
    assert 'class="nav-link" href="/insights/">Insights</a>' in page


def test_an_agent_sees_their_own_cases_only(desk, agent_client):
    with at(NOW):
        page = agent_client.get(f"/insights/?{QUERY}").content.decode()
    assert "Your cases only" in page
    assert "bo@example.com" not in page


def test_the_csv_holds_the_figure_s_rows(desk, manager_client):
    with at(NOW):
        response = manager_client.get(f"/insights/opened-resolved.csv?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="opened-resolved-20260202-20260215.csv"')
    assert rows(response) == [["Week", "Opened", "Resolved"],
                              ["2026-02-02", "1", "1"], ["2026-02-09", "2", "1"]]
    with at(NOW):
        stalls = rows(manager_client.get(f"/insights/stalls.csv?{QUERY}"))
    assert stalls[1] == ["Restore lost value", "3", "2.0", "3.6", "1"]
    with at(NOW):
        at_risk = rows(manager_client.get(f"/insights/at-risk.csv?{QUERY}"))
    assert at_risk[1] == ["Ann Lee", "ann@example.com", "2", desk[1].reference, "2026-02-10"]


def test_an_agent_s_csv_counts_their_cases_only(desk, client, other_agent):
    client.force_login(other_agent)
    with at(NOW):
        response = client.get(f"/insights/opened-resolved.csv?{QUERY}")
    assert rows(response)[1:] == [["2026-02-02", "0", "0"], ["2026-02-09", "1", "0"]]


@pytest.mark.parametrize("url", ["/insights/", "/insights/surveys.csv"])
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/insights/")


@pytest.mark.parametrize("url", ["/insights/", "/insights/surveys.csv"])
def test_people_without_a_desk_role_are_refused(client, outsider, url):
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_an_unknown_figure_is_404(agent_client):
    assert agent_client.get("/insights/nothing.csv").status_code == 404


def test_the_default_range_is_the_last_twelve_weeks(agent_client):
    with at(NOW):
        page = agent_client.get("/insights/").content.decode()
    assert "11 Dec 2025 – 4 Mar 2026" in page
    assert 'value="2025-12-11"' in page and 'value="2026-03-04"' in page


@pytest.mark.parametrize("query, field, message", [
    ("from=yesterday", "from", "Enter a valid date."),
    ("to=2026-02-30", "to", "Enter a valid date."),
    ("from=2026-02-10&to=2026-02-01", "from", "“From” must be on or before “To”."),
])
def test_bad_dates_are_a_form_error_not_a_crash(agent_client, query, field, message):
    response = agent_client.get(f"/insights/?{query}")
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert "<svg" not in response.content.decode()
    csv_response = agent_client.get(f"/insights/surveys.csv?{query}")
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_a_range_over_two_years_is_capped_with_a_message(agent_client):
    with at(NOW):
        response = agent_client.get("/insights/?from=2020-01-01&to=2026-03-01")
    assert response.status_code == 200
    assert response.context["period"].first.isoformat() == "2024-03-01"
    assert "The range is capped at 2 years: showing 1 Mar 2024 – 1 Mar 2026." in \
        response.content.decode()


# session and user with their groups (2); the figures (14: two by week, the cases opened with
# both clocks and the cases resolved; three for stalls, two for the SLA with its targets, one
# each for remedies, surveys, categories, root causes and findings, two for the customers at
# risk); the nav's waiting approvals and unread notifications (1).
PAGE_QUERIES = 17


def test_the_page_s_queries_are_pinned_and_do_not_grow_with_cases(
        desk, manager, manager_client, agent, settings, django_assert_num_queries):
    settings.INSIGHTS_COUNT_SECONDS = 0  # every view counts (tests/insights/test_counted.py)
    url = f"/insights/?{QUERY}"
    with at(NOW), django_assert_num_queries(PAGE_QUERIES):
        manager_client.get(url)
    for day in range(3, 9):
        with at(NOW.replace(month=2, day=day)):
            CaseFactory(by=agent, assignee=agent)
    with at(NOW), django_assert_num_queries(PAGE_QUERIES):
        manager_client.get(url)


def test_without_postgresql_the_page_says_why_percentiles_are_missing(
        desk, manager_client, monkeypatch):
    from insights import sql

    with at(NOW):
        assert "Medians and percentiles need PostgreSQL" not in manager_client.get(
            f"/insights/?{QUERY}").content.decode()
        monkeypatch.setattr(sql, "percentiles_supported", lambda: False)  # as on SQLite
        page = manager_client.get(f"/insights/?{QUERY}").content.decode()
    assert "Medians and percentiles need PostgreSQL" in page
