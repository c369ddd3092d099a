"""The fixed vocabularies of a case. Step keys live here because a case's stage names the
next step; the apology flow builds on them (imports point from apologies to cases)."""

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"
    WEB = "web", "Web form"
    SOCIAL = "social", "Social media"
    REVIEW = "review", "Public review"
    IN_PERSON = "in_person", "In person"
    API = "api", "API"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


class Status(models.TextChoices):
    OPEN = "open", "Open"
    APOLOGY_SENT = "apology_sent", "Apology sent"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


ACTIVE_STATUSES = (Status.OPEN, Status.APOLOGY_SENT, Status.RESOLVED)


class Stage(models.TextChoices):
    """Where a case is in the five-step apology: the next step to write (the first neither
    complete nor, for the remedy, waiting for a manager; the remedy again when only its
    decision is left, or after a decline), `ready` once all five are done (the apology can
    be previewed and sent), or `sent`. The apology's read model (`apologies.flow.Apology`)
    computes it; its doors store it.

    The order of the members is the order of the method.
    """

    RESTORE_VALUE = "restore_value", "Restore lost value"
    ACKNOWLEDGE = "acknowledge", "Acknowledge responsibility"
    EXPLAIN = "explain", "Explain the problem"
    FIX = "fix", "Describe the fix"
    REGRET = "regret", "Express regret"
    READY = "ready", "Ready to send"
    SENT = "sent", "Apology sent"


STEPS = [stage for stage in Stage if stage not in (Stage.READY, Stage.SENT)]


class Tier(models.TextChoices):
    STANDARD = "standard", "Standard"
    SILVER = "silver", "Silver"
    GOLD = "gold", "Gold"
    PLATINUM = "platinum", "Platinum"
