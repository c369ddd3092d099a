"""The dashboard's date range: a form that reads `?from=…&to=…` (dates, both inclusive), and
the `Period` the figures are computed over, with the equal period just before it (trends)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

DEFAULT_WEEKS = 12
MAX_DAYS = 731  # two years (one of them may be a leap year)
# Dates the dashboard can be asked about. Outside them the sums overflowed (the period
# before `from=0001-01-01`, the day after `to=9999-12-31`): a 500, now a form error.
EARLIEST = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=365)  # a year after today


@dataclass(frozen=True)
class Period:
    first: date  # inclusive
    last: date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        """The first moment of the period, in the desk's time zone."""
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive)."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    @property
    def previous(self) -> "Period":
        """The equal period just before this one, for trends."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def weeks(self) -> list[date]:
        """The Monday of every week the period touches (how TruncWeek labels them)."""
        monday = self.first - timedelta(days=self.first.weekday())
        return [monday + timedelta(weeks=n)
                for n in range((self.last - monday).days // 7 + 1)]

    def query(self) -> str:
        return urlencode({"from": self.first.isoformat(), "to": self.last.isoformat()})


def default_period(today: date) -> Period:
    return Period(today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today)


class PeriodForm(forms.Form):
    """`from` and `to` are Python keywords, so the fields are added by name."""

    def __init__(self, data=None, *, today: date):
        super().__init__(data)
        self.today = today
        default = default_period(today)
        for name, label, initial in (("from", "From", default.first), ("to", "To", default.last)):
            self.fields[name] = forms.DateField(
                label=label, required=False, initial=initial,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        self.capped = False

    def clean(self):
        cleaned = super().clean()
        latest = self.today + LATEST_AHEAD
        for name in ("from", "to"):
            value = cleaned.get(name)
            if value and not EARLIEST <= value <= latest:
                self.add_error(name, f"Choose a date between {_day(EARLIEST)} and "
                                     f"{_day(latest)}.")
        if self.errors:
            return cleaned
        default = default_period(self.today)
        last = cleaned.get("to") or default.last
        first = cleaned.get("from") or last - (default.last - default.first)
        if first > last:
            self.add_error("from", "“From” must be on or before “To”.")
            return cleaned
        if (last - first).days + 1 > MAX_DAYS:
            # Capped rather than refused: the manager still gets the latest two years.
            first = last - timedelta(days=MAX_DAYS - 1)
            self.capped = True
        cleaned["period"] = Period(first, last)
        return cleaned

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"  # as the page writes dates: 4 Mar 2026
