"""The managed list of root causes (the explain step's choice), kept by managers on
`/root-causes/`. A slug is how the API names a root cause, so it is chosen once; one no
longer used is made inactive (steps keep theirs), never deleted."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from recovery.errors import RecoveryError

from .models import RootCause


def add(*, name, slug="") -> RootCause:
    """A new, active root cause. Raises RecoveryError (field `slug`) when it is taken."""
    slug = slugify(slug or name).replace("-", "_")
    if not slug:
        raise RecoveryError("Give the root cause a slug of letters or digits.", field="slug")
    taken = RecoveryError(f"Another root cause has the slug “{slug}”.", code="taken",
                          field="slug")
    if RootCause.objects.filter(slug=slug).exists():
        raise taken
    try:
        with transaction.atomic():
            return RootCause.objects.create(slug=slug, name=name.strip())
    except IntegrityError:  # added by someone else a moment ago
        raise taken from None


def change(root_cause, *, name, is_active) -> RootCause:
    with transaction.atomic():
        root_cause = RootCause.objects.select_for_update().get(pk=root_cause.pk)
        root_cause.name, root_cause.is_active = name.strip(), is_active
        root_cause.save()
    return root_cause
