"""axe-core in headless Chromium over every page of the demo desk, as agent, manager,
customer and signed out: no serious or critical WCAG 2 A/AA violation. axe-core comes from
npm (package.json, `make install`), never a CDN."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from cases import work
from cases.models import Case
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_content_security import _desk_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}});
  return results.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .flatMap(v => v.nodes.map(
      n => `${v.id} (${v.impact}) ${n.target.join(" ")}: ${n.failureSummary}`));
}"""

MANAGERS_ONLY = {"/approvals/", "/apologies/template/", "/privacy/access-log/"}
# People, approval limits by tier, API keys, a customer's details, categories, root causes
MANAGERS_ONLY_PATHS = re.compile(
    r"^/(people/|customers/\d+/(edit|erase)/|categories/|root-causes/)")


def _audit(page, url):
    """The serious and critical violations axe finds on one page."""
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return [f"{url}\n  {line}" for line in page.evaluate(RUN_AXE)]


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("recovery-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()


def test_every_page_has_no_serious_accessibility_violation(live_server, page, screenshot):
    assert AXE.exists(), "axe-core is missing: run `make install` (npm ci)"
    # An init script runs through the DevTools protocol, so the page's CSP does not refuse it.
    page.add_init_script(path=str(AXE))
    call_command("seed_demo", verbosity=0)
    desk, public = _desk_pages()
    violations = []

    # signed out, and the customer's own pages (status, survey, complaint) from their links
    for path in public:
        violations += _audit(page, live_server.url + path)
    for email in ("agent@example.com", "manager@example.com"):
        _sign_in(page, live_server, email)
        for path in desk:
            if email.startswith("agent") and (
                    path in MANAGERS_ONLY or MANAGERS_ONLY_PATHS.match(path)):
                continue  # an agent is refused these (403)
            violations += _audit(page, live_server.url + path)

    # the darker shades, for a look: the queue and a case at desk and phone width
    page.goto(f"{live_server.url}/cases/")
    screenshot("a11y-queue-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("a11y-queue-390")
    (ARTIFACTS / "axe-violations.txt").write_text("\n".join(violations))
    assert violations == [], f"{len(violations)} serious/critical violations:\n" + "\n".join(
        violations)


def test_skip_link_visible_focus_and_announced_form_errors(live_server, page, screenshot):
    call_command("seed_demo", verbosity=0)
    _sign_in(page, live_server, "agent@example.com")

    # the first Tab lands on "Skip to content", shown with a focus ring; it moves focus to main
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none" or \
        page.evaluate("getComputedStyle(document.activeElement).boxShadow") != "none"
    screenshot("a11y-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()

    # a field's error is an alert, and the field is described by it
    page.goto(f"{live_server.url}/cases/new/")
    # the browser's own check would stop a bad address before the server sees it
    page.locator("main form").evaluate("form => form.noValidate = true")
    page.get_by_label("Customer email").fill("not an email")
    page.get_by_role("button", name="Log case").click()
    email = page.get_by_label("Customer email")
    expect(email).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{email.get_attribute('aria-describedby').split()[-1]}")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("valid email")
    expect(email).to_have_accessible_description(re.compile("valid email"))
    screenshot("a11y-form-error")

    # "Mark kept" says its visible words first (WCAG 2.5.3, label in name)
    case = Case.objects.filter(stage="restore_value").first()
    work.add_commitment(case, "Send the spare part", timezone.now() + timedelta(days=2),
                        by=User.objects.get(email="agent@example.com"))
    page.add_init_script(path=str(AXE))
    assert _audit(page, f"{live_server.url}{case.get_absolute_url()}") == []
    expect(page.get_by_role("button", name="Mark kept: Send the spare part")).to_be_visible()
