"""What every desk page's navigation shows: how many of the signed-in person's cases (and
notifications about no case) have unread notifications (`cases.inbox`)."""

from django.utils.functional import SimpleLazyObject

from . import inbox


def desk(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: counted only when a page shows it.
    return {"unread_notifications": SimpleLazyObject(lambda: inbox.unread_groups(user))}
