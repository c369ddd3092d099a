"""The desk's SLA targets per severity, counted in business time."""

from django.db import models

from recovery import settled

from .. import business_time
from ..choices import Severity
from .calendar import BusinessCalendar


class SlaTarget(models.Model):
    """How quickly we promise to respond to, to update, and to resolve a case of one
    severity. Minutes are business minutes: they run only while the desk's business calendar
    is open (`cases.business_time`; around the clock until a manager sets hours)."""

    severity = models.CharField(max_length=10, choices=Severity.choices, unique=True)
    first_response_minutes = models.PositiveIntegerField(
        help_text="Business minutes from logging the case to the first response to the customer"
    )
    resolution_minutes = models.PositiveIntegerField(
        help_text="Business minutes from logging the case to its resolution"
    )
    update_every_minutes = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="While the case is open the customer hears from us at least this often "
                  "(business minutes)",
    )

    # Used only if a row was deleted in the admin: a case always gets targets.
    FALLBACK = {
        Severity.CRITICAL: (60, 24 * 60),
        Severity.HIGH: (4 * 60, 3 * 24 * 60),
        Severity.MEDIUM: (8 * 60, 5 * 24 * 60),
        Severity.LOW: (24 * 60, 10 * 24 * 60),
    }
    # The same for the next-update target (an existing row left empty means no target).
    UPDATE_FALLBACK = {
        Severity.CRITICAL: 4 * 60,
        Severity.HIGH: 8 * 60,
        Severity.MEDIUM: 24 * 60,
        Severity.LOW: 48 * 60,
    }

    class Meta:
        verbose_name = "SLA target"
        ordering = ["-first_response_minutes"]

    def __str__(self):
        return f"{self.get_severity_display()}: respond in {self.first_response_minutes} min"

    @classmethod
    def of(cls, severity: str) -> "SlaTarget | None":
        """The target of `severity`, if the desk has one (the process keeps them all)."""
        return settled.current("sla-targets", lambda: {
            target.severity: target for target in cls.objects.all()}).get(severity)

    @classmethod
    def due_times(cls, severity: str, opened_at, calendar=None):
        """(first response due, resolution due) for a case of `severity` opened at
        `opened_at`, counted in the business calendar. Two queries (target, calendar), a
        third for the holidays when the calendar has hours; none while the process keeps them
        (`recovery.settled`)."""
        target = cls.of(severity)
        if target:
            respond, resolve = target.first_response_minutes, target.resolution_minutes
        else:
            respond, resolve = cls.FALLBACK[severity]
        calendar = calendar or BusinessCalendar.current()
        return (business_time.add(opened_at, respond, calendar),
                business_time.add(opened_at, resolve, calendar))

    @classmethod
    def next_update_due(cls, severity: str, after, calendar=None):
        """When the customer of an open case of `severity` must next hear from us, if the
        last message went at `after`; None when the desk set no update target for it."""
        target = cls.of(severity)
        minutes = target.update_every_minutes if target else cls.UPDATE_FALLBACK[severity]
        if minutes is None:
            return None
        return business_time.add(after, minutes, calendar)


settled.watch(SlaTarget)
