"""A case's timeline: the kinds of event, and the append-only events themselves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .case import Case


class EventKind(models.TextChoices):
    """Every kind of event a case's timeline holds. `timeline.record` takes only these, and
    listeners register for these, so a misspelt kind fails where it is written rather than
    silently stopping the archive or a webhook."""

    OPENED = "opened", "Case opened"
    ASSIGNED = "assigned", "Assigned"
    UNASSIGNED = "unassigned", "Unassigned"
    NOTE = "note", "Note"
    EDITED = "edited", "Details changed"
    STEP_COMPLETED = "step_completed", "Step completed"
    STEP_EDITED = "step_edited", "Step edited"
    APPROVAL_REQUESTED = "approval_requested", "Remedy waiting for approval"
    REMEDY_APPROVED = "remedy_approved", "Remedy approved"
    REMEDY_DECLINED = "remedy_declined", "Remedy declined"
    APPROVAL_WITHDRAWN = "approval_withdrawn", "Remedy proposal withdrawn"
    COMMITMENT_KEPT = "commitment_kept", "Commitment kept"
    COMMITMENT_RELEASED = "commitment_released", "Commitment released"
    ESCALATED = "escalated", "Escalated to managers"
    SURVEY_SENT = "survey_sent", "Survey sent to the customer"
    SURVEY_ANSWERED = "survey_answered", "Customer answered the survey"
    COMMITMENT_ADDED = "commitment_added", "Commitment made"
    COMMITMENT_CHANGED = "commitment_changed", "Commitment moved"
    APOLOGY_SENT = "apology_sent", "Apology sent"
    APOLOGY_DELIVERED = "apology_delivered", "Apology email delivered"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"
    ARCHIVED = "archived", "Apology archived"
    STARTED_FROM_ARCHIVE = "started_from_archive", "Steps drafted from an archived apology"
    ARCHIVE_REVIEWED = "archive_reviewed", "Archived apology reviewed"
    PUBLISHED = "published", "Apology published"
    UNPUBLISHED = "unpublished", "Apology unpublished"
    INCIDENT_LINKED = "incident_linked", "Linked to an incident"
    INCIDENT_UNLINKED = "incident_unlinked", "Removed from an incident"
    INCIDENT_DRAFTED = "incident_drafted", "Steps drafted from the incident"
    INCIDENT_PERSONALISED = "incident_personalised", "Remedy and regret personalised"
    INCIDENT_SENT = "incident_sent", "Sent with the incident's apologies"
    INCIDENT_NOT_SENT = "incident_not_sent", "Not sent with the incident's apologies"
    INCIDENT_ANSWERED = "incident_answered", "Answered with the customer's other case"
    LINKS_REVOKED = "links_revoked", "Customer's links revoked"
    MESSAGE_SENT = "message_sent", "Message to the customer"
    COMPLAINT_RECEIVED = "complaint_received", "The customer wrote in"
    FOLLOWS_CASE = "follows_case", "Continues an earlier case"
    CUSTOMER_REPLIED = "customer_replied", "The customer wrote"
    WAITING_ON_CUSTOMER = "waiting_on_customer", "Waiting on the customer"
    WAITING_ENDED = "waiting_ended", "The customer answered"
    MESSAGE_UNDELIVERABLE = "message_undeliverable", "Email to the customer not delivered"
    MESSAGE_COMPLAINED = "message_complained", "The customer marked our email as spam"
    CUSTOMER_UNREACHABLE = "customer_unreachable", "Customer unreachable by email"
    MESSAGE_NOT_SENT = "message_not_sent", "Email to the customer not sent (our mail server)"
    CUSTOMER_REACHABLE = "customer_reachable", "Customer reachable by email again"
    ATTACHMENT_ADDED = "attachment_added", "File attached"
    CAUTIONS_CONFIRMED = "cautions_confirmed", "Lexicon cautions confirmed"
    # privacy: the customer's words on this case were erased (at their request, or after the
    # retention period); the event says who and when, never what.
    PERSONAL_DATA_ERASED = "personal_data_erased", "Customer's personal data erased"
    # A reminder sent to the desk about the case (`reminder_<ReminderKind>`); escalations
    # are `escalated`.
    REMINDER_FIRST_RESPONSE_NEAR = "reminder_first_response_near", "Reminder: first response due"
    REMINDER_RESOLUTION_NEAR = "reminder_resolution_near", "Reminder: resolution due"
    REMINDER_STEP_IDLE = "reminder_step_idle", "Reminder: idle in one step"
    REMINDER_COMMITMENT_DUE = "reminder_commitment_due", "Reminder: commitment due"
    REMINDER_UPDATE_DUE = "reminder_update_due", "Reminder: next update due"
    REMINDER_SURVEY = "reminder_survey", "Reminder: customer survey"
    REMINDER_SURVEY_REMINDER = "reminder_survey_reminder", "Reminder: customer survey again"
    REMINDER_DIGEST = "reminder_digest", "Reminder: daily digest"


class CaseEvent(models.Model):
    """One entry on a case's timeline: what changed, who did it, when. Append-only: the
    timeline is the audit trail, so rows are never updated or deleted by the application."""

    # Indexes: (case, time) below serves the case; the key's only where set.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events",
                             db_index=False)
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    api_key = models.ForeignKey(
        "accounts.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )
    from_value = models.CharField(max_length=200, blank=True)
    to_value = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index("case", "created_at", name="event_case_time_idx"),
            # Insights: the lexicon findings of the steps completed in a period.
            models.Index("created_at", name="event_step_completed_idx",
                         condition=Q(kind="step_completed")),
            models.Index("api_key", name="event_api_key_idx", condition=Q(api_key__isnull=False)),
        ]

    def __str__(self):
        return f"{self.case_id} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Timeline events are append-only; record a new event instead")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        try:
            return EventKind(self.kind).label
        except ValueError:
            return self.kind.replace("_", " ").capitalize()

    @property
    def actor_name(self) -> str:
        if self.actor_id:
            return self.actor.display_name
        if self.api_key_id:
            return f"{self.api_key.name} (API)"
        return "Recovery Desk"
