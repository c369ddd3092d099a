"""An agent signs in, logs a case, and finds it in the queue — in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case

from ..factories import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_agent_logs_a_case_and_sees_it_in_the_queue(live_server, page, screenshot):
    make_user(email="alex@desk.test", first_name="Alex", last_name="Rivera")

    page.goto(f"{live_server.url}/cases/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/cases/"))
    page.get_by_label("Email").fill("alex@desk.test")
    page.get_by_label("Password").fill("correct horse battery")
    screenshot("1-sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/cases/")
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()

    page.get_by_role("link", name="Log a case").first.click()
    expect(page).to_have_url(f"{live_server.url}/cases/new/")
    page.get_by_label("Customer email").fill("dara.murphy@example.ie")
    page.get_by_label("Customer name").fill("Dara Murphy")
    page.get_by_label("Title").fill("Installer did not turn up")
    page.get_by_label("Description").fill("I took a day off work and nobody came or called.")
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Category").select_option("other")
    page.get_by_label("Severity").select_option("high")
    screenshot("2-log-a-case")
    page.get_by_role("button", name="Log case").click()

    case = Case.objects.get()
    expect(page).to_have_url(f"{live_server.url}/cases/{case.reference}/")
    expect(page.get_by_text(f"Case {case.reference} logged.")).to_be_visible()
    expect(page.get_by_role("heading", name="Installer did not turn up")).to_be_visible()
    next_step = page.locator(".stepper li[aria-current=step]")
    expect(next_step).to_contain_text("Restore lost value")
    expect(page.locator("#timeline")).to_contain_text("Case opened")
    expect(page.locator("#timeline")).to_contain_text("Alex Rivera")
    screenshot("3-case-page")

    page.get_by_role("link", name="Queue").first.click()
    row = page.locator("tbody tr", has_text=case.reference)
    expect(row).to_contain_text("Installer did not turn up")
    expect(row).to_contain_text("Dara Murphy")
    expect(row).to_contain_text("High")
    screenshot("4-queue")

    page.get_by_label("Severity").select_option("low")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No cases match these filters.")).to_be_visible()

    page.get_by_label("Severity").select_option("high")
    page.get_by_label("Search").fill("installer")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr", has_text=case.reference)).to_be_visible()
    screenshot("5-queue-filtered")
    assert case.customer.email == "dara.murphy@example.ie"
    assert case.assignee.email == "alex@desk.test"
