"""A person's notifications: the in-app half of what `cases.notify` sends."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import notify
from .access import desk_user_required
from .models import Notification


@desk_user_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related("case")
    return render(request, "cases/notifications.html", {"notifications": notifications[:100]})


@require_POST
@desk_user_required
def mark_all_read(request):
    count = notify.mark_read(request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications")
