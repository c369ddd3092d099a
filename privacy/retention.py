"""Storage limitation (GDPR Art. 5(1)(e)): with RETENTION_DAYS set, a case closed more than
that many days ago has its customer's words erased, as a manager's erasure would, by beat.

In batches (RETENTION_BATCH_SIZE per run), one transaction per case, each case marked done
(`CaseErasure`) in its own transaction: a run that dies resumes with the next case, and a
case is never done twice. A customer is erased once none of their cases is left unexpired.
The figures on /insights/ do not change: words go, numbers and dates stay.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.choices import Status
from cases.models import Case, Customer

from . import erasure
from .models import CaseErasure, Erasure, Reason


def expired_cases(now=None):
    """Closed cases past the retention period whose words are still there."""
    days = settings.RETENTION_DAYS
    if not days:
        return Case.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (Case.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff)
            .exclude(pk__in=CaseErasure.objects.values("case_id")).order_by("closed_at", "pk"))


def run(now=None, batch=None) -> int:
    """Erase up to `batch` expired cases; returns how many were erased."""
    batch = batch or settings.RETENTION_BATCH_SIZE
    done = 0
    for case_id, customer_id in expired_cases(now).values_list("pk", "customer_id")[:batch]:
        done += _erase_one(case_id, customer_id)
    return done


def _erase_one(case_id, customer_id) -> int:
    files = []
    with transaction.atomic():
        # The customer's row is the lock: a manager's erasure of them waits, or went first.
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        if CaseErasure.objects.filter(case_id=case_id).exists():
            return 0  # another run got there first
        all_cases = list(Case.objects.filter(customer=customer).values_list("pk", flat=True))
        identity = erasure.identity_of(customer, all_cases)
        files += erasure.erase_cases(customer, [case_id], identity, by=None,
                                     reason=Reason.RETENTION)
        unexpired = (Case.objects.filter(customer=customer)
                     .exclude(pk__in=CaseErasure.objects.values("case_id")).exists())
        if not unexpired and not erasure.is_erased(customer):
            files += erasure.erase_customer_row(customer, all_cases, identity)
            Erasure.objects.create(customer=customer, reason=Reason.RETENTION)
        transaction.on_commit(lambda: erasure.delete_files(files))
    return 1
