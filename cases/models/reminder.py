"""Time-based promises as rows: reminders, the policy that times them, and the customer's
survey. PostgreSQL is the truth; the broker only carries "send reminder 42 now"."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery import settled

from .case import Case
from .followup import Commitment


class ReminderKind(models.TextChoices):
    FIRST_RESPONSE_NEAR = "first_response_near", "First response due soon"
    RESOLUTION_NEAR = "resolution_near", "Resolution due soon"
    STEP_IDLE = "step_idle", "Case idle in one step"
    COMMITMENT_DUE = "commitment_due", "Commitment due soon"
    FIRST_RESPONSE_BREACHED = "first_response_breached", "First-response target breached"
    RESOLUTION_BREACHED = "resolution_breached", "Resolution target breached"
    COMMITMENT_OVERDUE = "commitment_overdue", "Commitment overdue"
    SURVEY = "survey", "Customer survey"
    SURVEY_REMINDER = "survey_reminder", "Customer survey reminder"
    DIGEST = "digest", "Daily digest of breaches"
    UPDATE_DUE = "update_due", "Next update to the customer due soon"


# Escalations go to managers and appear on the timeline as `escalated`.
ESCALATIONS = {ReminderKind.FIRST_RESPONSE_BREACHED, ReminderKind.RESOLUTION_BREACHED,
               ReminderKind.COMMITMENT_OVERDUE}
TO_CUSTOMER = {ReminderKind.SURVEY, ReminderKind.SURVEY_REMINDER}


class ReminderQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, cancelled_at__isnull=True)


class Reminder(models.Model):
    """One thing to send at `due_at`, once.

    `key` makes scheduling idempotent (one row per case and purpose). The dispatcher sets
    `claimed_at` when it hands the row to a worker; `sent_at` is set in the transaction
    that sends; a claim older than REMINDER_CLAIM_TIMEOUT is claimed again, so a lost task
    (worker killed, broker emptied) means a retry, never a lost reminder.
    """

    # Indexes are kept to what is read: every intake writes five reminders into a table of
    # millions, and each index is one more page to change per row (see `Meta.indexes`).
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    case = models.ForeignKey(  # indexed by (case, kind) below
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders",
        db_index=False,
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders",
        db_index=False,
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text="Empty: decided when sent (assignee, managers, customer)",
        db_index=False,
    )
    due_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The dispatcher's one query: pending rows by due time. Sent and cancelled rows
            # are not in it, so its size is what is pending, and a cycle with nothing due
            # reads one index page.
            models.Index("due_at", name="reminder_pending_due_idx",
                         condition=Q(sent_at__isnull=True, cancelled_at__isnull=True)),
            models.Index("case", "kind", name="reminder_case_kind_idx"),
            # Most reminders have no commitment and no fixed recipient: only the rows that
            # do are indexed (a lookup by one of them still uses these).
            models.Index("commitment", name="reminder_commitment_idx",
                         condition=Q(commitment__isnull=False)),
            models.Index("recipient", name="reminder_recipient_idx",
                         condition=Q(recipient__isnull=False)),
        ]
        constraints = [
            # A unique constraint, not `unique=True`: the same index without the extra
            # `LIKE` index Django adds for unique text columns (keys are never searched).
            models.UniqueConstraint("key", name="reminder_key_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_escalation(self) -> bool:
        return self.kind in ESCALATIONS


class ReminderPolicy(models.Model):
    """The lead times and delays of reminders; one row (pk 1), edited in the admin."""

    warn_at_percent = models.PositiveSmallIntegerField(
        default=75, help_text="Remind the assignee when this much of a target's window is used"
    )
    step_idle_hours = models.PositiveIntegerField(
        default=24, help_text="Remind the assignee when a case stays this long in one step"
    )
    commitment_lead_hours = models.PositiveIntegerField(
        default=24, help_text="Remind a commitment's owner this long before it is due"
    )
    commitment_grace_hours = models.PositiveIntegerField(
        default=2, help_text="Escalate a commitment not kept this long after it was due"
    )
    survey_delay_days = models.PositiveIntegerField(
        default=3, help_text="Send the customer the survey this long after the apology"
    )
    survey_reminder_days = models.PositiveIntegerField(
        default=4, help_text="Remind the customer once, this long after the survey"
    )
    low_csat = models.PositiveSmallIntegerField(
        default=2, help_text="A satisfaction score at or below this reopens the case"
    )

    class Meta:
        verbose_name = "reminder policy"
        verbose_name_plural = "reminder policy"

    def __str__(self):
        return "Reminder policy"

    @classmethod
    def current(cls) -> "ReminderPolicy":
        """The row, or the defaults: kept by the process (`recovery.settled`)."""
        return settled.current("reminder-policy",
                               lambda: cls.objects.filter(pk=1).first() or cls(pk=1))

    def warn_at(self, start, due):
        return start + (due - start) * self.warn_at_percent / 100

    @property
    def step_idle(self):
        return timedelta(hours=self.step_idle_hours)


class Survey(models.Model):
    """The short survey the customer answers after the apology (one per case)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="survey")
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)
    nps = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=5000)

    def __str__(self):
        return f"Survey for {self.case_id}"


settled.watch(ReminderPolicy)
