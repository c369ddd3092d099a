"""The desk's configuration rows, kept in each process: the SLA targets, the business
calendar, the reminder policy, the message and acknowledgement templates, the categories.

Every intake read each of them from PostgreSQL (eight of its seventeen statements, two of
them twice), and so did every email that opened a case. They change a few times a year, by a
manager's hand. Here each process keeps what it read, stamped with the desk's configuration
version, one number in the cache (Redis) that every change replaces once its transaction
commits. A request or task reads that number once, at its first look-up, so a change is
seen by the next request in every process, never half-way through one.

- Saving or deleting a watched model anywhere (a page, the admin, a script through the ORM)
  changes the version: `watch(Model)` connects its signals. A bulk `QuerySet.update()` sends
  no signal: call `changed()` after one.
- Callers get a copy of the row, so an edit form may change the instance it was given.
- With the cache unreachable, or outside the cache's reach (a new process), rows are read
  from the database as before: the saving is never a reason for a read to fail.
- `SECONDS`: a process re-reads a row at least this often even if the version is the same (a
  data migration that changed rows without signals, a version lost with Redis's memory).
  The embedded desk (no REDIS_URL) has a cache per process, so its web process and worker
  cannot tell each other of a change: there `LOCAL_SECONDS` bounds how long the other one
  keeps the old row.
"""

import copy
import logging
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "desk:configuration-version"
SECONDS = 300
LOCAL_SECONDS = 10
log = logging.getLogger(__name__)

_rows: dict[str, tuple[str, float, object]] = {}  # key -> (version, read at, value)
_held: str | None = None  # the version under which a transaction changed a row
_version_in_scope: ContextVar[dict | None] = ContextVar("settled_version", default=None)


def current(key: str, read):
    """A copy of `read()`'s value, kept in this process while the version stands."""
    global _held
    version = _version()
    if version is None:
        return read()
    if _held is not None:
        if _held == version and connection.in_atomic_block:
            return read()  # changed in this transaction: nothing kept until it commits
        _held = None  # committed (a new version) or rolled back: read afresh
        _rows.clear()
    kept = _rows.get(key)
    if kept is None or kept[0] != version or time.monotonic() - kept[1] > _seconds():
        kept = (version, time.monotonic(), read())
        _rows[key] = kept
    return copy.copy(kept[2])


def _seconds() -> int:
    local = settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    return LOCAL_SECONDS if local else SECONDS


def changed() -> None:
    """A watched row changed: once the transaction commits, every process reads again.
    Until then this process keeps nothing (a rollback must not leave the change kept)."""
    global _held
    _rows.clear()
    if connection.in_atomic_block:
        _held = _version()
    transaction.on_commit(_new_version)


def watch(*models) -> None:
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(_on_change, sender=model,
                           dispatch_uid=f"settled:{model._meta.label}:{signal}")


def _on_change(**kwargs):
    changed()


def _new_version() -> None:
    global _held
    _rows.clear()
    _held = None
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # unreachable: the processes fall back on SECONDS
        log.warning("Cache unreachable: the configuration's new version was not recorded")


def _version() -> str | None:
    scope = _version_in_scope.get()
    if scope is not None and "version" in scope:
        return scope["version"]
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
    except Exception:  # redis-py's ConnectionError and kin
        log.warning("Cache unreachable: configuration read from the database")
        version = None
    if scope is not None:
        scope["version"] = version
    return version


class one_version:
    """Within it (a request, a task), the version is read once, at the first look-up."""

    def __enter__(self):
        self._token = _version_in_scope.set({})

    def __exit__(self, *exc):
        _version_in_scope.reset(self._token)


class SettledConfiguration:
    """Middleware: each request reads the configuration's version once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_version():
            return self.get_response(request)
