"""What every desk page's navigation shows: how many of the signed-in person's cases (and
notifications about no case) have unread notifications (`cases.inbox`), and the counts other
apps add (`register_count`: the remedies waiting for a manager, say). All of them are read
in one query, and only when a page shows one."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from .models import Notification

_counts = {}


def register_count(name, expression_for):
    """`expression_for(user)` returns a scalar subquery counting something for the
    navigation (it may use OuterRef("pk"), the user), or None when the user sees no such
    count; the count reaches every template as `name`."""
    _counts[name] = expression_for
    return expression_for


def unread_groups(user):
    """How many cases have unread notifications, plus unread ones about no case
    (`cases.inbox.unread_groups`, as one scalar subquery)."""
    unread = (Notification.objects.filter(recipient=OuterRef("pk")).unread().order_by()
              .values("recipient")
              .annotate(groups=Count("case", distinct=True)
                        + Count("pk", filter=Q(case__isnull=True)))
              .values("groups"))
    return Subquery(unread, output_field=IntegerField())


register_count("unread_notifications", unread_groups)


def desk(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    expressions = {name: expression_for(user) for name, expression_for in _counts.items()}
    expressions = {name: Coalesce(expression, 0) for name, expression in expressions.items()
                   if expression is not None}
    counted = {}

    def count(name):
        if not counted:  # the first count a page shows reads them all
            counted.update(get_user_model().objects.filter(pk=user.pk)
                           .values(**expressions).get())
        return counted[name]

    return {name: SimpleLazyObject(lambda name=name: count(name)) for name in expressions}
