"""Saved views of the queue: a person names the queue's filters, sort and search, and opens
them again with one click.

Who may do what (the desk's rules, enforced here, not only in the page):
- anyone at the desk saves views for themselves (personal: only they see them);
- only managers share a view with the whole desk: a shared view shows above every agent's
  queue, so, like the lexicon, what everyone sees is a manager's call — and the row of
  views stays short;
- a view is renamed or deleted by its owner; a shared view also by any manager (its owner
  may be away or gone). Someone else's personal view is not there at all for others (404).

The query is stored as the queue's own query string (only `QueueFilter`'s keys, in its
order), after QueueFilter has checked it, so opening a view applies exactly what was saved.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict

from accounts.models import User
from recovery.errors import NotAllowed, RecoveryError
from recovery.text import SINGLE_LINE_MESSAGE, single_line

from . import work
from .filters import QueueFilter
from .models import Case, SavedView

MAX_PER_PERSON = 30
MAX_QUERY_LENGTH = SavedView._meta.get_field("query").max_length


def query_of(data: QueryDict) -> str:
    """The queue's query string in one canonical spelling: only the filters' keys, in the
    filters' order, without empty values — except an empty value of a key the queue fills
    in when it is absent (`status=` means any status; no `status` means active ones).
    Two spellings of the same queue compare equal, which marks the view being looked at."""
    defaulted = set(QueueFilter(QueryDict(), queryset=Case.objects.none()).data)
    canonical = QueryDict(mutable=True)
    for key in QueueFilter.base_filters:
        values = [value for value in data.getlist(key) if value.strip()]
        if values:
            canonical.setlist(key, values)
        elif key in defaulted and key in data:
            canonical[key] = ""
    return canonical.urlencode()


def check_query(query: str) -> str:
    """`query` canonical (`query_of`), once QueueFilter accepts it. Raises RecoveryError
    (field "query") naming each filter it refuses, or for a query too long to keep."""
    canonical = query_of(QueryDict(query.lstrip("?")))
    if len(canonical) > MAX_QUERY_LENGTH:
        raise RecoveryError(f"These filters are too long to save (at most {MAX_QUERY_LENGTH} "
                            "characters).", field="query")
    queue_filter = QueueFilter(QueryDict(canonical), queryset=Case.objects.none())
    if not queue_filter.is_valid():
        form = queue_filter.form
        problems = "; ".join(f"{form[name].label}: {' '.join(errors)}"
                             for name, errors in form.errors.items())
        raise RecoveryError(f"These filters cannot be saved — {problems}", field="query")
    return canonical


def save_view(name: str, query: str, *, shared: bool = False, by) -> SavedView:
    """Save the queue's `query` as `name`, for its owner `by` (shared with the desk if asked,
    managers only).

    Raises NotAllowed (field "shared") for an agent sharing, RecoveryError for an empty or
    taken name, a refused query, or a person who already keeps MAX_PER_PERSON views."""
    person = work.require_person(by, "save views")
    name = _name(name)
    if shared and not person.is_manager:
        raise NotAllowed("Only managers share views with the desk; save it for yourself.",
                         field="shared")
    query = check_query(query)
    with transaction.atomic():
        # One save at a time per person (their row locked), so two saves at once cannot
        # both pass the count below.
        User.objects.select_for_update().filter(pk=person.pk).first()
        if person.saved_views.count() >= MAX_PER_PERSON:
            raise RecoveryError(f"You keep {MAX_PER_PERSON} saved views, the most one person "
                                "may: delete one you no longer use first.", field="name")
        _require_free(person, name)
        try:
            with transaction.atomic():
                return SavedView.objects.create(owner=person, name=name, query=query,
                                                shared=shared)
        except IntegrityError:  # the name taken meanwhile, by a rename in another tab
            raise _taken(name) from None


def rename_view(view: SavedView, name: str, *, by) -> SavedView:
    """Raises NotAllowed if `by` may not change the view, RecoveryError for a bad name."""
    _require_may_change(view, by)
    name = _name(name)
    with transaction.atomic():
        view = SavedView.objects.select_for_update().get(pk=view.pk)
        if name == view.name:
            return view
        _require_free(view.owner, name, besides=view)
        view.name = name
        try:
            with transaction.atomic():
                view.save(update_fields=["name"])
        except IntegrityError:  # another tab took the name between the check and the save
            raise _taken(name) from None
    return view


def delete_view(view: SavedView, *, by) -> None:
    """Raises NotAllowed if `by` may not delete the view. Deleting it twice is no error."""
    _require_may_change(view, by)
    SavedView.objects.filter(pk=view.pk).delete()


def may_change(view: SavedView, person) -> bool:
    return view.owner_id == person.pk or (view.shared and person.is_manager)


def _require_may_change(view, by):
    person = work.require_person(by, "change saved views")
    if not may_change(view, person):
        raise NotAllowed("Only its owner or a manager may change a shared view.")


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    try:
        single_line(name)
    except ValidationError:
        raise RecoveryError(SINGLE_LINE_MESSAGE, field="name") from None
    if not name:
        raise RecoveryError("Give the view a name.", field="name")
    limit = SavedView._meta.get_field("name").max_length
    if len(name) > limit:
        raise RecoveryError(f"A view's name has at most {limit} characters.", field="name")
    return name


def _require_free(owner, name, besides=None):
    taken = owner.saved_views.filter(name__iexact=name)
    if besides is not None:
        taken = taken.exclude(pk=besides.pk)
    if taken.exists():
        raise _taken(name)


def _taken(name):
    return RecoveryError(f"You already have a view named “{name}”.", field="name")
