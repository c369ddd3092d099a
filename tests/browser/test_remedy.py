"""The restore-value step in the browser: the remedy in two parts, what the customer asked for
beside it, the totals and the value per unit of cost updating as the agent types (htmx), the
warning while there is no extra, and the step's summary on the case page — at 1280 and 390
px wide."""

import pytest
from playwright.sync_api import expect

from apologies.models import ApologyStep
from cases.intake import CustomerDetails

from ..apologies.steps import GOOD
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_agent_adds_an_extra_and_sees_the_ratio_beside_the_customers_request(
        live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = CaseFactory(
        title="Anniversary vase arrived broken", by=agent, assignee=agent,
        remedy_requested="A new vase before Friday, please.",
        customer=CustomerDetails(email="ines@example.fr", name="Inès Moreau", tier="gold"),
    )
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}/cases/{case.reference}/steps/restore_value/")

    asked = page.locator(f"#customer-asked-{case.reference}")
    expect(asked).to_contain_text("The customer asked for:")
    expect(asked).to_contain_text("A new vase before Friday, please.")
    summary = page.locator("#remedy-summary")
    expect(summary).to_contain_text("No extra yet")

    page.get_by_label("What we offer the customer").fill(GOOD["restore_value"]["content"])
    page.get_by_label("Remedy").select_option("replacement")
    page.get_by_label("Value to the customer").fill("80.00")
    page.get_by_label("Cost to us").fill("45.00")
    expect(summary.locator(".ratio-figure")).to_have_text("1.78")  # 80 / 45, live
    expect(summary.locator(".no-extra")).to_be_visible()
    screenshot("remedy-no-extra-1280")

    page.get_by_label("Extra", exact=True).select_option("gift")
    page.get_by_label("What the extra is").fill("A hand-painted vase cloth")
    page.get_by_label("Worth to the customer").fill("20.00")
    page.get_by_label("Costs us").fill("4.00")
    expect(summary.locator(".ratio-figure")).to_have_text("2.04")  # 100 / 49
    expect(summary).to_contain_text("The extra alone: 5.00 per unit of cost.")
    expect(summary).not_to_contain_text("No extra yet")

    # Beside each other at 1280 px: the request to the right of the remedy's fields.
    fields = page.locator(".remedy-fields").bounding_box()
    box = asked.bounding_box()
    assert box["x"] > fields["x"] + fields["width"] - 1
    assert summary.bounding_box()["y"] > box["y"]
    screenshot("remedy-extra-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    # Stacked on a phone: the request first, then the fields, then the totals.
    assert asked.bounding_box()["y"] < page.locator(".remedy-fields").bounding_box()["y"]
    assert summary.bounding_box()["y"] > page.locator(".remedy-fields").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("remedy-extra-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Complete step").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Step 1 “Restore lost value” completed.")
    facts = page.locator("#step-restore_value .remedy-facts")
    expect(facts).to_contain_text("Extra: Gift, A hand-painted vase cloth")
    expect(facts).to_contain_text("value per unit of cost 2.04")
    step = ApologyStep.objects.get(case=case, key="restore_value")
    assert (step.extra_type, str(step.total_cost)) == ("gift", "49.00")
    screenshot("remedy-extra-case-page")


def test_the_manager_weighs_a_waiting_remedy_with_its_extra(live_server, page, screenshot,
                                                             settings):
    from decimal import Decimal

    from apologies import flow

    settings.APPROVAL_LIMIT = Decimal("40.00")
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    make_user(role="manager", email="morgan@desk.test", first_name="Morgan", last_name="Lee")
    case = CaseFactory(
        title="Anniversary vase arrived broken", by=agent, assignee=agent,
        remedy_requested="A new vase before Friday, please.",
        customer=CustomerDetails(email="ines@example.fr", name="Inès Moreau", tier="silver"),
    )
    flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"], "extra_type": "gift",
        "extra_description": "A hand-painted vase cloth",
        "extra_value_to_customer": Decimal("20.00"), "extra_cost": Decimal("4.00")}, by=agent)
    sign_in(page, live_server, "morgan@desk.test")
    page.goto(f"{live_server.url}/approvals/")
    card = page.locator(".card", has_text=case.reference)
    expect(card).to_contain_text("Refund and gift")
    expect(card).to_contain_text("cost to us 49.00 EUR in all")
    expect(card).to_contain_text("value per unit of cost 2.04")
    expect(card).to_contain_text("A new vase before Friday, please.")
    screenshot("remedy-approval-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("remedy-approval-390")
