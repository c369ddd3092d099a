"""Approvals don't freeze the apology, in headless Chromium: an agent with a low approval
limit proposes a costly remedy and writes steps 2–5 while it waits; Send is blocked until a
manager approves in /approvals/; then the agent sends. On a second case the manager
declines, and the agent sees step 1 again with the manager's note."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from cases.intake import CustomerDetails
from cases.models import Case

from ..apologies.steps import GOOD
from ..factories import CaseFactory, make_user
from .test_apology_journey import complete_step, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LATER = [("Our acknowledgement", "acknowledge"), ("What went wrong", "explain"),
         ("What we fixed", "fix"), ("Our apology", "regret")]


def propose_costly_remedy(page):
    page.get_by_label("What we offer the customer").fill(
        "We will replace the vase with the hand-made edition, delivered by courier tomorrow.")
    page.get_by_label("Remedy").select_option("replacement")
    page.get_by_label("Value to the customer").fill("600.00")
    page.get_by_label("Cost to us").fill("300.00")
    page.get_by_role("button", name="Complete step").click()
    expect(page.get_by_role("status").first).to_contain_text("above your approval limit")


def stepper(page):
    return page.locator("ol.stepper > li")


@pytest.fixture
def people():
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    agent.approval_limit = Decimal("50.00")
    agent.save()
    manager = make_user(Role.MANAGER, email="morgan@desk.test", first_name="Morgan",
                        last_name="Lee")
    return agent, manager


def test_steps_go_on_while_the_remedy_waits_and_send_waits_for_the_approval(
        live_server, page, screenshot, people):
    agent, _ = people
    case = CaseFactory(title="Anniversary vase arrived broken", by=agent, assignee=agent,
                       customer=CustomerDetails(email="ines@example.fr", name="Inès Moreau"))
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    propose_costly_remedy(page)
    expect(stepper(page).nth(0)).to_contain_text("Waiting for approval")
    expect(stepper(page).nth(1)).to_contain_text("Next")
    expect(page.locator("#remedy-waiting")).to_contain_text("Go on with the other steps")
    screenshot("approval-1-waiting-step-2-next")

    for label, key in LATER:
        complete_step(page, label, GOOD[key]["content"])
        expect(page.get_by_role("status").first).to_contain_text("completed")
    expect(stepper(page)).to_contain_text(["Waiting for approval", "Done", "Done", "Done",
                                           "Done"])
    expect(page.get_by_role("link", name="Preview and send")).to_have_count(0)
    screenshot("approval-2-four-steps-written-while-waiting")

    page.get_by_role("link", name="Preview", exact=True).click()
    expect(page.get_by_role("heading", name="Preview the apology")).to_be_visible()
    expect(page.locator("#send-refusal")).to_contain_text("waiting for a manager's approval")
    expect(page.get_by_role("button", name="Send apology")).to_be_disabled()
    screenshot("approval-3-send-blocked")

    # The manager approves in /approvals/ (a second browser context).
    manager_page = page.context.browser.new_context(
        viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager_page, live_server, "morgan@desk.test")
    manager_page.goto(f"{live_server.url}/approvals/")
    expect(manager_page.get_by_text(case.reference)).to_be_visible()
    manager_page.get_by_label("Note to the agent").fill("Worth it for an anniversary.")
    manager_page.screenshot(path=str(screenshot.folder / "approval-4-manager-approves.png"),
                            full_page=True)
    manager_page.get_by_role("button", name="Approve remedy").click()
    expect(manager_page.get_by_role("status").first).to_contain_text("approved")
    manager_page.context.close()

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(stepper(page)).to_contain_text(["Done"] * 5)
    page.get_by_role("link", name="Preview and send").click()
    expect(page.get_by_role("button", name="Send apology")).to_be_enabled()
    page.get_by_role("button", name="Send apology").click()
    expect(page.locator("#apology-sent")).to_contain_text("Apology sent to ines@example.fr on")
    screenshot("approval-5-sent")
    assert Case.objects.get(pk=case.pk).stage == "sent"


def test_a_declined_remedy_brings_the_agent_back_to_step_one_with_the_note(
        live_server, page, screenshot, people):
    agent, _ = people
    case = CaseFactory(title="Wrong size sent twice", by=agent, assignee=agent)
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    propose_costly_remedy(page)
    for label, key in LATER[:2]:
        complete_step(page, label, GOOD[key]["content"])

    manager_page = page.context.browser.new_context().new_page()
    sign_in(manager_page, live_server, "morgan@desk.test")
    manager_page.goto(f"{live_server.url}/approvals/")
    manager_page.get_by_label("Note to the agent").fill(
        "Too much for a vase: offer a refund and a voucher.")
    manager_page.get_by_role("button", name="Decline remedy").click()
    expect(manager_page.get_by_role("status").first).to_contain_text("declined")
    manager_page.context.close()

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(stepper(page)).to_contain_text(["Next", "Done", "Done", "To do", "To do"])
    declined = page.locator("#step-restore_value #remedy-declined")
    expect(declined).to_contain_text("Too much for a vase: offer a refund and a voucher.")
    expect(page.locator("#step-restore_value").get_by_label(
        "What we offer the customer")).to_be_visible()
    screenshot("approval-6-declined-back-to-step-1")
    assert Case.objects.get(pk=case.pk).stage == "restore_value"
