"""The desk's categories (shipping, billing, …), kept by managers on `/categories/`. A
category's slug is how the API, inbound routes and integrations name it, so it is chosen
once, when the category is added; a category no longer used is made inactive (cases keep
theirs), never deleted."""

from django.db import transaction

from recovery.slugged import create_slugged

from .models import Category


def add(*, name, slug="", description="", customer_wording="") -> Category:
    """A new, active category. `slug` defaults to the name's.

    Raises RecoveryError (field `slug`) when the slug is taken or empty."""
    return create_slugged(Category, "category", name=name, slug=slug,
                          description=description.strip(),
                          customer_wording=customer_wording.strip())


def change(category, *, name, description, customer_wording, is_active) -> Category:
    """New wording, or (in)active: inactive categories cannot be chosen for new cases."""
    with transaction.atomic():
        category = Category.objects.select_for_update().get(pk=category.pk)
        category.name, category.description = name.strip(), description.strip()
        category.customer_wording, category.is_active = customer_wording.strip(), is_active
        category.save()
    return category
