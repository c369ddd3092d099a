"""The desk's business calendar: the hours in which SLA clocks run (`cases.business_time`).

One row (pk 1), edited in the admin. Until a manager sets hours it is around the clock, so a
desk that never opens the page keeps the 24/7 targets it always had."""

from datetime import time
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from recovery import settled
from recovery.text import single_line

WEEKDAYS = [(1, "Monday"), (2, "Tuesday"), (3, "Wednesday"), (4, "Thursday"), (5, "Friday"),
            (6, "Saturday"), (7, "Sunday")]  # ISO numbers, as `date.isoweekday()`


def default_time_zone() -> str:
    return settings.TIME_ZONE


def default_weekdays() -> list[int]:
    return [1, 2, 3, 4, 5]


def validate_time_zone(name):
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            "%(name)s is not a time zone; use an IANA name such as Europe/London.",
            code="invalid_time_zone", params={"name": name},
        ) from None


def validate_weekdays(days):
    """A list of distinct ISO weekday numbers, at least one: a calendar that is never open
    would push every target out to the end of time."""
    if not isinstance(days, list) or not all(type(day) is int and 1 <= day <= 7 for day in days):
        raise ValidationError("Weekdays are ISO numbers from 1 (Monday) to 7 (Sunday).",
                              code="invalid_weekdays")
    if len(set(days)) != len(days):
        raise ValidationError("Each weekday once.", code="repeated_weekdays")
    if not days:
        raise ValidationError("Choose at least one weekday on which the desk is open.",
                              code="no_weekdays")


class BusinessCalendar(models.Model):
    """When the desk is open: weekdays, hours in one time zone, and holidays."""

    around_the_clock = models.BooleanField(
        default=True,
        help_text="SLA targets count every minute, nights and weekends included (untick to "
                  "count only the hours below)",
    )
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone],
        help_text="The desk's time zone, as an IANA name (e.g. Europe/London); hours and "
                  "holidays are in it, and its summer time is followed",
    )
    opens_at = models.TimeField(default=time(9, 0))
    closes_at = models.TimeField(default=time(17, 0), help_text="After the opening time")
    weekdays = models.JSONField(
        default=default_weekdays, validators=[validate_weekdays],
        error_messages={"blank": "Choose at least one weekday on which the desk is open."},
        help_text="The days the desk is open (ISO numbers: 1 is Monday, 7 is Sunday)",
    )

    class Meta:
        verbose_name = "business calendar"
        verbose_name_plural = "business calendar"
        constraints = [
            # Hours never run past midnight, so each open day is one interval of its own date.
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                   name="calendar_closes_after_it_opens"),
        ]

    def __str__(self):
        return "Business calendar"

    @classmethod
    def current(cls) -> "BusinessCalendar":
        """The row, or the around-the-clock default if there is none, with its holidays:
        kept by the process while the configuration stands (`recovery.settled`)."""
        return settled.current("business-calendar", cls._read)

    @classmethod
    def _read(cls) -> "BusinessCalendar":
        calendar = cls.objects.filter(pk=1).first() or cls(pk=1)
        if not calendar.around_the_clock:
            calendar.holiday_dates  # noqa: B018 (read now, kept with it; unused around the clock)
        return calendar

    def clean(self):
        if self.opens_at is not None and self.closes_at is not None \
                and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The desk closes after it opens."})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @cached_property
    def holiday_dates(self) -> frozenset:
        """Dates the desk is closed (one query, once per calendar object; none for the
        around-the-clock default that was never saved)."""
        if self._state.adding:
            return frozenset()
        return frozenset(self.holidays.values_list("date", flat=True))


class Holiday(models.Model):
    """A date on which the desk is closed all day (in the calendar's time zone)."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE,
                                 related_name="holidays", db_index=False)  # the unique index
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True, validators=[single_line])

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="holiday_once_per_date"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}".strip()


settled.watch(BusinessCalendar, Holiday)
