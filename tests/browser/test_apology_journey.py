"""An agent works a case through the five steps in the browser, sees the lexicon's findings
as they write, previews the apology, and sends it — in headless Chromium."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cases.intake import CustomerDetails
from cases.models import Case

from ..apologies.steps import GOOD
from ..factories import CaseFactory, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()


def complete_step(page, label, text):
    page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Complete step").click()


def test_agent_completes_five_steps_previews_and_sends(live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = CaseFactory(
        title="Anniversary vase arrived broken", by=agent, assignee=agent,
        customer=CustomerDetails(email="ines@example.fr", name="Inès Moreau"),
    )
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")

    # 1. Restore value, with the remedy's type, value and cost.
    page.get_by_label("What we offer the customer").fill(GOOD["restore_value"]["content"])
    page.get_by_label("Remedy").select_option("refund")
    page.get_by_label("Value to the customer").fill("80.00")
    page.get_by_label("Cost to us").fill("45.00")
    screenshot("apology-1-restore-value")
    page.get_by_role("button", name="Complete step").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Step 1 “Restore lost value” completed.")

    # 2. Acknowledge: banned words show up while typing (htmx), then a good text passes.
    page.get_by_label("Our acknowledgement").fill(
        "Our courier was late, and it's our policy to wait for them.")
    findings = page.locator("#findings-acknowledge")
    expect(findings).to_contain_text("Must change", timeout=5000)
    expect(findings).to_contain_text("it's our policy")
    screenshot("apology-2-acknowledge-findings")
    page.get_by_role("button", name="Complete step").click()
    expect(page.get_by_text("cannot go to the customer")).to_be_visible()
    screenshot("apology-2-acknowledge-refused")
    complete_step(page, "Our acknowledgement", GOOD["acknowledge"]["content"])
    expect(page.get_by_role("status").first).to_contain_text("Step 2")

    # 3. Explain, with a root cause.
    page.get_by_label("What went wrong").fill(GOOD["explain"]["content"])
    page.get_by_label("Root cause").select_option("process")
    page.get_by_role("button", name="Complete step").click()
    expect(page.get_by_role("status").first).to_contain_text("Step 3")

    # 4. Fix, with a commitment.
    page.get_by_label("What we fixed").fill(GOOD["fix"]["content"])
    due = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#id_commitments-0-description").fill("Audit every fragile-items box")
    page.locator("#id_commitments-0-due_at").fill(due)
    screenshot("apology-4-fix")
    page.get_by_role("button", name="Complete step").click()
    expect(page.get_by_role("status").first).to_contain_text("Step 4")
    expect(page.locator("#commitments")).to_contain_text("Audit every fragile-items box")

    # 5. Regret: the last step leads straight to the preview, exactly what the customer
    # will get; then send it.
    complete_step(page, "Our apology", GOOD["regret"]["content"])
    expect(page.get_by_role("status").first).to_contain_text("Step 5")
    expect(page.get_by_role("heading", name="Preview the apology")).to_be_visible()
    frame = page.frame_locator("iframe.preview-frame")
    expect(frame.locator("body")).to_contain_text("Dear Inès Moreau,")
    expect(frame.locator("body")).to_contain_text(GOOD["regret"]["content"])
    screenshot("apology-6-preview")
    page.get_by_role("tab", name="Plain text").click()
    expect(page.locator("#plain-text")).to_contain_text("Noor Haddad")
    page.get_by_role("button", name="Send apology").click()
    expect(page.locator("#apology-sent")).to_contain_text("Apology sent to ines@example.fr on")
    expect(page).to_have_url(re.compile(rf"/cases/{case.reference}/"))
    expect(page.locator("#timeline")).to_contain_text("Apology sent")
    screenshot("apology-7-sent")

    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.stage) == ("apology_sent", "sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ines@example.fr"]
    body = mail.outbox[0].body
    assert [body.index(GOOD[k]["content"]) for k in GOOD] == sorted(
        body.index(GOOD[k]["content"]) for k in GOOD)
