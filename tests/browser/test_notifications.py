"""Notifications worth reading, in headless Chromium (issue 20, item 3): a manager reads a
"Remedy waiting for approval" as an HTML email with a working link, finds it done on the
Notifications page once the remedy is approved, and chooses which emails they get."""

from decimal import Decimal

import pytest
from django.test import TestCase
from playwright.sync_api import expect

from accounts.models import Role
from apologies import flow
from apologies.flow import approvals
from cases.models import NotificationChoices

from ..apologies.steps import GOOD
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_reads_the_email_sees_it_done_and_chooses_emails(
        live_server, page, screenshot, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    manager = make_user(Role.MANAGER, email="morgan@desk.test", first_name="Morgan",
                        last_name="Lee")
    case = CaseFactory(by=agent, assignee=agent, title="Customer's vase arrived broken")
    with TestCase.captureOnCommitCallbacks(execute=True):
        approval = flow.complete_step(case, "restore_value", {
            **GOOD["restore_value"], "cost": Decimal("900.00"),
            "content": "We will replace the vase with the hand-made edition."}, by=agent).approval
    [email] = [m for m in mailoutbox if m.to == [manager.email]]
    assert email.subject == f"Remedy waiting for approval: {case.reference} {case.title}"

    sign_in(page, live_server, "morgan@desk.test")
    mail = page.context.new_page()  # about:blank, as a mail client shows the HTML part
    mail.set_content(email.alternatives[0][0])
    mail.screenshot(path=str(screenshot.folder / "notifications-email-1280.png"), full_page=True)
    with mail.expect_navigation():
        mail.get_by_role("link", name=f"Open {case.reference}").click()
    assert mail.url == f"{live_server.url}{case.get_absolute_url()}"
    expect(mail.get_by_role("heading", name=case.title)).to_be_visible()
    mail.close()

    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator(".list-group-item-info")).to_contain_text("Remedy waiting for approval")
    approvals.approve_remedy(approval, by=manager)
    page.reload()
    expect(page.locator(".list-group-item-info")).to_have_count(0)  # done: read
    expect(page.get_by_text("Remedy waiting for approval")).to_be_visible()

    page.get_by_role("link", name="Which emails you get").click()
    expect(page.get_by_label("Remedies waiting for approval")).to_be_checked()
    page.get_by_label("Remedies waiting for approval").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Remedies waiting for approval")).not_to_be_checked()
    screenshot("notifications-settings-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("notifications-settings-390")
    assert NotificationChoices.objects.get(person=manager).quiet == ["approvals"]
