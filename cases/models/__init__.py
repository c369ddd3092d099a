"""The cases app's models, split by noun: the case (`case`), its timeline (`timeline`), what
follows from it (`followup`), what people at the desk are told (`notification`), the
customer's links (`link`), reminders (`reminder`), the business calendar SLA clocks count in
(`calendar`), the queue's order (`order`) and its saved views (`saved_view`)."""

from .calendar import WEEKDAYS, BusinessCalendar, Holiday
from .case import (
    REFERENCE_PATTERN,
    SEARCH_CUSTOMER_LIMIT,
    Case,
    CaseQuerySet,
    Category,
    Customer,
    ReferenceCounter,
    names_one_case,
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
from .order import NEVER_DUE, Due, customer_sort_name, due_at, severity_rank, stage_rank
from .reminder import (
    ESCALATIONS,
    TO_CUSTOMER,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    ReminderQuerySet,
    Survey,
)
from .saved_view import SavedView, SavedViewQuerySet
from .sla import SlaTarget
from .timeline import CaseEvent, EventKind

__all__ = [
    "WEEKDAYS", "BusinessCalendar", "Holiday",
    "REFERENCE_PATTERN", "SEARCH_CUSTOMER_LIMIT", "Case", "CaseEvent", "CaseQuerySet",
    "Category", "Customer", "EventKind", "ReferenceCounter", "SlaTarget", "names_one_case",
    "NEVER_DUE", "Due", "customer_sort_name", "due_at", "severity_rank", "stage_rank",
    "Commitment", "CommitmentQuerySet", "CustomerLink", "LinkPurpose", "Notification",
    "NotificationQuerySet", "NotificationChoices", "EMAIL_GROUPS", "EmailMode",
    "ESCALATIONS", "TO_CUSTOMER",
    "Reminder", "ReminderKind", "ReminderPolicy", "ReminderQuerySet", "Survey",
    "SavedView", "SavedViewQuerySet",
]
