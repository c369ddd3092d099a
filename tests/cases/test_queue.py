"""The agent's queue at /cases/: access, rows, filters, search, sorting, paging, queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import work
from cases.intake import CustomerDetails
from cases.models import Case, Category

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")


def refs(response):
    return {case.reference for case in response.context["page"].object_list}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/cases/")


def test_root_redirects_to_the_queue(agent_client):
    assert agent_client.get("/")["Location"] == QUEUE


def test_signed_in_user_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(QUEUE).status_code == 403


def test_agent_signs_in_with_email_and_lands_on_the_queue(client, agent):
    response = client.post(
        reverse("login"),
        {"username": agent.email.upper(), "password": "correct horse battery"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == QUEUE
    assert response.status_code == 200


def test_wrong_password_is_a_clear_form_error(client, agent):
    response = client.post(reverse("login"), {"username": agent.email, "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_each_row_shows_what_an_agent_needs(agent_client, agent):
    case = CaseFactory(
        customer=CustomerDetails(email="ana@example.com", name="Ana Souza"),
        title="Parcel delivered to the wrong address",
        severity="high",
    )
    work.assign(case, agent, by=agent)
    page = agent_client.get(QUEUE).content.decode()
    for text in [case.reference, "Ana Souza", "Parcel delivered to the wrong address", "High",
                 "Restore lost value", "Alex Agent", "left"]:
        assert text in page


def test_shows_overdue_first_response(agent_client):
    with_time = timezone.now() - timedelta(hours=10)
    from time_machine import travel

    with travel(with_time, tick=False):
        CaseFactory(severity="critical")
    assert "overdue" in agent_client.get(QUEUE).content.decode()


def test_default_shows_active_cases_only(agent_client, agent):
    open_case = CaseFactory()
    closed = CaseFactory()
    Case.objects.filter(pk=closed.pk).update(status="closed")  # the close flow comes later
    response = agent_client.get(QUEUE)
    assert refs(response) == {open_case.reference}
    assert refs(agent_client.get(QUEUE, {"status": ""})) == {open_case.reference, closed.reference}
    assert refs(agent_client.get(QUEUE, {"status": "closed"})) == {closed.reference}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"severity": "critical"}, {"urgent"}),
        ({"category": "billing"}, {"billing"}),
        ({"stage": "restore_value"}, {"urgent", "billing", "mine", "theirs"}),
        ({"stage": "regret"}, set()),
        ({"assignee": "me"}, {"mine"}),
        ({"assignee": "none"}, {"urgent", "billing"}),
        ({"q": "wardrobe"}, {"mine"}),
        ({"q": "ANA@EXAMPLE"}, {"theirs"}),
        ({"q": "Souza"}, {"theirs"}),
    ],
)
def test_filters_narrow_the_queue(agent_client, agent, other_agent, params, expected):
    cases = {
        "urgent": CaseFactory(severity="critical", title="Checkout down"),
        "billing": CaseFactory(
            category=Category.objects.get(slug="billing"), title="Double charge"
        ),
        "mine": CaseFactory(title="Missing parts in the wardrobe"),
        "theirs": CaseFactory(
            title="Late", customer=CustomerDetails(email="ana@example.com", name="Ana Souza")
        ),
    }
    work.assign(cases["mine"], agent, by=agent)
    work.assign(cases["theirs"], other_agent, by=other_agent)
    response = agent_client.get(QUEUE, params)
    assert refs(response) == {cases[name].reference for name in expected}


def test_the_drop_downs_show_what_was_chosen(agent_client, other_agent):
    import re

    text = agent_client.get(QUEUE, {"severity": "high", "category": "billing",
                                    "assignee": other_agent.email, "sort": "oldest"}).content
    selected = re.findall(r'<option value="([^"]*)" selected>', text.decode())
    # status keeps its default (active) when not given; the old "oldest" is now "Age: oldest
    # first" (-age), so old links still work
    assert selected == ["active", "", "high", "billing", other_agent.email, "-age"]


def test_assignee_filter_by_person(agent_client, other_agent):
    theirs = CaseFactory()
    CaseFactory()
    work.assign(theirs, other_agent, by=other_agent)
    assert refs(agent_client.get(QUEUE, {"assignee": other_agent.email})) == {theirs.reference}


def test_search_by_reference_finds_exactly_that_case(agent_client):
    wanted = CaseFactory()
    CaseFactory()
    assert refs(agent_client.get(QUEUE, {"q": wanted.reference.lower()})) == {wanted.reference}


def test_breaching_filter_finds_cases_past_a_target(agent_client):
    from time_machine import travel

    with travel(timezone.now() - timedelta(hours=2), tick=False):
        late = CaseFactory(severity="critical")  # first response due within 1 hour
    CaseFactory(severity="critical")
    assert refs(agent_client.get(QUEUE, {"breaching": "on"})) == {late.reference}


def test_sort_by_severity_puts_critical_first(agent_client):
    low = CaseFactory(severity="low")
    critical = CaseFactory(severity="critical")
    medium = CaseFactory(severity="medium")
    response = agent_client.get(QUEUE, {"sort": "-severity"})
    order = [case.reference for case in response.context["page"].object_list]
    assert order == [critical.reference, medium.reference, low.reference]
    response = agent_client.get(QUEUE, {"sort": "severity"})
    order = [case.reference for case in response.context["page"].object_list]
    assert order == [low.reference, medium.reference, critical.reference]


@pytest.mark.parametrize("newest, oldest", [("age", "-age"), ("newest", "oldest")])
def test_sort_oldest_first_and_newest_first(agent_client, newest, oldest):
    """By age either way; the old values (newest, oldest) still work in links."""
    first, second = CaseFactory(), CaseFactory()
    by_newest = [c.reference for c in agent_client.get(QUEUE, {"sort": newest})
                 .context["page"].object_list]
    by_oldest = [c.reference for c in agent_client.get(QUEUE, {"sort": oldest})
                 .context["page"].object_list]
    assert by_newest == [second.reference, first.reference]
    assert by_oldest == [first.reference, second.reference]


def test_pages_hold_25_rows_and_link_onwards(agent_client):
    for _ in range(30):
        CaseFactory()
    first = agent_client.get(QUEUE)
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = agent_client.get(QUEUE, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert agent_client.get(QUEUE, {"page": "nonsense"}).status_code == 200


def test_a_long_queue_is_counted_up_to_a_limit_and_paged_onwards(agent_client, settings):
    """Counting every active case on every page view grows with the queue: past
    QUEUE_COUNT_LIMIT the queue says "more than" and pages on without a last page."""
    settings.QUEUE_COUNT_LIMIT = 30
    cases = [CaseFactory() for _ in range(60)]
    newest = {"sort": "age"}
    first = agent_client.get(QUEUE, newest)
    text = first.content.decode()
    assert "More than 30 cases" in text
    assert "Page 1<" in text and "Page 1 of" not in text
    assert refs(first) == {case.reference for case in cases[-25:]}
    assert "sort=age&amp;page=2" in text  # the next page keeps the order
    third = agent_client.get(QUEUE, {**newest, "page": 3})
    assert refs(third) == {case.reference for case in cases[:10]}
    assert "Previous" in third.content.decode() and "Next" not in third.content.decode()
    # Past the end, or not a page number: the first page.
    assert refs(agent_client.get(QUEUE, {**newest, "page": 9})) == refs(first)
    assert refs(agent_client.get(QUEUE, {**newest, "page": "x"})) == refs(first)
    # Under the limit the count is exact.
    settings.QUEUE_COUNT_LIMIT = 60
    assert "60 cases" in agent_client.get(QUEUE).content.decode()


def test_the_count_reads_no_further_than_the_limit(agent_client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.QUEUE_COUNT_LIMIT = 5
    for _ in range(8):
        CaseFactory()
    with CaptureQueriesContext(connection) as queries:
        agent_client.get(QUEUE)
    counts = [q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "cases_case" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 6" in counts[0]


def test_query_count_does_not_grow_with_rows(agent_client, agent, django_assert_num_queries):
    for _ in range(3):
        work.assign(CaseFactory(), agent, by=agent)
    agent_client.get(QUEUE)  # warm the session
    # session, user (with their groups), count, rows, unread notifications in the
    # navigation, saved views, open incidents (the bulk bar); the category and assignee
    # choices come from the cache (recovery.read_cache)
    with django_assert_num_queries(7):
        agent_client.get(QUEUE)
    for _ in range(22):
        work.assign(CaseFactory(), agent, by=agent)
    with django_assert_num_queries(7):
        response = agent_client.get(QUEUE)
    assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize(
    "params",
    [
        {"q": "bad\x00byte"},
        {"q": "x" * 5000},
        {"q": "'\"; DROP TABLE cases_case; --"},
        {"severity": "catastrophic"},
        {"category": "nope"},
        {"assignee": "stranger@example.com"},
        {"sort": "sideways"},
        {"page": "-1"},
    ],
)
def test_bad_filter_input_never_breaks_the_page(agent_client, params):
    CaseFactory()
    response = agent_client.get(QUEUE, params)
    assert response.status_code == 200


def test_a_reference_finds_a_closed_case_from_the_default_queue(agent_client):
    closed = CaseFactory()
    Case.objects.filter(pk=closed.pk).update(status="closed")  # the close flow comes later
    assert refs(agent_client.get(QUEUE, {"q": closed.reference})) == {closed.reference}


def test_search_by_customer_works_when_many_customers_match(agent_client, monkeypatch):
    from cases import models

    monkeypatch.setattr(models, "SEARCH_CUSTOMER_LIMIT", 1)
    first = CaseFactory(customer=CustomerDetails(email="kim@shop.test", name="Kim"))
    second = CaseFactory(customer=CustomerDetails(email="lee@shop.test", name="Lee"))
    CaseFactory()
    assert refs(agent_client.get(QUEUE, {"q": "shop.test"})) == {first.reference, second.reference}


def test_a_page_far_past_the_counted_limit_links_back(agent_client, settings):
    """Page 9 of "more than 30" (5 a page): its Previous link goes to page 8, beyond the
    pages that were counted, without an error."""
    settings.QUEUE_COUNT_LIMIT = 30
    settings.QUEUE_PAGE_SIZE = 5
    for _ in range(50):
        CaseFactory()
    response = agent_client.get(QUEUE, {"page": 9})
    assert response.status_code == 200
    text = response.content.decode()
    assert "page=8" in text and "page=10" in text


def test_the_rows_show_markup_as_text(agent_client, agent):
    """The rows are rendered by Jinja2 (cases/jinja2/cases/queue_rows.html): autoescaped as the
    Django template around them is."""
    attack = '"><script>alert(1)</script>'
    CaseFactory(by=agent, title=f"Broken {attack}",
                customer=CustomerDetails(email="m@example.com", name=f"M {attack}",
                                         company=f"Co {attack}"))
    html = agent_client.get(QUEUE).content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("&gt;&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # title ×2, name, company


def test_a_category_added_or_renamed_is_in_the_drop_down_at_once(
        manager_client, agent_client, django_capture_on_commit_callbacks):
    """The choices come from the cache (recovery.read_cache); a category saved anywhere
    forgets them once its transaction commits."""
    agent_client.get(QUEUE)  # the choices are cached now
    with django_capture_on_commit_callbacks(execute=True):
        added = manager_client.post("/categories/new/", {
            "name": "Lost luggage", "slug": "", "description": "", "customer_wording": ""})
    assert added.status_code == 302
    assert '<option value="lost_luggage">Lost luggage</option>' in \
        agent_client.get(QUEUE).content.decode()
    category = Category.objects.get(slug="lost_luggage")
    category.name = "Lost bags"
    with django_capture_on_commit_callbacks(execute=True):
        category.save()  # as the admin or a script would
    assert '<option value="lost_luggage">Lost bags</option>' in \
        agent_client.get(QUEUE).content.decode()
