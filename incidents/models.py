from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apologies.models import RemedyExtra, RemedyType, RootCause
from cases.choices import Tier
from recovery.text import single_line


class IncidentStatus(models.TextChoices):
    INVESTIGATING = "investigating", "Investigating"
    IDENTIFIED = "identified", "Identified"
    MONITORING = "monitoring", "Monitoring"
    RESOLVED = "resolved", "Resolved"


class Incident(models.Model):
    """One failure, many customers. The acknowledgement, the explanation and the fix are
    written here once and go into every linked case's apology; the remedy (by the
    customer's tier, `IncidentRemedy`) and the regret are defaults each case may change."""

    title = models.CharField(max_length=200, validators=[single_line])
    summary = models.TextField("What happened", max_length=20000,
                               help_text="For the desk; the customer reads the steps below")
    status = models.CharField(max_length=20, choices=IncidentStatus.choices,
                              default=IncidentStatus.INVESTIGATING)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.TextField(max_length=5000, blank=True)
    explanation = models.TextField(max_length=5000, blank=True)
    root_cause = models.ForeignKey(RootCause, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    fix = models.TextField(max_length=5000, blank=True)
    regret = models.TextField("Default regret", max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("incidents:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"INC-{self.pk}"


class IncidentRemedy(RemedyExtra):
    """The remedy a customer of one tier gets by default (a larger credit for the top
    tiers, say), with its extra if any (`RemedyExtra`). A tier without a row gets the
    standard tier's."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="remedies")
    tier = models.CharField(max_length=20, choices=Tier.choices)
    remedy_type = models.CharField(max_length=20, choices=RemedyType.choices)
    content = models.TextField("What we offer", max_length=5000)
    value_to_customer = models.DecimalField(max_digits=10, decimal_places=2)
    cost = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["incident", "tier"]
        constraints = [models.UniqueConstraint("incident", "tier", name="one_remedy_per_tier")]
        verbose_name_plural = "incident remedies"

    def __str__(self):
        return f"{self.get_tier_display()}: {self.get_remedy_type_display()}"


class BulkSendStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"


class BulkSend(models.Model):
    """"Send to all": one row per run, one `BulkSendItem` per linked case. The items are
    the ledger that makes a run resumable: a worker that dies leaves its unfinished items
    pending, and beat's sweep (`sending.resume_stalled`) hands them out again."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sends")
    status = models.CharField(max_length=10, choices=BulkSendStatus.choices,
                              default=BulkSendStatus.RUNNING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    handed_out_at = models.DateTimeField(
        default=timezone.now,
        help_text="When its pending items were last handed to the workers (started, "
                  "resumed by a manager, or by beat's sweep of stalled runs)")

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # One run at a time per incident: "Send to all" again resumes it.
            models.UniqueConstraint("incident", name="one_running_send_per_incident",
                                    condition=models.Q(status="running")),
        ]

    def __str__(self):
        return f"{self.incident.reference} send {self.pk} ({self.status})"


class ItemState(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    # The customer's apology went with another of their cases (`answered_by`).
    ANSWERED = "answered", "Answered with another case"
    FAILED = "failed", "Failed"


class BulkSendItem(models.Model):
    bulk_send = models.ForeignKey(BulkSend, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=ItemState.choices,
                             default=ItemState.PENDING)
    detail = models.CharField(max_length=300, blank=True)
    answered_by = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", help_text="The customer's case whose "
                                    "apology answered this one (one apology per customer)")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint("bulk_send", "case", name="one_item_per_case")]
        indexes = [models.Index("bulk_send", "state", name="bulk_item_state_idx")]

    def __str__(self):
        return f"{self.case_id}: {self.state}"
