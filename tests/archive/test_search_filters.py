"""The archive page's filters: shown while they narrow the search, never carried silently
into a new one; the rating facet reads as the filter it sets."""

import pytest

from archive.models import ArchivedApology
from cases.models import Category

from .helpers import closed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(agent):
    billing = Category.objects.get(slug="billing")
    made = {"billing": closed_case(agent, title="Charged twice for a refund", category=billing),
            "parcel": closed_case(agent, title="Parcel arrived broken"),
            "late": closed_case(agent, title="Parcel arrived late")}
    for key, rating in (("billing", 5), ("parcel", 4), ("late", 3)):
        ArchivedApology.objects.filter(case=made[key]).update(rating=rating)
    return made


def test_the_top_rating_reads_5_the_others_or_more(agent_api, agent_client, archive):
    ratings = agent_api.get("/api/v1/archive/").json()["facets"]["rating"]
    assert [(r["label"], r["count"]) for r in ratings] == [
        ("5", 1), ("4 or more", 2), ("3 or more", 3)]
    page = agent_client.get("/archive/").content.decode()
    assert ">5</a>" in page and ">4 or more</a>" in page and "5 or more" not in page
    assert [row["title"] for row in agent_api.get(
        "/api/v1/archive/?min_rating=5").json()["results"]] == ["Charged twice for a refund"]


def test_a_new_search_does_not_carry_the_filters_silently(agent_client, archive):
    page = agent_client.get("/archive/", {"q": "parcel refund", "category": "shipping",
                                          "min_rating": "4", "page": "1"}).content.decode()
    # the form carries no hidden filter: each is a box to tick to keep it, unticked
    assert 'type="hidden"' not in page.split('role="search"')[1].split("</form>")[0]
    assert ('<input class="form-check-input" type="checkbox" name="category" '
            'value="shipping" id="keep-category">') in page
    assert 'name="min_rating" value="4" id="keep-min_rating">' in page
    # above the results, each filter with a link that removes it, and one that removes all
    assert 'href="?q=parcel+refund&amp;min_rating=4" aria-label="Remove filter: Category: ' \
           'Shipping and delivery"' in page
    assert 'aria-label="Remove filter: Rated 4 or more"' in page
    assert '<a class="btn btn-sm btn-link py-0" href="?q=parcel+refund">Clear filters</a>' in page
    # the form, submitted as is, searches the whole archive
    assert "Filtered by" not in agent_client.get("/archive/", {"q": "parcel"}).content.decode()


def test_without_filters_there_is_nothing_to_keep(agent_client, archive):
    page = agent_client.get("/archive/", {"q": "parcel"}).content.decode()
    assert "Keep these filters" not in page and "Clear filters" not in page
