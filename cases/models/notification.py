"""What people at the desk are told: notifications, and each person's choice of how they get
them by email (at once, in a daily digest, or not at all)."""

from datetime import datetime, time

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .case import Case


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def current(self, now):
        """Still true at `now`: a "due soon" says nothing once its target has passed."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class Notification(models.Model):
    """Something a person at the desk should know, shown in the app and sent by email once:
    on its own or with the others about its case that arose within a few minutes
    (`cases.notify`), or in the person's daily digest (`cases.digest`). `email_claimed_at`
    is set while a worker sends it, `emailed_at` once the email was handed to the backend;
    both stay empty when the person does not want this kind by email at once
    (`NotificationChoices`). `read_at` is set when they read it, or when what it asked for
    is done (`cases.notify.settle`). `expires_at`: a warning's target, after which it is
    not emailed (it would say "due soon" about something already late)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index("recipient", F("created_at").desc(), name="notification_inbox_idx"),
            models.Index("recipient", name="notification_unread_idx",
                         condition=Q(read_at__isnull=True)),
            models.Index("created_at", name="notification_unemailed_idx",
                         condition=Q(emailed_at__isnull=True)),
        ]

    def __str__(self):
        return self.subject


# What a person may choose to get in a daily digest or not by email, in their words:
# (key, label, kinds). Kinds in no group (a webhook disabled, say) are always emailed at once.
EMAIL_GROUPS = [
    ("warnings", "Due soon: first response, resolution, next update, a commitment",
     ["first_response_near", "resolution_near", "update_due", "commitment_due"]),
    ("idle", "A case idle in one step", ["step_idle"]),
    ("escalations", "Escalations: a target missed, a commitment overdue",
     ["first_response_breached", "resolution_breached", "commitment_overdue"]),
    ("digest", "The daily list of cases past a target (managers)", ["digest"]),
    ("approvals", "Remedies waiting for approval", ["approval_requested"]),
    ("decisions", "Decisions on my remedies", ["remedy_approved", "remedy_declined"]),
    ("customers", "Customers: reopened cases, low survey scores, email not delivered",
     ["reopened_by_customer", "low_score", "customer_unreachable"]),
]
GROUP_OF_KIND = {kind: key for key, _, kinds in EMAIL_GROUPS for kind in kinds}


class EmailMode(models.TextChoices):
    NOW = "now", "Email at once"
    DIGEST = "digest", "In a daily digest"
    OFF = "off", "Not by email"


def default_digest_hour() -> int:
    return settings.DIGEST_HOUR


class NotificationChoices(models.Model):
    """How a person gets each group of notifications by email (`emails`: group key → an
    `EmailMode`; a group not named is emailed at once), and the hour of their daily digest
    in the desk's time zone. In the app they see every notification.

    `digest_claimed_at` is set while a worker sends the digest; `last_digest_at` is when the
    last one was sent (what it listed arrived before then), so a beat that runs twice sends
    one digest a day."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    emails = models.JSONField(default=dict, blank=True)
    digest_hour = models.PositiveSmallIntegerField(
        default=default_digest_hour, validators=[MaxValueValidator(23)])
    last_digest_at = models.DateTimeField(null=True, blank=True)
    digest_claimed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Email choices of {self.person}"

    def mode_of(self, kind) -> str:
        group = GROUP_OF_KIND.get(str(kind))
        return self.emails.get(group, EmailMode.NOW) if group else EmailMode.NOW

    def kinds_in(self, mode) -> set[str]:
        return {kind for key, _, kinds in EMAIL_GROUPS
                if self.emails.get(key, EmailMode.NOW) == mode for kind in kinds}

    @property
    def wants_digest(self) -> bool:
        return EmailMode.DIGEST in self.emails.values()

    def digest_time(self, now, zone) -> datetime:
        """Today's digest time (in `zone`, the desk's) as of `now`."""
        return datetime.combine(timezone.localdate(now, zone), time(self.digest_hour),
                                tzinfo=zone)

    def digest_is_due(self, now, zone) -> bool:
        """Today's hour has come, and today's digest has not gone yet."""
        due = self.digest_time(now, zone)
        return self.wants_digest and due <= now and (
            self.last_digest_at is None or self.last_digest_at < due)

    @classmethod
    def of(cls, person_ids) -> dict[int, "NotificationChoices"]:
        """Each person's choices; a person who never chose gets the default (all at once)."""
        person_ids = set(person_ids)
        found = {c.person_id: c for c in cls.objects.filter(person_id__in=person_ids)}
        return {pk: found.get(pk) or cls(person_id=pk) for pk in person_ids}

    @classmethod
    def mode(cls, person, kind) -> str:
        return cls.of([person.pk])[person.pk].mode_of(kind)
