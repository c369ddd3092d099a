"""The customer opens the status page from our email, reads where the case is, our messages
and our promises, and writes back; the agent sees the reply on the case page. Headless
Chromium against the live server (see this folder's conftest); screenshots at a desktop and
a phone's width in /tmp/shots/status-*.png."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from cases import links, work
from conversation import writing

from ..factories import CaseFactory, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.acknowledging,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots")
LONG_WORD = "https://example.com/orders/" + "A1B2C3D4" * 12  # no place to break a line


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"status-{name}-{width}.png"), full_page=True)
        # Nothing wider than the window: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_customer_reads_the_page_and_writes_back(live_server, page):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = CaseFactory(by=agent, assignee=agent, title="VIP - refund fraud?",
                       customer_title="Your replacement kettle")
    writing.send(case, "update", "We found your order. A new kettle leaves our warehouse "
                 f"tomorrow.\nYour order: {LONG_WORD}", by=agent)
    with transaction.atomic():
        promise = work.add_commitment(case, "Refund the delivery charge",
                                      timezone.now() + timedelta(days=1), by=agent)
    work.add_commitment(case, "Send a replacement kettle by courier",
                        timezone.now() + timedelta(days=3), by=agent)
    work.keep_commitment(promise, by=agent)
    writing.send(case, "question", "Is the address on your order still right?", by=agent)
    status = live_server.url + urlsplit(links.issue(case, links.STATUS)).path

    page.goto(status)
    expect(page.get_by_role("heading", name="Your replacement kettle")).to_be_visible()
    expect(page.locator("#waiting-on-you")).to_contain_text("waiting for your answer")
    expect(page.locator("#next-contact")).to_contain_text("You will hear from us by")
    expect(page.locator("#promises")).to_contain_text("Kept")
    expect(page.locator("#promises")).to_contain_text("Not yet due")
    expect(page.locator("#conversation")).to_contain_text("A new kettle leaves our warehouse")
    expect(page.locator("body")).not_to_contain_text("fraud")
    expect(page.locator("body")).not_to_contain_text("Noor")
    shoot(page, "page")

    page.get_by_role("button", name="Send message").click()  # empty: the browser stops it
    expect(page).to_have_url(status)
    page.get_by_label("Your message").fill("Yes, the address is right.\n<b>Thank you</b>")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: we have your message. "
                                                       "The person looking after your case "
                                                       "will read it")
    reply = page.locator("#conversation article").last
    expect(reply).to_contain_text("You wrote")
    expect(reply).to_contain_text("<b>Thank you</b>")  # as text, not bold
    expect(page.locator("#waiting-on-you")).to_have_count(0)
    shoot(page, "replied")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("noor@desk.test")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#timeline")).to_contain_text("The customer wrote")
    expect(page.locator("#timeline")).to_contain_text("<b>Thank you</b>")
