"""Hand work to the workers without letting a broker outage fail the request.

The work itself is always a row in PostgreSQL first (a due reminder, an apology or
notification waiting for delivery, a webhook delivery, an incident run's items); the
broker's message only says "do it now". So when Redis is down the request still succeeds,
the failure is logged, and beat's sweeps (`cases.tasks`, `apologies.tasks`, `incidents.tasks`,
`webhooks.tasks`) enqueue the row again once Redis answers — nothing is lost.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def now(task, *args, countdown=None) -> bool:
    """Enqueue `task(*args)` (to run `countdown` seconds from now, if given); False (logged)
    when the broker cannot take it."""
    try:
        if countdown:
            task.apply_async(args, countdown=countdown)
        else:
            task.delay(*args)
        return True
    except Exception:  # kombu and redis raise several kinds; all mean "not enqueued"
        logger.warning("Broker unavailable: %s%s not enqueued; the sweep will enqueue it "
                       "again", task.name, args, exc_info=True)
        return False


def after_commit(task, *args, countdown=None) -> None:
    """Enqueue `task(*args)` once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: now(task, *args, countdown=countdown))
