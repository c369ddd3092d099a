"""The customer's history beside a case: how many cases they had before this one, how the
last of them ended, how many cases they opened in the last 90 days (a customer we keep
failing), and what other apps know of them (what they received this year: `apologies`).

All of it is read in the case's own query, as subqueries on the case's customer: the case
page spends no query on it, however many cases the customer has. Apps built on `cases`
add a fact with `register_fact` (cases never imports them)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .choices import Status
from .models import Case

RECENT_DAYS = 90
# From this many cases in RECENT_DAYS the count is a warning: we keep failing this customer.
REPEATED = 3

_facts = []


@dataclass(frozen=True)
class Fact:
    """One line an app adds to the history: `annotation(customer_ref, now)` returns an
    expression over the customer (an `OuterRef` to their id) for the case's query, and
    `words(value)` what the page says of its value (None: say nothing)."""

    name: str
    annotation: object
    words: object


def register_fact(name, annotation, words):
    _facts.append(Fact(f"history_{name}", annotation, words))


def _count(cases):
    return Coalesce(Subquery(cases.order_by().values("customer")
                             .annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                    Value(0))


def annotations(now=None) -> dict:
    """The case query's annotations that carry the history (`CustomerHistory.of` reads them)."""
    now = now or timezone.now()
    theirs = Case.objects.filter(customer=OuterRef("customer_id"))
    earlier = theirs.filter(created_at__lt=OuterRef("created_at")).order_by("-created_at", "-id")
    last = {f"history_last_{name}": Subquery(earlier.values(path)[:1])
            for name, path in (("reference", "reference"), ("status", "status"),
                               ("csat", "survey__csat"))}
    return {
        "history_earlier": _count(earlier),
        "history_recent": _count(theirs.filter(created_at__gte=now - timedelta(days=RECENT_DAYS))),
        **last,
        **{fact.name: fact.annotation(OuterRef("customer_id"), now) for fact in _facts},
    }


@dataclass(frozen=True)
class CustomerHistory:
    earlier: int
    recent: int
    last_reference: str | None = None
    last_status: str | None = None
    last_csat: int | None = None
    facts: list = field(default_factory=list)

    @classmethod
    def of(cls, case) -> "CustomerHistory":
        """The history of a case loaded with `annotations()`."""
        facts = [words for words in (fact.words(getattr(case, fact.name)) for fact in _facts)
                 if words]
        return cls(earlier=case.history_earlier, recent=case.history_recent,
                   last_reference=case.history_last_reference,
                   last_status=case.history_last_status, last_csat=case.history_last_csat,
                   facts=facts)

    @property
    def last_outcome(self) -> str:
        """How the last earlier case ended, in a few words: "Closed, CSAT 2/5"."""
        if not self.last_reference:
            return ""
        words = Status(self.last_status).label
        return f"{words}, CSAT {self.last_csat}/5" if self.last_csat is not None else words

    @property
    def recent_days(self) -> int:
        return RECENT_DAYS

    @property
    def repeated(self) -> bool:
        return self.recent >= REPEATED
