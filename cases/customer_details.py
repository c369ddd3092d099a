"""Correcting a customer's details on the desk (`/customers/<id>/edit/`, managers): their
email after a bounce, their name, company and tier. The admin did this before it became
superusers' only; the rules are the same as there."""

from django.db import IntegrityError, transaction

from recovery.errors import RecoveryError

from . import work
from .models import Customer


def correct(customer, *, email, name, company, tier, by) -> Customer:
    """Record the customer's details as a person at the desk knows them. From now on they
    are the desk's: the integration that first told us of the customer no longer changes
    the tier (`details_from` cleared, see `cases.intake`). A new email clears the
    "unreachable" flag of their cases, each on its timeline (`work.customer_email_corrected`).

    Raises RecoveryError (field `email`) when another customer has that address.
    """
    email = email.strip().lower()
    taken = RecoveryError("Another customer has this email address.", code="taken",
                          field="email")
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if Customer.objects.filter(email__iexact=email).exclude(pk=customer.pk).exists():
            raise taken
        before = customer.email
        customer.email, customer.name, customer.company, customer.tier = (
            email, name.strip(), company.strip(), tier)
        customer.details_from = None
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:  # someone gave another customer this address a moment ago
            raise taken from None
        if email != before:
            work.customer_email_corrected(customer, before, by=by)
    return customer
