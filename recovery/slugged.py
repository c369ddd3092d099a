"""Adding a row named once by its slug (a category, a root cause): the API and integrations
name it by the slug, so it is made from the name when none is given, must be unique, and
a slug taken by someone else a moment ago is the same refusal as one taken long ago."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .errors import RecoveryError


def create_slugged(model, noun: str, *, name: str, slug: str = "", **fields):
    """A new `model` row called `name`. Raises RecoveryError (field `slug`) when the slug is
    empty or taken."""
    slug = slugify(slug or name).replace("-", "_")
    if not slug:
        raise RecoveryError(f"Give the {noun} a slug of letters or digits.", field="slug")
    taken = RecoveryError(f"Another {noun} has the slug “{slug}”.", code="taken", field="slug")
    if model.objects.filter(slug=slug).exists():
        raise taken
    try:
        with transaction.atomic():
            return model.objects.create(slug=slug, name=name.strip(), **fields)
    except IntegrityError:  # added by someone else a moment ago
        raise taken from None
