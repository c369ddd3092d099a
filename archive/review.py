"""Managers' review of an archived apology: a rating, exemplary or not, lessons learned."""

from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.models import EventKind
from recovery.errors import NotAllowed

from .models import ArchivedApology


def require_manager(by, doing):
    user = getattr(by, "user", by)  # an API key acts as its user
    if user is None or not getattr(user, "is_manager", False):
        raise NotAllowed(f"Only managers {doing}.")
    return user


def review(archived, *, rating, exemplary: bool, lessons: str, by) -> ArchivedApology:
    require_manager(by, "review archived apologies")
    with transaction.atomic():
        archived = ArchivedApology.objects.select_for_update().get(pk=archived.pk)
        archived.rating, archived.exemplary = rating, exemplary
        archived.lessons = lessons.strip()
        archived.reviewed_by, archived.reviewed_at = getattr(by, "user", by), timezone.now()
        archived.save(update_fields=["rating", "exemplary", "lessons", "reviewed_by",
                                     "reviewed_at"])
        timeline.record(archived.case, EventKind.ARCHIVE_REVIEWED, by=by,
                        to_value=f"{rating}/5" if rating else "",
                        note=archived.lessons, exemplary=exemplary)
    return archived
