"""A person's notifications: the in-app half of what `cases.notify` sends, grouped by case
(`cases.inbox`), and their choice of how the emails come."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import inbox as inbox_model
from . import notify
from .access import desk_user_required
from .models import BusinessCalendar, NotificationChoices
from .notification_forms import EmailChoicesForm


@desk_user_required
def inbox(request):
    return render(request, "cases/notifications.html",
                  {"groups": inbox_model.groups(request.user)})


@require_POST
@desk_user_required
def mark_all_read(request):
    """All of this person's notifications, or (`case`) those about one case."""
    case_id = request.POST.get("case")
    if case_id is not None and not case_id.isdigit():
        return HttpResponseBadRequest("case: a case id")
    count = notify.mark_read(request.user, case_id=int(case_id) if case_id else None)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications")


@desk_user_required
def email_choices(request):
    """How this person gets each group of notifications by email, and their digest's hour."""
    zone_name = BusinessCalendar.current().time_zone
    if request.method == "POST":
        form = EmailChoicesForm(request.POST, zone_name=zone_name)
        if form.is_valid():
            notify.choose_emails(request.user, form.emails(), form.cleaned_data["digest_hour"])
            messages.success(request, "Your email choices are saved.")
            return redirect("notification-settings")
    else:
        choices = NotificationChoices.of([request.user.pk])[request.user.pk]
        form = EmailChoicesForm(initial=EmailChoicesForm.initial_of(choices),
                                zone_name=zone_name)
    return render(request, "cases/notification_settings.html", {"form": form})
