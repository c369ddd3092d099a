"""The archive in headless Chromium: a manager searches it, reviews an apology, previews the
redacted public version and publishes it; a stranger reads it signed out; an agent is
offered it on a similar case and starts from it."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from apologies.models import ApologyStep
from archive.models import ArchivedApology
from cases.intake import CustomerDetails
from cases.models import Category

from ..archive.helpers import closed_case
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PRIVATE = {"acknowledge": {"content": (
    "We made a mistake, Jordan: we told you to call 020 7946 0958 or write to "
    "jordan.price@example.com, and nobody answered.")}}


def test_manager_reviews_and_publishes_agent_reuses(live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    manager = make_user(Role.MANAGER, email="mara@desk.test", first_name="Mara")
    vase = closed_case(agent, title="Anniversary vase arrived smashed", texts=PRIVATE,
                       customer=CustomerDetails(email="jordan.price@example.com",
                                                name="Jordan Price", company="Price Holdings"))
    closed_case(agent, title="Invoice charged twice", category=Category.objects.get(slug="billing"),
                texts={"explain": {"content": "Our billing run charged some cards twice."}})
    archived = ArchivedApology.objects.get(case=vase)

    # The manager searches: the match is marked in its snippet, facets count what was found.
    sign_in(page, live_server, manager.email)
    page.get_by_role("link", name="Archive").first.click()
    expect(page.get_by_role("heading", name="Apology archive")).to_be_visible()
    expect(page.get_by_text("2 archived apologies")).to_be_visible()
    page.get_by_role("searchbox", name="Search").fill("wrong box size")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 archived apology matching “wrong box size”")).to_be_visible()
    expect(page.locator(".snippet mark").first).to_have_text(re.compile("wrong|box|size", re.I))
    facets = page.get_by_role("complementary", name="Facets")
    expect(facets.get_by_role("listitem").filter(has_text="Shipping")).to_contain_text("1")
    screenshot("archive-1-search")

    # Review: a rating, exemplary, lessons learned.
    page.get_by_role("link", name="Anniversary vase arrived smashed").click()
    page.get_by_label("5 of 5").check()
    page.get_by_label("Exemplary").check()
    page.get_by_label("Lessons learned").fill("Answer the phone line we give out.")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("status").first).to_contain_text("Review saved.")
    expect(page.get_by_text("Rated 5/5 by")).to_be_visible()
    screenshot("archive-2-reviewed")

    # Publish: the preview has no name, email or phone; the manager edits, previews, publishes.
    page.get_by_role("link", name="Preview and publish").click()
    preview = page.get_by_role("region", name="Preview: what the public will read")
    for private in ("Jordan", "jordan.price@example.com", "020 7946 0958", "Price Holdings"):
        expect(preview).not_to_contain_text(private)
    page.get_by_label("Public title").fill("A vase that arrived in pieces")
    page.get_by_role("button", name="Preview").click()
    expect(preview).to_contain_text("A vase that arrived in pieces")
    screenshot("archive-3-publish-preview")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Published.")

    # A stranger, signed out, reads it on the public page; nothing private is there.
    stranger = page.context.browser.new_context()
    public = stranger.new_page()
    public.goto(f"{live_server.url}/public/apologies/")
    public.get_by_role("link", name="A vase that arrived in pieces").click()
    expect(public.get_by_text("Our packing team used the wrong box size")).to_be_visible()
    body = public.locator("body").inner_text()
    assert not any(private in body for private in (
        "Jordan", "jordan.price", "7946", "Price Holdings", "45.00", "Noor"))
    public.screenshot(path=str(screenshot.folder / "archive-4-public.png"), full_page=True)
    stranger.close()

    # The agent's new case: the exemplary apology is suggested first; they start from it.
    case = CaseFactory(by=agent, assignee=agent, title="Birthday vase arrived smashed")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, agent.email)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    similar = page.get_by_role("region", name="Similar apologies")
    first = similar.locator("div.d-flex").first
    expect(first).to_contain_text("Anniversary vase arrived smashed")
    expect(first).to_contain_text("Exemplary")
    screenshot("archive-5-suggestions")
    first.get_by_role("button", name="Start from this apology").click()
    expect(page.get_by_role("status").first).to_contain_text("Drafted 5 step(s)")
    expect(page.get_by_label("What we offer the customer")).to_have_value(
        re.compile("refunded the full price"))
    expect(page.locator("#step-regret")).to_contain_text("To do · draft ready")
    screenshot("archive-6-started-from")

    steps = ApologyStep.objects.filter(case=case)
    assert steps.count() == 5 and not steps.filter(completed_at__isnull=False).exists()
    assert archived.case.events.filter(kind="published").exists()
