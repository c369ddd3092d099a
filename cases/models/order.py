"""How the queue orders cases, as SQL expressions its indexes match exactly (`Case.Meta`),
and what a case must do next (`Due`)."""

from datetime import UTC, datetime
from typing import NamedTuple

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least

from ..choices import SEVERITY_RANK, Stage


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


# "Not due": later than any target. A constant rather than NULL because SQLite's MIN() of a
# NULL is NULL, where PostgreSQL's LEAST() skips it; the same expression serves both.
NEVER_DUE = datetime(9999, 12, 31, tzinfo=UTC)


def due_at():
    """The earliest target an active case still owes, as SQL (see `Case.next_due`, which
    must agree): the first response until it is made; the next update and the resolution
    until the case is resolved, neither while the case waits on the customer (their clocks
    and reminders pause then). NEVER_DUE when nothing is owed. The queue's default order;
    `case_due_idx` indexes exactly this expression over the active cases, so the first page
    is read from the index instead of sorting every active case."""
    never = models.Value(NEVER_DUE)
    owed = Q(resolved_at__isnull=True, waiting_on_customer_since__isnull=True)
    return Least(
        models.Case(models.When(first_responded_at__isnull=True, then=F("first_response_due_at")),
                    default=never),
        models.Case(models.When(owed, then=Least(Coalesce(F("next_update_due_at"), never),
                                                 F("resolution_due_at"))),
                    default=never),
    )


class Due(NamedTuple):
    """The target an active case must meet next: what it is, and by when."""

    what: str
    at: datetime
