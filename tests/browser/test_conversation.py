"""An agent logs a case and talks to the customer on its page: the acknowledgement went out
at intake, then a question and an update, each shown with its delivery state — in headless
Chromium, at a desk's width and a phone's. Screenshots: /tmp/shots/case-*.png.

The live server runs in the test's process, with Celery eager: each email is handed to
Django's outbox (`mail.outbox`) as the request that queued it commits."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from apologies import flow, surveys
from cases.models import Case
from conversation import delivery
from conversation.models import Message

from ..apologies.steps import complete
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.acknowledging,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots")
LONG_LINK = "https://shop.example.com/orders/" + "A1B2C3D4E5" * 8


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.locator("#conversation").screenshot(path=str(SHOTS / f"case-{name}.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"case-{name}-top.png"))  # the banners
    page.screenshot(path=str(SHOTS / f"case-{name}-page.png"), full_page=True)


def no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


def send(page, kind, text):
    conversation = page.locator("#conversation")
    conversation.get_by_label(kind, exact=True).check()
    conversation.get_by_label("Message to the customer").fill(text)
    conversation.get_by_role("button", name="Send message").click()


def test_agent_sees_the_acknowledgement_then_asks_and_updates(live_server, page):
    make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Customer email").fill("ines@example.fr")
    page.get_by_label("Customer name").fill("Inès Moreau")
    page.get_by_label("Title").fill("Anniversary vase arrived broken")
    page.get_by_label("Description").fill(
        f"The vase was in pieces.\nMy order: {LONG_LINK}")
    page.get_by_label("Channel").select_option(label="Email")
    page.get_by_label("Category").select_option(label="Shipping and delivery")
    page.get_by_label("Severity").select_option(label="High")
    page.get_by_role("button", name="Log case").click()
    expect(page).to_have_url(re.compile(r"/cases/SR-\d{4}-\d{6}/$"))

    conversation = page.locator("#conversation")
    expect(conversation).to_contain_text("Inès Moreau")
    expect(conversation).to_contain_text("What they told us")
    messages = conversation.locator("li.message")
    expect(messages).to_have_count(1)
    expect(messages.first).to_contain_text("Acknowledgement")
    expect(messages.first).to_contain_text("Recovery Desk")
    expect(messages.first).to_contain_text("Sent")
    expect(conversation.get_by_role("button", name="Send acknowledgement")).to_have_count(0)

    # Banned wording comes back with its findings, the text kept.
    send(page, "Update", "Sorry, it's our policy to wait for the courier.")
    expect(page.get_by_text("Must change")).to_be_visible()
    expect(page.get_by_label("Message to the customer")).to_have_value(
        "Sorry, it's our policy to wait for the courier.")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "case-compose-refused-1280.png"))
    page.get_by_role("link", name="Back to the case").click()

    send(page, "Question", "Did you keep the box, so the courier can collect it?")
    expect(page.get_by_role("status").first).to_contain_text("Question sent to ines@example.fr")
    expect(page.get_by_text("Waiting on the customer since")).to_be_visible()
    send(page, "Update", "A new vase leaves our warehouse today.\nIt will reach you Friday.")
    expect(page.get_by_role("status").first).to_contain_text("Update sent to ines@example.fr")

    expect(messages).to_have_count(3)
    for number, (kind, words) in enumerate([
            ("Acknowledgement", "We are sorry this happened"),
            ("Question", "Did you keep the box"),
            ("Update", "It will reach you Friday.")]):
        expect(messages.nth(number)).to_contain_text(kind)
        expect(messages.nth(number)).to_contain_text(words)
        expect(messages.nth(number).locator(".badge")).to_have_text("Sent")
    expect(messages.nth(2)).to_contain_text("Noor Haddad")
    assert [m.subject.split("]")[0] for m in mail.outbox] == \
        [f"[{Case.objects.get().reference}"] * 3
    shoot(page, "1280")
    no_sideways_scroll(page)

    # The mail server later refuses the update: the page says so, at a phone's width.
    delivery.record_state(Message.objects.get(kind="update").pk, "bounced",
                          "550 5.1.1 <ines@example.fr>: Recipient address rejected: "
                          "User unknown in virtual mailbox table")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(messages).to_have_count(3)
    expect(messages.nth(2).locator(".badge")).to_have_text("Bounced")
    expect(messages.nth(2)).to_contain_text("User unknown in virtual mailbox table")
    expect(page.get_by_role("alert")).to_contain_text("Customer unreachable by email")
    shoot(page, "390")
    no_sideways_scroll(page)


def test_a_case_reopened_by_the_customer_says_so_at_the_top(live_server, page):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = complete(CaseFactory(by=agent, assignee=agent, title="Vase broken"), by=agent)
    flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    surveys.record_answer(case, csat=1, nps=0, comment="The new vase broke too.\n"
                          "Nobody answered my two emails.")
    sign_in(page, live_server, "noor@desk.test")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("Reopened by the customer")
    expect(banner).to_contain_text("they scored the recovery 1/5")
    expect(banner).to_contain_text("Nobody answered my two emails.")
    expect(banner).to_contain_text("put it right again")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "case-reopened-390-top.png"))
    no_sideways_scroll(page)
