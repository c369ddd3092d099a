"""An agent revokes a customer's links on the case page; the old link then says it no longer
works, the new one opens the status page under the customer's title. Headless Chromium
against the live server (see this folder's conftest); screenshots in tests/artifacts/."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cases import links

from ..factories import CaseFactory, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_agent_revokes_the_links_and_the_customer_follows_the_new_one(
    live_server, page, screenshot
):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = CaseFactory(by=agent, assignee=agent, title="VIP - refund fraud?",
                       customer_title="Your replacement kettle")
    old = live_server.url + urlsplit(links.issue(case, links.STATUS)).path

    page.goto(old)
    expect(page.get_by_role("heading", name="Your replacement kettle")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("fraud")
    screenshot("customer_status")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("noor@desk.test")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("They read: Your replacement kettle")
    page.get_by_role("button", name="Revoke the customer’s links").click()
    expect(page.get_by_role("heading", name="The customer’s links no longer work")).to_be_visible()
    screenshot("links_revoked")
    new = page.locator("main a.font-monospace, main p.font-monospace a").last.get_attribute("href")

    page.goto(old)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    screenshot("customer_link_gone")
    page.goto(live_server.url + urlsplit(new).path)
    expect(page.get_by_role("heading", name="Your replacement kettle")).to_be_visible()
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#timeline")).to_contain_text("Customer's links revoked")
