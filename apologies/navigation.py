"""Managers see how many remedies wait for them in the navigation (read with the desk's
other counts: `cases.context_processors`)."""

from django.db.models import Count, IntegerField, Subquery

from .models import ApprovalStatus, RemedyApproval


def waiting_approvals(user):
    if not user.is_manager:
        return None
    waiting = (RemedyApproval.objects.filter(status=ApprovalStatus.PENDING).order_by()
               .values("status").annotate(waiting=Count("pk")).values("waiting"))
    return Subquery(waiting, output_field=IntegerField())
