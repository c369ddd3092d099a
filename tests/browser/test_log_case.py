"""An agent signs in, logs a case through the form, reads its page and finds it in the queue.

Driven in headless Chromium against the live server; the `page` and `screenshot` fixtures are
in this folder's conftest (skip without Chromium, fail instead when REQUIRE_BROWSER_TESTS=1).
Screenshots land in tests/artifacts/.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Category

from ..factories import CaseFactory, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"
TITLE = "Replacement kettle sent to the wrong address"
REFERENCE = re.compile(r"^SR-\d{4}-\d{6}$")
STEPS = [
    "Restore lost value",
    "Acknowledge responsibility",
    "Explain the problem",
    "Describe the fix",
    "Express regret",
]


def test_agent_logs_a_case_from_the_form_and_finds_it_in_the_queue(
    live_server, page, screenshot
):
    make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    # An earlier, unassigned low-severity case already waits in the queue, so the filters
    # have something to leave out.
    other = CaseFactory(
        title="Invoice charged twice",
        severity="low",
        category=Category.objects.get(slug="billing"),
    )

    # 1. Sign in.
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill("noor@desk.test")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot("login")
    page.get_by_role("button", name="Sign in").click()

    # 2. The queue: the earlier case is there, ours is not yet.
    expect(page).to_have_url(f"{live_server.url}/cases/")
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text(other.reference)

    # 3. Log a case by the form's labels.
    page.get_by_role("main").get_by_role("link", name="Log a case").click()
    expect(page).to_have_url(f"{live_server.url}/cases/new/")
    expect(page.get_by_role("heading", name="Log a case")).to_be_visible()
    page.get_by_label("Customer email").fill("Ines.Moreau@Example.fr")
    page.get_by_label("Customer name").fill("Inès Moreau")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(
        "Ordered a replacement after the first kettle leaked; it went to my old flat."
    )
    page.get_by_label("Channel").select_option(label="Chat")
    page.get_by_label("Category").select_option(label="Shipping and delivery")
    page.get_by_label("Severity").select_option(label="High")
    screenshot("new_case")
    page.get_by_role("button", name="Log case").click()

    # 4. The case page: reference, title, the stepper with step 1 next, the timeline.
    expect(page).to_have_url(re.compile(r"/cases/SR-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert REFERENCE.match(reference)
    expect(page.get_by_role("status").first).to_have_text(f"Case {reference} logged.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(reference)
    steps = page.locator(".stepper > li")
    expect(steps).to_have_count(5)
    for number, label in enumerate(STEPS):
        expect(steps.nth(number)).to_contain_text(label)
    current = page.locator('.stepper > li[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Restore lost value")
    expect(current).to_contain_text("Next")
    timeline = page.locator("#timeline")
    expect(timeline.locator("li").first).to_contain_text("Case opened")
    expect(timeline).to_contain_text("Noor Haddad")
    screenshot("case_page")

    # The row behind what the browser showed.
    case = Case.objects.select_related("customer", "category", "assignee").get(
        reference=reference
    )
    assert case.title == TITLE
    assert case.customer.email == "ines.moreau@example.fr"
    assert case.customer.name == "Inès Moreau"
    assert (case.channel, case.category.slug, case.severity) == ("chat", "shipping", "high")
    assert case.assignee.email == "noor@desk.test"
    assert case.stage == "restore_value"
    assert Case.objects.count() == 2

    # 5. Back to the queue: both cases, ours first (newest first).
    page.get_by_role("navigation").get_by_role("link", name="Queue").first.click()
    expect(page).to_have_url(f"{live_server.url}/cases/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    ours = rows.filter(has_text=reference)
    expect(ours).to_contain_text(TITLE)
    expect(ours).to_contain_text("Inès Moreau")
    expect(ours).to_contain_text("High")
    expect(rows.first).to_contain_text(reference)
    screenshot("queue")

    filters = page.get_by_role("form", name="Filter the queue")

    # Severity "High": ours stays, the low one goes.
    filters.get_by_label("Severity").select_option(label="High")
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]severity=high(&|$)"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(reference)
    expect(rows.first).to_contain_text(TITLE)

    # Plus a search for a word of our title: still shown.
    filters.get_by_label("Search").fill("kettle")
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]q=kettle(&|$)"))
    expect(filters.get_by_label("Search")).to_have_value("kettle")
    expect(filters.get_by_label("Severity")).to_have_value("high")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(reference)
    screenshot("queue_filtered")

    # A search for the other case's title, still limited to "High": nothing matches.
    filters.get_by_label("Search").fill("invoice")
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]q=invoice(&|$)"))
    expect(page.get_by_text("No cases match these filters.")).to_be_visible()
    expect(page.get_by_role("link", name=reference)).to_have_count(0)

    # Severity "Low" with no search: only the other case, ours is gone.
    filters.get_by_label("Search").fill("")
    filters.get_by_label("Severity").select_option(label="Low")
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]severity=low(&|$)"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(other.reference)
    expect(page.get_by_role("link", name=reference)).to_have_count(0)

    # Searching by the reference finds ours again.
    filters.get_by_label("Severity").select_option(label="Any severity")
    filters.get_by_label("Search").fill(reference.lower())
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(rf"[?&]q={reference.lower()}(&|$)"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE)
