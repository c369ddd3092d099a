"""Issue 20, incidents, in headless Chromium at 1280 and 390 px: "Send to all" asks first
(how many customers, one apology as it will read, the warnings), a customer with two cases
gets one apology through a real worker, the linked cases' states change on the page when the
run ends without a reload, and a case page offers no incident ready-chosen."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from apologies import flow
from apologies.models import ApologyMessage
from cases.intake import CustomerDetails

from ..apologies.steps import GOOD, complete
from ..factories import CaseFactory, make_user
from ..incidents.helpers import make_incident
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _both_widths(page, screenshot, name):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.real_worker
def test_send_to_all_asks_first_and_a_customer_with_two_cases_gets_one_apology(
        live_server, page, screenshot, celery_worker_process):
    manager = make_user(Role.MANAGER, email="mara@desk.test", first_name="Mara")
    agent = make_user(email="noor@desk.test", first_name="Noor")
    kim = CustomerDetails(email="kim@example.com", name="Kim Lee", tier="gold")
    with time_machine.travel(timezone.now() - timedelta(days=2), tick=False):
        kim_first = CaseFactory(by=agent, customer=kim, title="Order 1 failed at checkout")
    kim_second = CaseFactory(by=agent, customer=kim, title="Order 2 failed at checkout")
    ada = CaseFactory(by=agent, title="Checkout failed",
                      customer=CustomerDetails(email="ada@example.com", name="Ada Park"))
    waiting = CaseFactory(by=agent, title="Checkout failed twice")
    answered = CaseFactory(by=agent, title="Checkout failed, answered by phone")
    # a caution in the part everyone reads: confirmed on the confirmation page
    incident = make_incident(
        manager, explanation="Our hosting provider had an outage in its data centre.")
    from incidents import linking

    linking.link(incident, [kim_first, kim_second, ada, waiting, answered], by=agent)
    flow.complete_step(waiting, "restore_value", {**GOOD["restore_value"],
                                                  "cost": Decimal("900.00")}, by=agent)
    complete(answered, by=agent)
    flow.send_apology(answered, by=agent)

    sign_in(page, live_server, manager.email)
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    page.get_by_role("link", name="Send to all").click()

    expect(page.get_by_role("heading", name=f"Send the apology of {incident.reference} to all")
           ).to_be_visible()
    expect(page.locator("#send-summary")).to_contain_text("2 customers will get one apology each")
    expect(page.locator("#sample-text")).to_contain_text("Kim Lee")
    expect(page.locator("#sample-text")).to_contain_text("40 euro credit")  # gold tier
    expect(page.locator("#sample-subject")).to_contain_text(f"[{kim_first.reference}]")
    expect(page.locator("#warn-several")).to_contain_text(
        f"{kim_first.reference}, answering {kim_second.reference}")
    expect(page.locator("#warn-awaiting")).to_contain_text(waiting.reference)
    expect(page.locator("#warn-answered")).to_contain_text("1 already answered: skipped")
    expect(page.locator("#warn-answered")).to_contain_text(
        f"{answered.reference}: its apology was sent")
    _both_widths(page, screenshot, "incident-confirm")
    assert ApologyMessage.objects.count() == 1  # nothing sent by looking

    page.get_by_role("checkbox").check()  # "Keep “provider”: …"
    page.get_by_role("button", name="Send 2 apologies").click()
    expect(page.get_by_role("status").first).to_contain_text("Sending the apologies")
    counts = page.locator("#bulk-counts")
    expect(counts).to_contain_text("5 of 5 done: 2 sent, 1 answered with the customer's other "
                                   "case, 1 skipped, 1 failed", timeout=60_000)
    # the table changed with the run's end, without a reload
    table = page.locator("#linked-cases")

    def rows(case):
        return table.get_by_role("row", name=re.compile(f"^{case.reference}"))

    expect(rows(kim_first)).to_contain_text("Apology sent")
    expect(rows(kim_first)).not_to_contain_text("personalised")  # the default, written
    expect(rows(kim_second)).to_contain_text(
        f"Answered with {kim_first.reference}")
    expect(rows(waiting)).to_contain_text("approval")
    _both_widths(page, screenshot, "incident-after-run")
    assert sorted(ApologyMessage.objects.exclude(case=answered).values_list(
        "to_email", flat=True)) == ["ada@example.com", "kim@example.com"]


def test_a_case_page_offers_no_incident_ready_chosen(live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor")
    incident = make_incident(agent)
    case = CaseFactory(by=agent, title="Parcel arrived late")

    sign_in(page, live_server, agent.email)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    caused_by = page.get_by_label("Caused by")
    expect(caused_by).to_have_value("")
    expect(caused_by.locator("option:checked")).to_have_text("Choose the incident…")
    section = page.locator("section[aria-labelledby=incident-heading]")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        section.screenshot(path=str(screenshot.folder / f"case-caused-by-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # "Add to incident" without choosing one links nothing (the browser asks to choose)
    page.get_by_role("button", name="Add to incident").click()
    case.refresh_from_db()
    assert case.incident is None
    caused_by.select_option(label=f"{incident.reference} {incident.title}")
    page.get_by_role("button", name="Add to incident").click()
    expect(page.get_by_role("status").first).to_contain_text(f"added to {incident.reference}")
    case.refresh_from_db()
    assert case.incident == incident
