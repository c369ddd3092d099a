"""What follows from a case: the promises made to the customer, and what people at the
desk are told."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from recovery.text import single_line

from .case import Case


class CommitmentQuerySet(models.QuerySet):
    def outstanding(self):
        """Promises still owed: neither kept nor released. A case with one cannot be
        resolved or closed (`cases.work.require_promises_settled`)."""
        return self.filter(kept_at__isnull=True, released_at__isnull=True)


class Commitment(models.Model):
    """A promise made to the customer (usually in the fix step): what, by whom, by when.
    Tracked until kept, or released with a reason (we will not do it, and say why on the
    record); reminders come due from `due_at`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="commitments")
    description = models.CharField(max_length=500, validators=[single_line])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="commitments",
    )
    due_at = models.DateTimeField()
    kept_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index("case", "due_at", name="commitment_case_due_idx")]

    def __str__(self):
        return f"{self.description} (due {self.due_at:%Y-%m-%d})"

    # A promise to a customer years away is a typo, not a plan; year 9999 also overflowed
    # the reminders planned from it (due + grace period).
    HORIZON_YEARS = 5

    @classmethod
    def due_at_problem(cls, due_at, now=None) -> str | None:
        """Why `due_at` cannot be a new commitment's due time, or None: it must be in the
        future and within HORIZON_YEARS. The API, the form and the domain all ask this."""
        now = now or timezone.now()
        if due_at <= now:
            return "A commitment must be due in the future."
        if due_at - now > timedelta(days=365 * cls.HORIZON_YEARS):
            return f"A commitment must be due within {cls.HORIZON_YEARS} years."
        return None

    @property
    def is_outstanding(self) -> bool:
        return self.kept_at is None and self.released_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_outstanding and self.due_at < timezone.now()

    @property
    def state(self) -> str:
        """open, kept or released (the API's `state`)."""
        if self.kept_at is not None:
            return "kept"
        return "released" if self.released_at is not None else "open"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person at the desk should know, shown in the app and sent by email once
    (`emailed_at` is set when the email was handed to the backend; it stays empty when the
    person does not want this kind by email, `NotificationChoices`). `read_at` is set when
    they read it, or when what it asked for is done (`cases.notify.settle`)."""

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
    emailed_at = models.DateTimeField(null=True, blank=True)

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


# What a person may choose not to get by email, in their words: (key, label, kinds).
# Kinds in no group (a webhook disabled, say) are always emailed.
EMAIL_GROUPS = [
    ("warnings", "Due soon: first response, resolution, next update, a commitment",
     ["first_response_near", "resolution_near", "update_due", "commitment_due"]),
    ("idle", "A case idle in one step", ["step_idle"]),
    ("escalations", "Escalations: a target missed, a commitment overdue",
     ["first_response_breached", "resolution_breached", "commitment_overdue"]),
    ("digest", "The daily digest of cases past a target", ["digest"]),
    ("approvals", "Remedies waiting for approval", ["approval_requested"]),
    ("decisions", "Decisions on my remedies", ["remedy_approved", "remedy_declined"]),
    ("customers", "Customers: reopened cases, low survey scores, email not delivered",
     ["reopened_by_customer", "low_score", "customer_unreachable"]),
]


class NotificationChoices(models.Model):
    """Which notifications a person gets by email: everything, unless they turned some
    groups off (`/notifications/settings/`). In the app they see every notification."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    quiet = models.JSONField(default=list, blank=True)  # EMAIL_GROUPS keys not emailed

    def __str__(self):
        return f"Email choices of {self.person}"

    @classmethod
    def quiet_kinds(cls, person_ids) -> dict[int, set[str]]:
        """For each of these people who turned some emails off: the kinds they do not get."""
        groups = {key: kinds for key, _, kinds in EMAIL_GROUPS}
        return {
            person_id: {kind for key in quiet for kind in groups.get(key, ())}
            for person_id, quiet in cls.objects.filter(person_id__in=set(person_ids))
            .values_list("person_id", "quiet") if quiet
        }
