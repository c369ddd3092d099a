"""The archive's search box in headless Chromium, at 1280 and 390 px: its own example finds
what it says, a facet narrows the search and shows itself, a new search starts from the
whole archive unless the searcher ticks a filter to keep, and the top rating reads "5"."""

import pytest
from playwright.sync_api import expect

from archive.models import ArchivedApology
from cases.models import Category

from ..archive.helpers import closed_case
from ..archive.sqlite_search_checks import SHOES, VOUCHER
from ..factories import make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
EXAMPLE = 'late delivery refund, "wrong size", -voucher'


@pytest.mark.parametrize("width", [1280, 390])
def test_search_narrow_and_start_again(live_server, page, screenshot, width):
    agent = make_user(email="noor@desk.test", first_name="Noor")
    shoes = closed_case(agent, title="Wrong size sent twice", texts=SHOES)
    closed_case(agent, title="Shoes came late", texts=VOUCHER)
    closed_case(agent, title="Invoice charged twice",
                category=Category.objects.get(slug="billing"))
    ArchivedApology.objects.filter(case=shoes).update(rating=5)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    sign_in(page, live_server, agent.email)
    page.goto(f"{live_server.url}/archive/")

    # The search box's own example (its placeholder) finds the one apology it describes.
    box = page.get_by_role("searchbox", name="Search")
    expect(box).to_have_attribute("placeholder", EXAMPLE)
    box.fill(EXAMPLE)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text(f"1 archived apology matching “{EXAMPLE}”")).to_be_visible()
    expect(page.get_by_role("link", name="Wrong size sent twice")).to_be_visible()
    expect(page.locator(".snippet mark").first).to_be_visible()
    # The rating facet reads as the filter it sets: "5", not "5 or more".
    facets = page.get_by_role("complementary", name="Facets")
    expect(facets.get_by_role("link", name="5", exact=True)).to_be_visible()
    expect(facets).not_to_contain_text("or more")
    screenshot(f"archive-search-1-example-{width}")

    # A facet narrows the search; the filter shows above the results and in the form.
    page.get_by_role("searchbox", name="Search").fill("twice")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("2 archived apologies matching “twice”")).to_be_visible()
    facets.get_by_role("link", name="Billing and payments").click()
    expect(page.get_by_text("1 archived apology matching “twice”")).to_be_visible()
    narrowed = page.get_by_role("group", name="Filtered by")
    expect(narrowed.get_by_role("link", name="Remove filter: Category: Billing and payments")
           ).to_be_visible()
    keep = page.get_by_role("checkbox", name="Category: Billing and payments")
    expect(keep).not_to_be_checked()
    screenshot(f"archive-search-2-filtered-{width}")

    # A new search starts from the whole archive: the filter is not carried silently.
    page.get_by_role("searchbox", name="Search").fill("size")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("3 archived apologies matching “size”")).to_be_visible()
    expect(page.get_by_role("link", name="Invoice charged twice")).to_be_visible()
    expect(page.get_by_role("group", name="Filtered by")).to_have_count(0)
    screenshot(f"archive-search-3-new-search-{width}")

    # Ticked, the filter is kept; removing it from above the results widens the search.
    page.get_by_role("searchbox", name="Search").fill("twice")
    page.get_by_role("button", name="Search", exact=True).click()
    facets.get_by_role("link", name="Billing and payments").click()
    page.get_by_role("searchbox", name="Search").fill("charged")
    page.get_by_role("checkbox", name="Category: Billing and payments").check()
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 archived apology matching “charged”")).to_be_visible()
    expect(page.get_by_role("link", name="Invoice charged twice")).to_be_visible()
    screenshot(f"archive-search-4-kept-{width}")
    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_text("archived apologies matching “charged”")).to_be_visible()
    expect(page.get_by_role("group", name="Filtered by")).to_have_count(0)
