"""axe-core in headless Chromium over every page of the demo desk, as agent, manager,
customer and signed out: no serious or critical WCAG 2 A/AA violation. axe-core comes from
npm (package.json, `make install`), never a CDN."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

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

MANAGERS_ONLY = {"/approvals/", "/apologies/template/"}


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


def test_every_page_has_no_serious_accessibility_violation(live_server, page):
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
            if email.startswith("agent") and path in MANAGERS_ONLY:
                continue  # an agent is refused these (403)
            violations += _audit(page, live_server.url + path)

    (ARTIFACTS / "axe-violations.txt").write_text("\n".join(violations))
    assert violations == [], f"{len(violations)} serious/critical violations:\n" + "\n".join(
        violations)
