"""Who is this customer? From a case, the agent sees beside the customer's name how often
we failed them and what they received, follows the link to the customer page, and reads
every case, remedy, survey answer and incident there — at 1280 and 390 px wide."""

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from ..cases.test_customer_page import case_of, give_remedy
from ..factories import make_user
from ..incidents.helpers import make_incident
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def date(case) -> str:
    return dateformat.format(timezone.localtime(case.created_at), "j M Y")


def test_the_agent_reads_who_the_customer_is_from_the_case(live_server, page, screenshot):
    from incidents import linking

    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    manager = make_user("manager", email="sam@desk.test")
    case_of(agent, "Wrong size, first time", days_ago=200, status="closed", csat=4)
    late = case_of(agent, "Parcel three weeks late", days_ago=40, status="closed", csat=2,
                   comment="Three weeks, and nobody wrote to me.")
    give_remedy(late, agent)
    outage = case_of(agent, "Could not pay at checkout", days_ago=12)
    linking.link(make_incident(manager), [outage], by=manager)
    case = case_of(agent, "Anniversary vase arrived broken")

    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    history = page.locator("#customer-history")
    expect(history).to_contain_text("3 earlier cases")
    expect(history).to_contain_text(f"last: {outage.reference}, Open")
    expect(history.locator(".repeated")).to_have_text("3 cases in 90 days — we keep failing them")
    expect(history).to_contain_text("Received this year: 100.00 EUR")
    screenshot("customer-history-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(history).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("customer-history-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="All their cases, remedies and surveys").click()
    expect(page.get_by_role("heading", name="Inès Moreau")).to_be_visible()
    expect(page.get_by_text("Gold tier")).to_be_visible()
    cases = page.locator("#customer-cases")
    expect(cases.locator("tbody tr")).to_have_count(4)
    expect(cases).to_contain_text("3 cases in 90 days: we keep failing this customer")
    expect(cases.get_by_role("row", name=late.reference)).to_contain_text("CSAT 2/5")
    remedies = page.locator("#customer-remedies")
    expect(remedies).to_contain_text("Extra: Gift, A hand-painted vase cloth")
    expect(remedies.locator(".remedy-totals")).to_contain_text(
        "value to them 100.00 EUR · cost to us 49.00 EUR (1 remedy)")
    expect(page.locator("#customer-incidents")).to_contain_text("Checkout outage")
    expect(page.locator("#customer-surveys")).to_contain_text(
        "Three weeks, and nobody wrote to me.")
    screenshot("customer-page-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the table does not scroll sideways on a phone: status, date and score under the title
    table = cases.locator(".table-responsive")
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(cases.get_by_role("row", name=late.reference)).to_contain_text(
        f"Closed · opened {date(late)} · CSAT 2/5")
    screenshot("customer-page-390")

    page.get_by_role("link", name=late.reference).first.click()
    expect(page.get_by_role("heading", name="Parcel three weeks late")).to_be_visible()
