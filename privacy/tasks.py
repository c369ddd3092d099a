"""Beat's retention run (a no-op unless RETENTION_DAYS is set)."""

from celery import shared_task

from . import retention


@shared_task(ignore_result=True)
def apply_retention():
    """Every ten minutes: erase the next batch of cases closed longer ago than
    RETENTION_DAYS (`privacy.retention`)."""
    return retention.run()
