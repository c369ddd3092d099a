"""Desk-wide lists every case page shows and that change a few times a month at most: the
active lexicon, the desk's people (the assignee drop-down), the open incidents (the "join an
incident" drop-down). A page reads them from the cache instead of the database; the code
that changes one forgets it once its transaction commits, and each is read again after
`SECONDS` in any case (the embedded mode's per-process cache has no shared forgetting).

Only what pages *show* is read here: a change is still checked against the database (a
form's choice when posted, the lexicon when a step is written or the apology is sent)."""

from django.core.cache import cache
from django.db import transaction

SECONDS = 60


def remembered(key: str, read):
    """The list cached under `key`, or `read()`'s (a list), cached."""
    found = cache.get(key)
    if found is None:
        found = list(read())
        cache.set(key, found, SECONDS)
    return found


def forget(key: str) -> None:
    """After the caller's transaction commits (at once outside one), the list is read again."""
    transaction.on_commit(lambda: cache.delete(key))
