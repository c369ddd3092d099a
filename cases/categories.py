"""The desk's categories (shipping, billing, …), kept by managers on `/categories/`. A
category's slug is how the API, inbound routes and integrations name it, so it is chosen
once, when the category is added; a category no longer used is made inactive (cases keep
theirs), never deleted."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from recovery.errors import RecoveryError

from .models import Category


def add(*, name, slug="", description="", customer_wording="") -> Category:
    """A new, active category. `slug` defaults to the name's.

    Raises RecoveryError (field `slug`) when the slug is taken or empty."""
    slug = slugify(slug or name).replace("-", "_")
    if not slug:
        raise RecoveryError("Give the category a slug of letters or digits.", field="slug")
    taken = RecoveryError(f"Another category has the slug “{slug}”.", code="taken",
                          field="slug")
    if Category.objects.filter(slug=slug).exists():
        raise taken
    try:
        with transaction.atomic():
            return Category.objects.create(slug=slug, name=name.strip(),
                                           description=description.strip(),
                                           customer_wording=customer_wording.strip())
    except IntegrityError:  # added by someone else a moment ago
        raise taken from None


def change(category, *, name, description, customer_wording, is_active) -> Category:
    """New wording, or (in)active: inactive categories cannot be chosen for new cases."""
    with transaction.atomic():
        category = Category.objects.select_for_update().get(pk=category.pk)
        category.name, category.description = name.strip(), description.strip()
        category.customer_wording, category.is_active = customer_wording.strip(), is_active
        category.save()
    return category
