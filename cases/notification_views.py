"""A person's notifications: the in-app half of what `cases.notify` sends."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import notify
from .access import desk_user_required
from .forms import EmailChoicesForm
from .models import EMAIL_GROUPS, Notification, NotificationChoices


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


@desk_user_required
def email_choices(request):
    """Which notifications this person gets by email."""
    if request.method == "POST":
        form = EmailChoicesForm(request.POST)
        if form.is_valid():
            notify.choose_emails(request.user, form.quiet())
            messages.success(request, "Your email choices are saved.")
            return redirect("notification-settings")
    else:
        choices = NotificationChoices.objects.filter(person=request.user).first()
        quiet = set(choices.quiet if choices else [])
        form = EmailChoicesForm(initial={
            "emailed": [key for key, _, _ in EMAIL_GROUPS if key not in quiet]})
    return render(request, "cases/notification_settings.html", {"form": form})
