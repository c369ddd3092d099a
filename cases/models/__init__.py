"""The cases app's models, split by noun: the case (`case`), its timeline (`timeline`), what
follows from it (`followup`), what people at the desk are told (`notification`), the
customer's links (`link`), reminders (`reminder`), and the business calendar SLA clocks
count in (`calendar`)."""

from .calendar import WEEKDAYS, BusinessCalendar, Holiday
from .case import (
    REFERENCE_PATTERN,
    SEARCH_CUSTOMER_LIMIT,
    Case,
    CaseQuerySet,
    Category,
    Customer,
    ReferenceCounter,
    SlaTarget,
    severity_rank,
)
from .followup import Commitment, CommitmentQuerySet
from .link import CustomerLink, LinkPurpose
from .notification import (
    EMAIL_GROUPS,
    EmailMode,
    Notification,
    NotificationChoices,
    NotificationQuerySet,
)
from .reminder import (
    ESCALATIONS,
    TO_CUSTOMER,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    ReminderQuerySet,
    Survey,
)
from .timeline import CaseEvent, EventKind

__all__ = [
    "WEEKDAYS", "BusinessCalendar", "Holiday",
    "REFERENCE_PATTERN", "SEARCH_CUSTOMER_LIMIT", "Case", "CaseEvent", "CaseQuerySet",
    "Category", "Customer", "EventKind", "ReferenceCounter", "SlaTarget", "severity_rank",
    "Commitment", "CommitmentQuerySet", "CustomerLink", "LinkPurpose", "Notification",
    "NotificationQuerySet", "NotificationChoices", "EMAIL_GROUPS", "EmailMode",
    "ESCALATIONS", "TO_CUSTOMER",
    "Reminder", "ReminderKind", "ReminderPolicy", "ReminderQuerySet", "Survey",
]
