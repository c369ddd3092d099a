"""The queue's pages. A busy desk has tens of thousands of active cases, and counting them
all for "12,345 cases" and "Page 1 of 494" is a scan that grows with the queue on every
page view. The queue counts up to a limit and says "more than" beyond it."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, count_limit):
        super().__init__(object_list, per_page)
        self.count_limit = count_limit

    @cached_property
    def count(self):
        """The rows, counted up to one past the limit (LIMIT in a subquery)."""
        return self.object_list.order_by()[: self.count_limit + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > self.count_limit

    def get_page(self, number):
        """The page asked for; past the end (or not a number), the first page when the
        queue is too long to know its last."""
        if not self.count_capped:
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    def page(self, number):
        if not self.count_capped:
            return super().page(number)
        number = self._page_number(number)
        bottom = (number - 1) * self.per_page
        # One row more than the page shows tells whether there is a next page.
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    @staticmethod
    def _page_number(number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, has_more):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self):
        return self.has_more

    # Page numbers past the counted limit are fine here: Page's own checks against
    # `num_pages` (the capped count's) would refuse page 50 of "more than 1,000".
    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


# The case page's timeline and conversation: the newest rows first, in pages reached by
# "Show earlier" (a cursor naming the oldest row shown), so a case with a year of history
# reads as fast as a new one. The cursor is "<microseconds since epoch>.<id>": the row's
# place in the (created_at, id) order, read without a query.
HISTORY_PAGE_SIZE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class HistoryPage:
    rows: list  # oldest first, as the page reads them
    earlier: str | None  # the cursor for the page before this one, or None at the start
    paged: bool  # a page before the newest (the page offers "Show the latest")


def cursor_of(row) -> str:
    moment = row.created_at
    micros = (moment - EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{row.pk}"


def _parse(cursor: str | None):
    """(created_at, id) of a cursor, or None for none or a malformed one (the newest page)."""
    try:
        micros, pk = (int(part) for part in (cursor or "").split("."))
        return EPOCH + timedelta(microseconds=micros), pk
    except (ValueError, OverflowError):
        return None


def newest_page(queryset, cursor: str | None, size=HISTORY_PAGE_SIZE) -> HistoryPage:
    """The `size` rows of `queryset` (ordered by created_at, id) just before `cursor`, or
    the newest; one query: one row more than shown tells whether there are earlier ones."""
    place = _parse(cursor)
    if place is not None:
        at, pk = place
        queryset = queryset.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    rows = list(queryset.order_by("-created_at", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    rows.reverse()
    return HistoryPage(rows, cursor_of(rows[0]) if more else None, place is not None)
