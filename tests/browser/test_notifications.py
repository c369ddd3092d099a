"""Notifications worth reading, in headless Chromium (issue 20, item 3): a manager reads a
"Remedy waiting for approval" as an HTML email with a working link, finds it done on the
Notifications page once the remedy is approved, sees what happened to one case together,
reads it all at once, and chooses how each kind of email comes."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from apologies import flow
from apologies.flow import approvals
from cases import notify
from cases.models import Notification, NotificationChoices

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
    approvals_group = page.get_by_role("group", name="Remedies waiting for approval")
    expect(approvals_group.get_by_label("Email at once")).to_be_checked()
    approvals_group.get_by_label("In a daily digest").check()
    page.get_by_role("group", name="A case idle in one step").get_by_label("Not by email").check()
    page.get_by_label("Send my daily digest at").select_option("08:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(approvals_group.get_by_label("In a daily digest")).to_be_checked()
    expect(page.get_by_label("Send my daily digest at")).to_have_value("8")
    screenshot("notifications-settings-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("notifications-settings-390")
    choices = NotificationChoices.objects.get(person=manager)
    assert choices.emails == {"approvals": "digest", "idle": "off"}
    assert choices.digest_hour == 8


def test_what_happened_to_one_case_shows_together_and_is_read_together(
        live_server, page, screenshot):
    manager = make_user(Role.MANAGER, email="morgan@desk.test", first_name="Morgan",
                        last_name="Lee")
    vase = CaseFactory(by=manager, title="Customer's vase arrived broken")
    parcel = CaseFactory(by=manager, title="Parcel left at the wrong door")
    start = timezone.now() - timedelta(hours=2)
    for minutes, case, subject, body in [
        (0, vase, f"Low survey score: {vase.reference}", "Score 2 of 5: “Too slow.”"),
        (5, parcel, f"Reopened by the customer: {parcel.reference}", "“It is still not here.”"),
        (10, vase, f"Reopened by the customer: {vase.reference}", "“The new one is cracked.”"),
        (15, vase, f"Escalated: resolution target missed on {vase.reference}", ""),
        (20, vase, f"Email to the customer bounced: {vase.reference}",
         "The mailbox does not exist."),
    ]:
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            notify.notify(manager, subject, body, case=case, kind="low_score")

    sign_in(page, live_server, "morgan@desk.test")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_role("link", name="Notifications")).to_contain_text("2")  # two cases
    group = page.get_by_role("region", name=f"{vase.reference} Customer's vase arrived broken")
    expect(group).to_contain_text("4 unread")
    expect(group.get_by_text("Email to the customer bounced")).to_be_visible()  # newest
    older = group.get_by_text("3 more about this case")
    expect(group.get_by_text("“The new one is cracked.”")).to_be_hidden()  # folded
    screenshot("notifications-grouped-1280")
    older.click()
    expect(group.get_by_text("“The new one is cracked.”")).to_be_visible()
    screenshot("notifications-grouped-open-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("notifications-grouped-open-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    group.get_by_role("button", name=f"Mark all about {vase.reference} read").click()
    expect(page.get_by_text("Marked 4 notifications read.")).to_be_visible()
    expect(group).not_to_contain_text("unread")
    expect(page.get_by_role("region", name=f"{parcel.reference} Parcel left at the wrong door")
           ).to_contain_text("1 unread")
    expect(page.get_by_role("link", name="Notifications")).to_contain_text("1")
    assert not Notification.objects.filter(case=vase, read_at__isnull=True).exists()
    assert Notification.objects.filter(case=parcel, read_at__isnull=True).count() == 1


def test_the_grouped_email_and_the_digest_read_well(page, screenshot, mailoutbox, settings):
    """Not a journey: the two new emails' HTML parts, as a mail client shows them."""
    from cases import digest

    manager = make_user(Role.MANAGER, email="morgan@desk.test")
    vase = CaseFactory(by=manager, title="Customer's vase arrived broken")
    parcel = CaseFactory(by=manager, title="Parcel left at the wrong door")
    told = [notify.notify(manager, subject, body, case=case, kind="low_score") for case, subject,
            body in [(vase, "Low survey score: 2 of 5", "“Too slow, and nobody called.”"),
                     (vase, "Reopened by the customer", "“The new one is cracked too.”"),
                     (parcel, "Reopened by the customer", "“It is still not here.”")]]
    grouped = notify.email_of(told[:2])
    assert grouped.subject == f"2 notifications about {vase.reference} {vase.title}"
    page.set_content(grouped.alternatives[0][0])
    expect(page.get_by_role("heading", name="Reopened by the customer")).to_be_visible()
    screenshot("notifications-grouped-email-1280")
    choices = notify.choose_emails(manager, {"customers": "digest"})
    daily = digest.email_of(told, choices, timezone.now())
    page.set_content(daily.alternatives[0][0])
    expect(page.get_by_role("link", name=f"{parcel.reference}: {parcel.title}")).to_be_visible()
    screenshot("notifications-digest-email-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("notifications-digest-email-390")
