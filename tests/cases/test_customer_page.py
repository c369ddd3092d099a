"""The customer page (`/customers/<id>/`) and the customer's history beside a case: who is
this customer, what did we do for them, how often did we fail them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apologies import flow
from apologies.models import ApologyStep
from cases.intake import CustomerDetails
from cases.models import Case, Survey
from incidents import linking

from ..apologies.steps import GOOD
from ..factories import CaseFactory
from ..incidents.helpers import make_incident

pytestmark = pytest.mark.django_db

EXTRA = {"extra_type": "gift", "extra_description": "A hand-painted vase cloth",
         "extra_value_to_customer": Decimal("20.00"), "extra_cost": Decimal("4.00")}


def ines(**details):
    return CustomerDetails(email="ines@example.fr", name="Inès Moreau", tier="gold", **details)


def case_of(agent, title, *, days_ago=0, status=None, csat=None, comment=""):
    case = CaseFactory(by=agent, title=title, customer=ines())
    changes = {"created_at": timezone.now() - timedelta(days=days_ago)}
    if status:
        changes["status"] = status
    Case.objects.filter(pk=case.pk).update(**changes)
    if csat is not None:
        Survey.objects.create(case=case, sent_at=timezone.now(), answered_at=timezone.now(),
                              csat=csat, nps=csat * 2, comment=comment)
    case.refresh_from_db()
    return case


def give_remedy(case, agent, *, extra=True, **changes):
    flow.complete_step(case, "restore_value", {**GOOD["restore_value"], **(EXTRA if extra else {}),
                                               **changes}, by=agent)


def page_of(client, customer):
    response = client.get(reverse("customer", args=[customer.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_customer_page_shows_every_case_remedy_survey_and_incident(
        agent_client, agent, manager):
    old = case_of(agent, "Wrong size, first time", days_ago=200, status="closed", csat=2,
                  comment="Took three weeks.")
    vase = case_of(agent, "Anniversary vase arrived broken", days_ago=3)
    give_remedy(vase, agent)
    outage = case_of(agent, "Could not pay at checkout", days_ago=1)
    linking.link(make_incident(manager), [outage], by=manager)

    page = page_of(agent_client, vase.customer)

    assert "Inès Moreau" in page and "ines@example.fr" in page and "Gold tier" in page
    for case in (old, vase, outage):
        assert f'href="/cases/{case.reference}/"' in page and case.title in page
    assert "(3)" in page.split('id="cases-heading"', 1)[1].split("</h2>", 1)[0]
    assert "2 cases in 90 days" in page  # the closed one is older
    assert "CSAT 2/5" in page and "Took three weeks." in page and "would recommend 4/10" in page
    remedies = page.split('id="customer-remedies"', 1)[1].split("</section>", 1)[0]
    assert "Make whole:</span> Refund · value to the customer 80.00 EUR · cost to us 45.00" \
        in remedies
    assert "Extra:</span> Gift, A hand-painted vase cloth · value 20.00 EUR · cost 4.00" \
        in remedies
    year = timezone.localtime().year
    this_year = remedies.split(f"Received in {year}", 1)[1].split("</dd>", 1)[0]
    assert "value to them 100.00 EUR · cost to us 49.00 EUR (1 remedy)" in this_year
    incidents = page.split('id="customer-incidents"', 1)[1].split("</section>", 1)[0]
    assert "Checkout outage" in incidents and outage.reference in incidents


def test_a_remedy_given_last_year_counts_in_all_but_not_this_year(agent_client, agent):
    case = case_of(agent, "Late parcel", days_ago=400)
    give_remedy(case, agent, extra=False)
    last_year = timezone.localtime().replace(month=1, day=1) - timedelta(days=2)
    ApologyStep.objects.filter(case=case).update(completed_at=last_year)
    remedies = page_of(agent_client, case.customer).split('id="customer-remedies"', 1)[1]
    this_year, all_time = remedies.split("In all</dt>", 1)
    assert "Nothing yet" in this_year
    assert "value to them 80.00 EUR · cost to us 45.00 EUR (1 remedy)" in all_time


def test_a_customer_with_nothing_yet_reads_plainly(agent_client, agent):
    case = CaseFactory(by=agent, customer=CustomerDetails(email="new@example.com"))
    page = page_of(agent_client, case.customer)
    assert "No remedy given yet." in page and "No survey answers yet." in page
    assert "1 case in 90 days" in page


def test_an_unknown_customer_is_not_found(agent_client):
    assert agent_client.get(reverse("customer", args=[999999])).status_code == 404


@pytest.mark.parametrize("cases", [1, 10])
def test_the_customer_page_reads_in_a_fixed_number_of_queries(
        agent_client, agent, manager, cases, django_assert_num_queries):
    incident = make_incident(manager)
    made = [case_of(agent, f"Failure {n}", csat=4) for n in range(cases)]
    for case in made:
        give_remedy(case, agent)
    linking.link(incident, made, by=manager)
    customer = made[0].customer
    with django_assert_num_queries(CUSTOMER_PAGE_QUERIES):
        page = page_of(agent_client, customer)
    assert page.count("remedy-given") == cases


# session, user (with their groups), unread notifications; the customer, their cases with
# surveys, the remedies given, their cases in incidents; the access log's entry (privacy:
# one INSERT)
CUSTOMER_PAGE_QUERIES = 8


# The case page: the customer's history beside their name.

def history_on(client, case) -> str:
    page = client.get(case.get_absolute_url()).content.decode()
    return page.split('id="customer-history"', 1)[1].split("</ul>", 1)[0]


def test_the_case_page_says_who_this_customer_is(agent_client, agent):
    case_of(agent, "Wrong size", days_ago=200, status="closed", csat=4)
    case_of(agent, "Late again", days_ago=60, status="closed", csat=2)
    earlier = case_of(agent, "Damaged box", days_ago=20)
    give_remedy(earlier, agent)
    case = case_of(agent, "Anniversary vase arrived broken")

    history = history_on(agent_client, case)

    assert "3 earlier cases" in history
    # the latest earlier case (not this one): open, no survey yet
    link = f'<a class="font-monospace" href="/cases/{earlier.reference}/">{earlier.reference}</a>'
    assert f"last: {link}, Open" in history
    assert "3 cases in 90 days — we keep failing them" in history  # 200 days ago is not
    assert "Received this year: 100.00 EUR" in history
    assert f'href="/customers/{case.customer_id}/"' in history
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Gold tier" in page


def test_the_last_outcome_names_the_survey_score(agent_client, agent):
    before = case_of(agent, "Late again", days_ago=60, status="closed", csat=2)
    case = case_of(agent, "Anniversary vase arrived broken")
    history = history_on(agent_client, case)
    assert "1 earlier case " in history
    assert f"{before.reference}</a>, Closed, CSAT 2/5" in history
    assert "2 cases in 90 days" in history and "keep failing" not in history


def test_a_first_case_has_no_history(agent_client, agent):
    case = CaseFactory(by=agent, customer=CustomerDetails(email="new@example.com"))
    history = history_on(agent_client, case)
    assert "No earlier case" in history and "1 case in 90 days" in history
    assert "Received this year: 0.00 EUR" in history


def test_a_later_case_is_not_an_earlier_one(agent_client, agent):
    first = case_of(agent, "Wrong size", days_ago=10)
    case_of(agent, "Late again", days_ago=1)
    history = history_on(agent_client, first)
    assert "No earlier case" in history and "2 cases in 90 days" in history


def test_the_case_page_spends_no_query_on_the_history(agent_client, agent):
    """The history is read in the case's own query: a customer with ten earlier cases costs
    the case page what a first-time customer does (its pin: tests/conversation)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(case):
        with CaptureQueriesContext(connection) as run:
            assert agent_client.get(case.get_absolute_url()).status_code == 200
        return len(run)

    first = CaseFactory(by=agent, customer=CustomerDetails(email="new@example.com"))
    queries(first)  # warm the per-process caches (lexicon, calendar)
    for n in range(10):
        give_remedy(case_of(agent, f"Failure {n}", days_ago=n + 1, csat=3), agent)
    case = case_of(agent, "Anniversary vase arrived broken")
    assert queries(case) == queries(first)
