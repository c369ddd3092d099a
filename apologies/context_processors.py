"""Managers see how many remedies wait for them in the navigation."""

from django.utils.functional import SimpleLazyObject

from .models import ApprovalStatus, RemedyApproval


def approvals(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_manager:
        return {}
    waiting = RemedyApproval.objects.filter(status=ApprovalStatus.PENDING)
    return {"waiting_approvals": SimpleLazyObject(waiting.count)}
