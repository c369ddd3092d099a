"""The queue's bulk bar and saved views in headless Chromium: an agent chooses rows (one by
one and all on the page), assigns them to a colleague in one go, lands on the same queue,
then saves a filtered queue as a view and opens it again."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from cases.models import Case, CaseEvent, EventKind, SavedView

from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_agent_assigns_chosen_cases_in_bulk_and_saves_a_view(live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    make_user(Role.AGENT, email="sam@desk.test", first_name="Sam", last_name="Second")
    cases = [CaseFactory(by=agent, title=f"Parcel {n} arrived crushed",
                         severity="high" if n % 2 else "medium") for n in range(5)]

    sign_in(page, live_server, agent.email)
    page.goto(f"{live_server.url}/cases/?sort=oldest")
    count = page.locator("#bulk-count")
    assign = page.get_by_role("button", name="Assign", exact=True)
    expect(count).to_have_text("None chosen")
    expect(assign).to_be_disabled()  # nothing chosen yet

    choose_all = page.get_by_label("Choose all on this page")
    choose_all.check()
    expect(count).to_have_text("5 chosen")
    choose_all.uncheck()
    expect(count).to_have_text("None chosen")
    page.get_by_label(f"Choose {cases[0].reference}").check()
    page.get_by_label(f"Choose {cases[1].reference}").check()
    expect(count).to_have_text("2 chosen")
    expect(choose_all).to_have_js_property("indeterminate", True)
    expect(assign).to_be_enabled()

    # Assign without saying to whom: the browser asks, nothing is sent
    assign.click()
    expect(page.get_by_label("Assign to")).to_have_js_property(
        "validationMessage", "Choose who to assign the cases to.")
    assert page.url.endswith("/cases/?sort=oldest")

    page.get_by_label("Assign to").select_option(label="Sam Second")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"queue-bulk-chosen-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    assign.click()
    expect(page.get_by_role("status").first).to_have_text(
        f"2 cases assigned to Sam Second: {cases[0].reference}, {cases[1].reference}.")
    assert page.url.endswith("/cases/?sort=oldest")  # the same queue, as it was sorted
    expect(page.locator("#bulk-count")).to_have_text("None chosen")
    assert set(Case.objects.filter(assignee__email="sam@desk.test")) == set(cases[:2])
    assert CaseEvent.objects.filter(kind=EventKind.ASSIGNED, case__in=cases[:2]).count() == 2

    # Enter in the tag box adds the tag (and never sets off "Assign", the first button)
    page.get_by_label(f"Choose {cases[2].reference}").check()
    page.get_by_label("Tag").fill("vip")
    page.get_by_label("Tag").press("Enter")
    expect(page.get_by_role("status").first).to_have_text(
        f"1 case tagged “vip”: {cases[2].reference}.")
    assert Case.objects.get(pk=cases[2].pk).tags == ["vip"]
    assert Case.objects.get(pk=cases[2].pk).assignee is None

    # A filtered queue saved as a view, then opened from the plain queue
    page.goto(f"{live_server.url}/cases/?severity=high&sort=oldest")
    page.get_by_text("Save this view").click()
    page.get_by_label("Name of the view").fill("High, oldest first")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot("queue-save-view-form-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_role("status").first).to_have_text("View “High, oldest first” saved.")
    saved = page.get_by_role("navigation", name="Saved views").get_by_role(
        "link", name="High, oldest first")
    expect(saved).to_have_attribute("aria-current", "page")
    assert SavedView.objects.get().query == "severity=high&sort=oldest"

    page.get_by_role("link", name="Queue").first.click()
    expect(saved).not_to_have_attribute("aria-current", "page")
    expect(page.locator("tbody tr")).to_have_count(5)
    saved.click()
    expect(page).to_have_url(re.compile(r"/cases/\?severity=high&sort=oldest$"))
    expect(saved).to_have_attribute("aria-current", "page")
    expect(page.locator("tbody tr")).to_have_count(2)  # cases 1 and 3 are high
    expect(page.get_by_label("Severity", exact=True).first).to_have_value("high")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"queue-saved-view-{width}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Manage views").click()
    page.get_by_label("New name for “High, oldest first”").fill("Urgent")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("status").first).to_have_text("View renamed “Urgent”.")
    screenshot("queue-saved-views-page-1280")
    page.get_by_role("button", name="Delete “Urgent”").click()
    expect(page.get_by_role("status").first).to_have_text("View “Urgent” deleted.")
    assert not SavedView.objects.exists()


def test_the_bar_works_without_javascript(live_server, page):
    agent = make_user(email="noor@desk.test", first_name="Noor")
    cases = [CaseFactory(by=agent, severity="low") for _ in range(2)]
    plain = page.context.browser.new_context(java_script_enabled=False,
                                             viewport={"width": 1280, "height": 900})
    try:
        page = plain.new_page()
        sign_in(page, live_server, agent.email)
        expect(page.get_by_label("Choose all on this page")).to_be_hidden()  # needs the script
        expect(page.locator("#bulk-count")).to_have_text(
            "Tick the cases to change, then choose what to do.")
        page.get_by_role("button", name="Set severity").click()  # nothing chosen: told so
        expect(page.get_by_role("status").first).to_have_text(
            "Choose at least one case: tick it in the queue.")
        page.get_by_label(f"Choose {cases[1].reference}").check()
        page.get_by_label("Severity", exact=True).last.select_option("critical")
        page.get_by_role("button", name="Set severity").click()
        expect(page.get_by_role("status").first).to_have_text(
            f"1 case set to critical severity: {cases[1].reference}.")
        assert [c.severity for c in Case.objects.order_by("pk")] == ["low", "critical"]
    finally:
        plain.close()
