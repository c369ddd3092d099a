"""How the queue can be sorted: by each of its columns, either way.

`sort=due` lists what is due soonest first; `sort=-due` reverses it. Each column sorts
first in the direction an agent most often wants (`Column.first`): severity and age start
with the most severe and the oldest. Every order ends on a unique column, so paging never
shows a case twice or skips one.
"""

from dataclasses import dataclass

from django.db.models import F, OrderBy

from .models import customer_sort_name, due_at, severity_rank, stage_rank

DEFAULT = "due"
# The queue's sort values before it sorted by its columns, kept so old links still work.
ALIASES = {"newest": "age", "oldest": "-age", "response_due": "first_response"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    ascending: tuple  # the order for `sort=<key>`; `sort=-<key>` reverses every term
    words: tuple[str, str]  # what each direction means, for the drop-down and screen readers
    first: str = ""  # "-" when the first click sorts descending

    def order(self, descending: bool) -> list[OrderBy]:
        terms = [term.copy() for term in self.ascending]
        return [term.reverse_ordering() for term in terms] if descending else terms


COLUMNS = [
    Column("reference", "Reference", (F("reference").asc(),), ("A to Z", "Z to A")),
    Column("due", "Due", (due_at().asc(), F("id").asc()),
           ("soonest first", "latest first")),
    Column("customer", "Customer", (customer_sort_name("customer__").asc(), F("id").asc()),
           ("A to Z", "Z to A")),
    Column("severity", "Severity", (severity_rank().asc(), F("created_at").asc()),
           ("least severe first", "most severe first"), first="-"),
    Column("step", "Step", (stage_rank().asc(), F("created_at").asc(), F("id").asc()),
           ("earliest step first", "latest step first")),
    Column("assignee", "Assignee",
           (*[F(f"assignee__{name}").asc(nulls_last=True)
              for name in ("first_name", "last_name", "email")], F("id").asc()),
           ("A to Z, unassigned last", "Z to A, unassigned first")),
    Column("age", "Age", (F("created_at").desc(), F("id").desc()),
           ("newest first", "oldest first"), first="-"),
    Column("first_response", "First response", (F("first_response_due_at").asc(), F("id").asc()),
           ("due soonest first", "due latest first")),
]
BY_KEY = {column.key: column for column in COLUMNS}


def choices() -> list[tuple[str, str]]:
    """Every sort as a drop-down option ("Due: soonest first"), the default first."""
    options = []
    for column in sorted(COLUMNS, key=lambda column: column.key != DEFAULT):
        up, down = (column.key, column.words[0]), (f"-{column.key}", column.words[1])
        for value, words in (down, up) if column.first else (up, down):
            options.append((value, f"{column.label}: {words}"))
    return options


def parse(value: str) -> tuple[Column, bool]:
    """A valid sort value (see `choices`) as (column, descending)."""
    return BY_KEY[value.removeprefix("-")], value.startswith("-")


@dataclass(frozen=True)
class Header:
    """One sortable column heading: its link sorts by it (or reverses the sort it shows)."""

    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)
    arrow: str
    next_words: str  # what the link does, for its title


def headers(current: str, query) -> dict[str, Header]:
    """The queue's headings by column key, each linking to the queue with the same filters
    (`query`, a QueryDict without the page) sorted by that column."""
    sorted_by, descending = parse(current)
    result = {}
    for column in COLUMNS:
        if column is sorted_by:
            target = column.key if descending else f"-{column.key}"
            aria = "descending" if descending else "ascending"
            arrow = "▼" if descending else "▲"
        else:
            target, aria, arrow = f"{column.first}{column.key}", "", ""
        params = query.copy()
        params["sort"] = target
        _, target_descending = parse(target)
        result[column.key] = Header(column.label, f"?{params.urlencode()}", aria, arrow,
                                    f"Sort {column.words[target_descending]}")
    return result
