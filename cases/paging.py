"""The queue's pages. A busy desk has tens of thousands of active cases, and counting them
all for "12,345 cases" and "Page 1 of 494" is a scan that grows with the queue on every
page view. The queue counts up to a limit and says "more than" beyond it."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
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
