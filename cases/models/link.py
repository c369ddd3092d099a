"""The customer's private links: one row per link we mailed, holding only the SHA-256 of
its random token (`cases.links` makes and reads them)."""

from django.db import models
from django.utils import timezone

from .case import Case


class LinkPurpose(models.TextChoices):
    STATUS = "status", "Status page"
    SURVEY = "survey", "Survey"


class CustomerLink(models.Model):
    """A link to the case's status page or survey, as sent in one email. The token itself
    is never stored: a copy of the database gives no working link. It works until
    `expires_at`, or until an agent revokes the case's links."""

    # indexed: revoking finds a case's links, the legacy check asks whether any exist
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="customer_links")
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.case_id} {self.purpose} link until {self.expires_at:%Y-%m-%d}"
