"""The dashboard's figures, counted at most once every INSIGHTS_COUNT_SECONDS for the same
range and the same eyes (the desk's for managers, each agent's own).

At a million cases a count over twelve weeks takes ~450 ms of database time, nearly all of it
aggregates and percentile sorts over the ~100,000 cases in the range (bench/RESULTS.md); ten
managers opening the page at once took 4.5 s each. The figures are trends over weeks: a
minute old is as true as a second old, and the page says when they were counted.
With the cache unreachable (Redis down), every view counts, as it did before.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from . import figures
from .period import Period

log = logging.getLogger(__name__)


@dataclass
class Counted:
    figures: list
    at: datetime


def dashboard(user, period: Period) -> Counted:
    seconds = settings.INSIGHTS_COUNT_SECONDS
    eyes = "desk" if user.is_manager else f"agent-{user.pk}"
    key = f"insights:{eyes}:{period.first:%Y%m%d}:{period.last:%Y%m%d}"
    if seconds:
        try:
            kept = cache.get(key)
        except Exception:  # redis-py's ConnectionError and kin
            log.warning("Cache unreachable: insights counted for this view")
            kept = None
        if kept is not None:
            return kept
    counted = Counted(figures.dashboard(user, period), timezone.now())
    if seconds:
        try:
            cache.set(key, counted, seconds)
        except Exception:
            log.warning("Cache unreachable: insights not kept")
    return counted
