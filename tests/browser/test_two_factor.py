"""Two-factor sign-in and password reset in headless Chromium: an agent sets up an
authenticator app from the Security page (the test is the phone: pyotp reads the key off the
page), keeps the recovery codes, is refused a wrong code, signs in with the app's code and
with a recovery code; another resets a forgotten password from the emailed link."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from ..factories import make_user
from .test_accessibility import AXE, RUN_AXE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery"


def _password_step(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _axe(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (pages that need
    a state of their own: the code step, the recovery codes shown once)."""
    page.wait_for_load_state("networkidle")
    return page.evaluate(RUN_AXE)


def _both_widths(page, screenshot, name):
    screenshot(f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_agent_sets_up_an_app_and_signs_in_with_its_codes(live_server, page, screenshot):
    page.add_init_script(path=str(AXE))
    make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    _password_step(page, live_server, "noor@desk.test")
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()

    page.get_by_role("link", name="Security").click()
    expect(page.get_by_role("heading", name="Security", exact=True)).to_be_visible()
    _both_widths(page, screenshot, "security-off")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    _both_widths(page, screenshot, "two-factor-setup")

    phone = pyotp.TOTP(page.locator("code.secret-key").inner_text().replace(" ", ""))
    page.get_by_label("Code from the app").fill(phone.now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert _axe(page) == []
    _both_widths(page, screenshot, "recovery-codes")
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_text("Recovery codes left: 10")).to_be_visible()
    _both_widths(page, screenshot, "security-on")
    page.get_by_role("button", name="Sign out", exact=True).click()

    # the password alone: a second step asks for the code; a wrong one is refused
    _password_step(page, live_server, "noor@desk.test")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    error = page.get_by_text("That code is not right")
    expect(error).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    _both_widths(page, screenshot, "sign-in-code-wrong")
    assert _axe(page) == []
    time.sleep(1.2)  # the device waits a second after a wrong code
    page.get_by_label("Code").fill(phone.at(time.time() + 30))  # the setup's code is spent
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    page.get_by_role("button", name="Sign out", exact=True).click()

    # no phone: a recovery code, once
    _password_step(page, live_server, "noor@desk.test")
    page.get_by_label("Code").fill(codes[3])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/security/")
    expect(page.get_by_text("Recovery codes left: 9")).to_be_visible()


def test_a_forgotten_password_is_reset_from_the_emailed_link(
        live_server, page, screenshot, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    make_user(email="sam@desk.test", first_name="Sam")
    page.goto(f"{live_server.url}/accounts/login/")
    _both_widths(page, screenshot, "sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    _both_widths(page, screenshot, "password-reset")
    page.get_by_label("Email").fill("sam@desk.test")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    _both_widths(page, screenshot, "password-reset-sent")

    [email] = mailoutbox
    mail = page.context.new_page()  # about:blank, as a mail client shows the HTML part
    mail.set_content(email.alternatives[0][0])
    mail.screenshot(path=str(screenshot.folder / "password-reset-email.png"), full_page=True)
    with mail.expect_navigation():
        mail.get_by_role("link", name="Choose a new password").click()
    expect(mail.get_by_role("heading", name="Choose a new password")).to_be_visible()
    mail.get_by_label("New password").first.fill("a brand new long password")
    mail.get_by_label("New password confirmation").fill("a brand new long password")
    mail.get_by_role("button", name="Set my password").click()
    expect(mail.get_by_role("heading", name="Your password is changed")).to_be_visible()
    mail.screenshot(path=str(screenshot.folder / "password-reset-done-1280.png"), full_page=True)

    _password_step(mail, live_server, "sam@desk.test", "a brand new long password")
    expect(mail.get_by_role("heading", name="Queue")).to_be_visible()
