"""Open time: the minutes in which SLA clocks run, by the desk's business calendar.

`add` answers "when is this target due?" and `between` "how much open time passed?" (for a
clock paused while the customer is asked something, and for the insights). Both count real
elapsed time inside the calendar's hours, on its weekdays, skipping its holidays, with the
hours read in the calendar's time zone, so a summer-time change moves the UTC instant of
09:00 and never the wall-clock opening time. Around the clock they are plain arithmetic.

Datetimes must be aware; results are in UTC. Hours never run past midnight (the calendar
refuses it), so each open day is one interval on its own local date.

Cost: the calendar is one query (`BusinessCalendar.current()`) unless the caller passes it;
its holidays one more, only when the calendar is not around the clock. Both functions walk
day by day: `add` for at most HORIZON_DAYS (a calendar with no open day, or with every day a
holiday, cannot loop forever), `between` over the days from one datetime to the other.
"""

from datetime import UTC, datetime, timedelta

from .models.calendar import BusinessCalendar

ONE_DAY = timedelta(days=1)
# Ten years of calendar days: far past any target, and a few milliseconds to walk.
HORIZON_DAYS = 3660


def add(start: datetime, minutes: float, calendar: BusinessCalendar | None = None) -> datetime:
    """The moment `minutes` of open time have passed after `start`.

    Zero or fewer minutes give `start` itself. A target that the calendar cannot fit in
    HORIZON_DAYS (a calendar with no open day) is due HORIZON_DAYS after `start`.
    """
    calendar = calendar or BusinessCalendar.current()
    start = _utc(start)
    if calendar.around_the_clock:
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    if remaining <= timedelta(0):
        return start
    hours = _OpenHours(calendar)
    day = start.astimezone(hours.zone).date()
    for _ in range(HORIZON_DAYS):
        opens, closes = hours.on(day)
        begin = max(opens, start)
        if begin < closes:
            if remaining <= closes - begin:
                return begin + remaining  # at closing time exactly, not the next opening
            remaining -= closes - begin
        day += ONE_DAY
    return start + timedelta(days=HORIZON_DAYS)


def between(a: datetime, b: datetime, calendar: BusinessCalendar | None = None) -> float:
    """Minutes of open time from `a` to `b` (negative when `b` is before `a`), with the
    seconds as a fraction, so `add(a, between(a, b))` comes back to within the same
    minute as `b` (exactly `b` when `b` is open time)."""
    calendar = calendar or BusinessCalendar.current()
    a, b = _utc(a), _utc(b)
    if b < a:
        return -between(b, a, calendar)
    if calendar.around_the_clock:
        return (b - a).total_seconds() / 60
    hours = _OpenHours(calendar)
    day, last = a.astimezone(hours.zone).date(), b.astimezone(hours.zone).date()
    total = timedelta(0)
    while day <= last:
        opens, closes = hours.on(day)
        begin, end = max(opens, a), min(closes, b)
        if begin < end:
            total += end - begin
        day += ONE_DAY
    return total.total_seconds() / 60


class _OpenHours:
    """A calendar's open interval on each local date, read once (weekdays, holidays)."""

    def __init__(self, calendar):
        self.zone = calendar.zone
        self.opens_at, self.closes_at = calendar.opens_at, calendar.closes_at
        self.weekdays = frozenset(calendar.weekdays or ())
        self.holidays = calendar.holiday_dates

    def on(self, day):
        """(opens, closes) in UTC on `day`; an empty interval when closed. Wall times that a
        spring-forward skips are read with the offset before the change (`fold=0`)."""
        if day.isoweekday() not in self.weekdays or day in self.holidays:
            midnight = datetime.combine(day, datetime.min.time(), self.zone).astimezone(UTC)
            return midnight, midnight
        return (datetime.combine(day, self.opens_at, self.zone).astimezone(UTC),
                datetime.combine(day, self.closes_at, self.zone).astimezone(UTC))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # astimezone() would read it in the server's zone: a silent error of hours
        raise ValueError(f"business time needs an aware datetime, not {moment!r}")
    return moment.astimezone(UTC)
