"""Desk-wide lists every case page or the queue shows and that change a few times a month at
most: the active lexicon, the desk's people (the assignee drop-downs), the open incidents
(the "join an incident" drop-down). A page reads them from the cache instead of the
database; the code that changes one forgets it once its transaction commits, and each is
read again after `SECONDS` in any case (the embedded mode's per-process cache has no shared
forgetting). The desk's configuration rows, categories included, are `recovery.settled`'s.

Only what pages *show* is read here: a change is still checked against the database (a
form's choice when posted, the lexicon when a step is written or the apology is sent).

With Redis down the pages read the database, as they did before this cache: a cache is a
saving, never a reason for a page to fail (tests/resilience/test_outages.py)."""

import logging

from django.core.cache import cache
from django.db import transaction

SECONDS = 60
log = logging.getLogger(__name__)


def remembered(key: str, read):
    """The list cached under `key`, or `read()`'s (a list), cached."""
    try:
        found = cache.get(key)
    except Exception:  # redis-py's ConnectionError and kin: the cache is unreachable
        log.warning("Cache unreachable: %s read from the database", key)
        return list(read())
    if found is None:
        found = list(read())
        _quietly(cache.set, key, found, SECONDS)
    return found


def forget(key: str) -> None:
    """After the caller's transaction commits (at once outside one), the list is read again.
    With the cache unreachable there is nothing to forget now; its entry expires by itself."""
    transaction.on_commit(lambda: _quietly(cache.delete, key))


def _quietly(call, *args):
    try:
        call(*args)
    except Exception:  # the cache is unreachable: the page goes on without it
        log.warning("Cache unreachable: %s not written", args[0])
