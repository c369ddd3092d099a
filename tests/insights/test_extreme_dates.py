"""Dates at the ends of the calendar: `from=0001-01-01` or `to=9999-12-31` overflowed
(the period before, the day after the end) into a 500 on the page and on every CSV. They
are a form error, a 400, like any other bad date."""

import pytest

from insights import figures
from insights.outcomes import EXPORTS

from .helpers import NOW, at

pytestmark = pytest.mark.django_db

SLUGS = sorted({*figures.producers(), *EXPORTS})
EXTREMES = [
    ("from=0001-01-01", "from"),
    ("from=0001-01-01&to=0001-01-07", "from"),
    ("to=9999-12-31", "to"),
    ("from=9999-12-25&to=9999-12-31", "from"),
    ("from=1899-12-31&to=2026-03-01", "from"),
]


@pytest.mark.parametrize("query, field", EXTREMES)
def test_the_page_says_the_date_is_out_of_range(manager_client, query, field):
    with at(NOW):
        response = manager_client.get(f"/insights/?{query}")
    assert response.status_code == 400
    [message] = response.context["form"].errors[field]
    assert "between 1 Jan 2000 and 4 Mar 2027" in message
    assert message in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("query, field", EXTREMES[::2])
def test_every_csv_says_so_too(manager_client, slug, query, field):
    with at(NOW):
        response = manager_client.get(f"/insights/{slug}.csv?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"{field}: " in response.content.decode()
    assert "between 1 Jan 2000" in response.content.decode()


def test_the_edges_of_the_range_are_fine(manager_client):
    with at(NOW):
        response = manager_client.get("/insights/?from=2000-01-01&to=2001-06-30")
        assert response.status_code == 200
        assert manager_client.get("/insights/?to=2027-03-04").status_code == 200
        assert manager_client.get("/insights/surveys.csv?to=2027-03-04").status_code == 200
