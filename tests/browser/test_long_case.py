"""A case with a long history in headless Chromium: the newest 20 events and messages show,
and "Show earlier" pages back, at a desk's width and a phone's. Screenshots:
/tmp/shots/long-case-*.png."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..cases.test_case_page_cost import long_history
from ..factories import make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.acknowledging,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_agent_pages_back_through_a_long_history(page, live_server, width):
    agent = make_user("agent", email="long@desk.test", first_name="Lee", last_name="Long")
    case = long_history(agent)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, agent.email)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    timeline, conversation = page.locator("#timeline"), page.locator("#conversation")
    expect(timeline.locator("ol.timeline > li")).to_have_count(20)
    expect(timeline).to_contain_text("Note number 300.")
    expect(conversation.locator("li.message")).to_have_count(20)
    expect(conversation).to_contain_text("Update number 100.")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"long-case-{width}.png"), full_page=True)

    timeline.get_by_role("link", name="Show earlier events").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Note number 280.")
    expect(timeline).not_to_contain_text("Note number 281.")
    expect(timeline.get_by_role("link", name="Show the latest events")).to_be_visible()
    page.locator("#conversation").get_by_role("link", name="Show earlier messages").click()
    expect(page.locator("#conversation")).to_contain_text("Update number 80.")
    expect(page.locator("#conversation")).not_to_contain_text("Update number 81.")
    expect(page.locator("#timeline")).to_contain_text("Note number 280.")  # still paged back
    timeline.screenshot(path=str(SHOTS / f"long-case-{width}-earlier.png"))
