"""The insights dashboard in headless Chromium: a manager opens it from the nav, picks a
date range, reads the charts and tables, and downloads a figure's CSV; an agent sees only
their own cases."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role

from ..factories import make_user
from ..insights.helpers import small_desk
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_reads_the_dashboard_and_downloads_a_csv(live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    other = make_user(email="kim@desk.test", first_name="Kim", last_name="Ito")
    manager = make_user(Role.MANAGER, email="mara@desk.test", first_name="Mara")
    small_desk(agent, other)

    sign_in(page, live_server, manager.email)
    page.get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights")).to_be_visible()
    page.get_by_label("From", exact=True).fill("2026-02-02")
    page.get_by_label("To", exact=True).fill("2026-02-15")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Everyone's cases. 2 Feb 2026 – 15 Feb 2026")).to_be_visible()

    stalls = page.get_by_role("region", name="Where cases stall")
    expect(stalls.get_by_role("img", name="Where cases stall")).to_be_visible()
    expect(stalls.get_by_role("row", name="Restore lost value")).to_contain_text("3.6")
    surveys = page.get_by_role("region", name="Survey scores after recovery")
    expect(surveys).to_contain_text("Recovered customers scored 4.50 on average")
    at_risk = page.get_by_role("region", name="Customers failed more than once")
    expect(at_risk.get_by_role("row", name="Ann Lee")).to_contain_text("ann@example.com")
    screenshot("insights-1-manager")

    with page.expect_download() as download:
        stalls.get_by_role("link", name="CSV").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "Step,Completed,Median hours,90th percentile hours,Open cases waiting now"
    assert lines[1] == "Restore lost value,3,2.0,3.6,1"

    # A bad range is explained next to the field, and nothing is drawn.
    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("“From” must be on or before “To”.")).to_be_visible()
    expect(page.locator("svg")).to_have_count(0)

    # The agent's own dashboard leaves out the other agent's case.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, agent.email)
    page.goto(f"{live_server.url}/insights/?from=2026-02-02&to=2026-02-15")
    expect(page.get_by_text("Your cases only")).to_be_visible()
    opened = page.get_by_role("region", name="Cases opened and resolved")
    expect(opened.get_by_role("row", name="9 Feb 2026")).to_contain_text("1")
    screenshot("insights-2-agent")
