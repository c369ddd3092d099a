"""How the queue orders cases, as SQL expressions its indexes match exactly (`Case.Meta`),
and what a case must do next (`Due`)."""

from datetime import UTC, datetime
from typing import NamedTuple

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least, Lower, NullIf

from ..choices import ACTIVE_STATUSES, SEVERITY_RANK, Stage


def severity_rank():
    """Severity as a number (critical highest), for sorting; an index matches it exactly."""
    return models.Case(
        *[models.When(severity=severity, then=models.Value(rank))
          for severity, rank in SEVERITY_RANK.items()],
        output_field=models.IntegerField(),
    )


def stage_rank():
    """The step as its place in the method (first step lowest), for sorting."""
    return models.Case(
        *[models.When(stage=stage, then=models.Value(rank)) for rank, stage in enumerate(Stage)],
        output_field=models.IntegerField(),
    )


def customer_sort_name(via: str = ""):
    """A customer as the queue shows them, for sorting: the name, or the email when the desk
    has no name, lower-cased. `via` reaches the customer from another model ("customer__");
    `customer_sort_idx` indexes it on the customers, so the queue's first page by customer
    walks customers in this order and their cases by the case's customer index."""
    return Lower(Coalesce(NullIf(F(f"{via}name"), models.Value("")), F(f"{via}email")))


# "Not due": later than any target. A constant rather than NULL because SQLite's MIN() of a
# NULL is NULL, where PostgreSQL's LEAST() skips it; the same expression serves both.
NEVER_DUE = datetime(9999, 12, 31, tzinfo=UTC)


def due_at():
    """The earliest target an active case still owes, as SQL (see `Case.next_due`, which
    must agree): the first response until it is made; the next update and the resolution
    until the case is resolved, neither while the case waits on the customer (their clocks
    and reminders pause then). NEVER_DUE when nothing is owed, and for a closed case.

    The queue's default order. `case_due_idx` indexes exactly this expression, so a page is
    read from the index instead of sorting every case. Over all cases, not only the active
    ones: "Any status" sorts by it too, and the closed cases all sit at its far end, where
    the active queue's first pages never reach."""
    never = models.Value(NEVER_DUE)
    owed = Q(resolved_at__isnull=True, waiting_on_customer_since__isnull=True)
    soonest = Least(
        models.Case(models.When(first_responded_at__isnull=True, then=F("first_response_due_at")),
                    default=never),
        models.Case(models.When(owed, then=Least(Coalesce(F("next_update_due_at"), never),
                                                 F("resolution_due_at"))),
                    default=never),
    )
    return models.Case(models.When(status__in=list(ACTIVE_STATUSES), then=soonest),
                       default=never)


class Due(NamedTuple):
    """The target an active case must meet next: what it is, and by when."""

    what: str
    at: datetime
