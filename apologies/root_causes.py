"""The managed list of root causes (the explain step's choice), kept by managers on
`/root-causes/`. A slug is how the API names a root cause, so it is chosen once; one no
longer used is made inactive (steps keep theirs), never deleted."""

from django.db import transaction

from recovery.slugged import create_slugged

from .models import RootCause


def add(*, name, slug="") -> RootCause:
    """A new, active root cause. Raises RecoveryError (field `slug`) when it is taken."""
    return create_slugged(RootCause, "root cause", name=name, slug=slug)


def change(root_cause, *, name, is_active) -> RootCause:
    with transaction.atomic():
        root_cause = RootCause.objects.select_for_update().get(pk=root_cause.pk)
        root_cause.name, root_cause.is_active = name.strip(), is_active
        root_cause.save()
    return root_cause
