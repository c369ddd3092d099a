import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery import settled

from .destinations import validate_destination

EVENTS = ["case.created", "case.step_completed", "case.apology_sent", "case.resolved",
          "case.closed", "case.reopened", "case.escalated"]


def validate_http_url(value):
    """Only migration 0001 refers to this; the field now uses `validate_destination`."""
    if not value.lower().startswith(("http://", "https://")):
        raise ValidationError("Only http and https URLs.")


def new_secret():
    return secrets.token_hex(32)


class Subscription(models.Model):
    """Where to POST which events. Owned by the API key that made it (an integration's
    key gets events of its own cases only) or by a person."""

    # Checked wherever a subscription is made (API, admin) and again at every attempt.
    url = models.URLField(max_length=500, validators=[validate_destination])
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=128, default=new_secret)
    api_key = models.ForeignKey("accounts.ApiKey", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="webhooks")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.CASCADE, related_name="webhooks")
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Given up"


class Delivery(models.Model):
    """One event for one subscription: a row from the moment the event happens, sent by
    Celery, retried with backoff; the log the subscriber reads."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE,
                                     related_name="deliveries")
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40)
    case = models.ForeignKey("cases.Case", null=True, on_delete=models.SET_NULL, related_name="+")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)  # by the dispatcher (beat)
    # An attempt is in flight since then (claimed by one sender; taken over when stale).
    sending_since = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index("next_attempt_at", name="delivery_pending_idx",
                                condition=Q(status="pending"))]

    def __str__(self):
        return f"{self.event} → {self.subscription_id}"


settled.watch(Subscription)
