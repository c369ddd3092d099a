"""What privacy adds to the desk's pages (through `cases.panels`): the customer page's
"Personal data" section (export and erase, for managers), and the access log's witness on
the customer page and the case page — one INSERT each, at most once an hour per person
and customer (`access_log.record`)."""

from django.urls import reverse

from . import access_log, erasure
from .models import Action


def customer_section(request, customer) -> dict:
    access_log.record(request.user, customer.pk, Action.VIEWED_CUSTOMER)
    return {
        "template": "privacy/_customer_privacy.html",
        "erased": erasure.is_erased(customer),
        "may_manage": request.user.is_manager,
        "export_url": reverse("privacy:export", args=[customer.pk]),
        "erase_url": reverse("privacy:erase", args=[customer.pk]),
        "log_url": reverse("privacy:access-log") + f"?customer={customer.pk}",
    }


def case_witness(request, case) -> None:
    """Logs the view; adds nothing to the page."""
    access_log.record(request.user, case.customer_id, Action.VIEWED_CASE, case_id=case.pk)
    return None
