"""Liveness and readiness probes for load balancers and orchestrators (public, no sign-in)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .celery import app as celery_app
from .models import Heartbeat

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process is up and serving requests."""
    return JsonResponse({"status": "ok"})


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means "not ready"; the reason goes to the log
        logger.warning("readiness: database unavailable", exc_info=True)
        return False


def _broker_answers() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.warning("readiness: broker unavailable", exc_info=True)
        return False


def late_after() -> timedelta:
    """Several dispatch intervals (at least a minute) without a cycle: beat, or every
    worker behind it, has stopped."""
    return timedelta(seconds=max(3 * settings.REMINDER_DISPATCH_SECONDS, 60))


def beat_status(now=None) -> dict:
    """Whether beat's reminder dispatch still runs, when it last did, and the limit."""
    now = now or timezone.now()
    try:
        last = Heartbeat.last(Heartbeat.REMINDER_DISPATCH)
    except Exception:  # the database is down: the readiness check says so already
        logger.warning("readiness: beat's heartbeat unreadable", exc_info=True)
        last = None
    return {
        "dispatching": last is not None and now - last <= late_after(),
        "last_dispatch_at": last.isoformat() if last else None,
        "late_after_seconds": int(late_after().total_seconds()),
    }


@never_cache
def readyz(request):
    """Ready to take traffic: the database and the broker both answer.

    Beat is reported beside the checks, not among them: a web process serves well with beat
    stopped, and taking every web process out of the load balancer would not start beat.
    Monitor `beat.dispatching` (or run `manage.py beat_status`) to be told.
    """
    checks = {"database": _database_answers(), "broker": _broker_answers()}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks,
         "beat": beat_status()},
        status=200 if ready else 503,
    )
