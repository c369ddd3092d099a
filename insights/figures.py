"""The dashboard's figures: what each one is, whose cases it counts, and the registry the
page and the CSV exports share.

Every figure is computed by SQL aggregation over the period (GROUP BY week, step, category,
…), so the work per figure is a constant number of queries whatever the number of cases;
Python only lays out the handful of rows that come back (at most one per week). The
computations live by subject in `speed` (how fast cases move) and `outcomes` (what the
recovery cost and achieved).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from cases.models import Case

from .period import Period


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass
class Figure:
    slug: str  # its CSV is /insights/<slug>.csv
    title: str
    about: str  # the question it answers
    columns: list[str]
    rows: list[list]  # cells: date, int, float, Decimal, str, Link or None (no value)
    chart: dict | None = None
    chart_kind: str = "week"  # "week" (insights/_week_chart.html) or "bars"
    summary: str = ""  # a headline sentence above the chart
    wide: bool = False  # a table too wide for half the page: the chart beside it

    @property
    def headers(self) -> list[tuple[str, bool]]:
        """(column, holds numbers): numbers are right-aligned, headers with them."""
        return [(name, any(is_number(row[n]) for row in self.rows))
                for n, name in enumerate(self.columns)]


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@dataclass(frozen=True)
class Scope:
    """Whose cases the figures count: everyone's for a manager, an agent's own (assigned
    to them) otherwise."""

    user: object

    @property
    def everyone(self) -> bool:
        return self.user.is_manager

    def cases(self):
        cases = Case.objects.order_by()
        return cases if self.everyone else cases.assigned_to(self.user)

    def through_case(self, queryset):
        """Rows that belong to a case (steps, surveys, events), limited the same way."""
        queryset = queryset.order_by()
        return queryset if self.everyone else queryset.filter(case__assignee=self.user)


def percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def hours(value) -> float | None:
    return None if value is None else round(value, 1)


def week_of(value) -> date:
    """TruncWeek gives a datetime at Monday 00:00 in the desk's time zone."""
    return timezone.localtime(value).date() if hasattr(value, "hour") else value


# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(…)` in
# a customer's name would reach the manager's spreadsheet): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell as the CSV writes it. Numbers we computed are written as numbers (a negative
    change stays -2); text, which may come from a customer, is neutralised: one that starts
    like a formula gets a leading single quote, which spreadsheets show as text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):  # and bool
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def producers():
    """slug → the function computing it (one function may produce several figures)."""
    from . import outcomes, speed

    made = {}
    for produce, slugs in (*speed.PRODUCERS, *outcomes.PRODUCERS):
        for slug in slugs:
            made[slug] = produce
    return made


def dashboard(user, period: Period, now=None) -> list[Figure]:
    """Every figure, in the page's order."""
    now = now or timezone.now()
    scope, done, figures = Scope(user), set(), []
    for produce in producers().values():
        if produce in done:
            continue
        done.add(produce)
        figures.extend(produce(scope, period, now))
    return figures


def one(user, slug: str, period: Period, now=None) -> Figure | None:
    """One figure by its slug (for its CSV); None if there is no such figure."""
    from .outcomes import EXPORTS

    produce = EXPORTS.get(slug) or producers().get(slug)
    if produce is None:
        return None
    made = produce(Scope(user), period, now or timezone.now())
    return next(figure for figure in made if figure.slug == slug)

