"""A person's notifications as the app shows them: grouped by case, the case with the newest
news first, each group newest first. A notification about no case stands alone.

The page and the navigation's badge both read from here, so they agree on what counts: the
badge is the number of groups with something unread (a case three things happened to is one
thing to look at), not the number of rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from .models import Notification

# How many of the newest notifications the page groups; older ones are out of sight (and,
# being older than this many, read or not, no longer news).
SHOWN = 200


@dataclass
class Group:
    case: object  # the Case, or None
    notifications: list = field(default_factory=list)  # newest first

    @property
    def newest(self):
        return self.notifications[0]

    @property
    def older(self):
        return self.notifications[1:]

    @property
    def unread(self) -> int:
        return sum(1 for n in self.notifications if n.read_at is None)


def groups(person, limit=SHOWN) -> list[Group]:
    """One query, however many cases."""
    found: dict = {}
    rows = (Notification.objects.filter(recipient=person)
            .select_related("case").order_by("-created_at", "-id")[:limit])
    for notification in rows:
        key = notification.case_id or f"alone-{notification.pk}"
        found.setdefault(key, Group(notification.case)).notifications.append(notification)
    return list(found.values())  # dicts keep the order in which each group's newest came


def unread_groups(person) -> int:
    """How many cases have unread notifications, plus unread ones about no case (one
    query)."""
    counts = Notification.objects.filter(recipient=person).unread().aggregate(
        cases=Count("case", distinct=True), alone=Count("pk", filter=Q(case__isnull=True)))
    return counts["cases"] + counts["alone"]
