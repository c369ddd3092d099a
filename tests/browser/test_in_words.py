"""The case page and the apology preview in people's words (issue 20, item 5), in headless
Chromium at 1280 and 390 px: the whole email in the preview (reference and sign-off
included, in the HTML frame and the plain text), one banner after sending, and a timeline
that names statuses and people rather than keys and emails."""

import pytest
from playwright.sync_api import expect

from cases import work
from cases.intake import CustomerDetails

from ..apologies.steps import complete
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"wide": 1280, "phone": 390}

# the frame shows the whole email: nothing of it is below the frame's bottom edge
FITS = "f => f.contentDocument.documentElement.scrollHeight <= f.clientHeight + 1"


def test_preview_shows_the_whole_email_and_sending_leaves_one_banner(
        live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    colleague = make_user(email="sam@desk.test", first_name="Sam", last_name="Second")
    case = CaseFactory(title="Anniversary vase arrived broken", by=agent, assignee=colleague,
                       customer=CustomerDetails(email="ines@example.fr", name="Inès Moreau"))
    work.assign(case, agent, by=agent)
    complete(case, by=agent)
    sign_in(page, live_server, "noor@desk.test")

    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/cases/{case.reference}/apology/preview/")
        frame = page.frame_locator("iframe.preview-frame")
        expect(frame.locator("body")).to_contain_text(f"Reference: {case.reference}")
        expect(frame.locator("body")).to_contain_text("Noor Haddad")  # the sign-off
        assert page.locator("iframe.preview-frame").evaluate(FITS), f"cut off at {width} px"
        screenshot(f"in-words-preview-html-{name}")
        page.get_by_role("tab", name="Plain text").click()
        plain = page.locator("#plain-text")
        expect(plain).to_contain_text("Noor Haddad")
        expect(plain).to_contain_text(f"Reference: {case.reference}")
        # the text wraps: nothing hidden to the side on a phone
        assert plain.evaluate("p => p.scrollWidth <= p.clientWidth"), f"cut off at {width} px"
        screenshot(f"in-words-preview-text-{name}")

    page.get_by_role("tab", name="HTML").click()
    page.get_by_role("button", name="Send apology").click()
    expect(page.locator("#apology-sent")).to_contain_text("Apology sent to ines@example.fr on")
    expect(page.locator(".alert-success")).to_have_count(1)
    expect(page.get_by_text("Apology sent to")).to_have_count(1)

    timeline = page.locator("#timeline")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        expect(timeline).to_contain_text("Open → Apology sent")
        expect(timeline).to_contain_text("Sam Second → Noor Haddad")
        for raw in ("apology_sent", "sam@desk.test", "noor@desk.test"):
            expect(timeline).not_to_contain_text(raw)
        screenshot(f"in-words-sent-{name}")
        timeline.screenshot(path=str(screenshot.folder / f"in-words-timeline-{name}.png"))
