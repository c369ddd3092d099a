"""A conversation with files, in headless Chromium: the customer sends a photo with their
reply on the status page; the agent sees its thumbnail with the message on the case page,
attaches a receipt of their own, and downloads the photo — at a desk's width and a phone's.
Screenshots: /tmp/shots/attach-*.png."""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from cases import links
from conversation.models import Attachment

from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in
from .test_conversation import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.acknowledging,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots")
LONG_NAME = "photo-of-the-broken-vase-taken-in-the-kitchen-on-tuesday-evening-IMG_20261201.png"


def photo() -> bytes:
    image = Image.new("RGB", (1200, 800), (235, 225, 205))
    draw = ImageDraw.Draw(image)
    draw.polygon([(450, 700), (750, 700), (820, 250), (380, 250)], fill=(40, 90, 160))
    draw.line([(520, 300), (640, 520), (600, 690)], fill=(250, 250, 250), width=14)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.locator("#conversation").screenshot(path=str(SHOTS / f"attach-{name}.png"))


def test_a_conversation_with_files_on_the_case_page(live_server, page):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = CaseFactory(by=agent, assignee=agent, title="Anniversary vase arrived broken")

    # The customer writes back with a photo, from the status page.
    page.goto(f"{live_server.url}{urlsplit(links.issue(case, links.STATUS)).path}")
    page.get_by_label("Your message").fill("Here is a photo of the vase as it arrived.")
    page.get_by_label("Photos or documents (optional)").set_input_files(
        [{"name": LONG_NAME, "mimeType": "image/png", "buffer": photo()}])
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#your-files")).to_contain_text(LONG_NAME)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "attach-status-1280.png"), full_page=True)

    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    reply = page.locator("li.message.in")
    expect(reply).to_contain_text("Here is a photo of the vase")
    expect(reply.locator(".attachment")).to_contain_text(LONG_NAME)
    thumb = reply.locator("img.attachment-thumb")
    expect(thumb).to_be_visible()
    # on a busy machine the picture may still be loading: wait for it (it loads lazily, so
    # bring it into view first)
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumb.element_handle(), timeout=10_000)
    assert thumb.evaluate("img => img.naturalWidth") == 320  # re-encoded

    # The agent attaches the shop's receipt (for the desk only).
    attach = page.locator("#attachments")
    attach.get_by_label("Attach a file").set_input_files(
        [{"name": "courier-receipt.pdf", "mimeType": "application/pdf",
          "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"}])
    attach.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "“courier-receipt.pdf” attached to the case.")
    expect(page.locator("#attachments .attachment")).to_contain_text("Noor Haddad")
    shoot(page, "1280")
    no_sideways_scroll(page)

    # Clicking the photo downloads it; it does not open in the page.
    with page.expect_download() as download:
        reply.locator(".attachment a").click()
    assert download.value.suggested_filename == LONG_NAME
    assert Path(download.value.path()).read_bytes() == photo()

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(thumb).to_be_visible()
    shoot(page, "390")
    no_sideways_scroll(page)
    assert Attachment.objects.count() == 2
