"""What every desk page's navigation shows: the signed-in person's unread notifications."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def desk(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: counted only when a page shows it.
    unread = Notification.objects.filter(recipient=user).unread()
    return {"unread_notifications": SimpleLazyObject(unread.count)}
