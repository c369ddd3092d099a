"""Finding the promises in what the desk writes to a customer ("I will let you know the
outcome within a week", "we'll call you on Thursday before noon"), with the date each
falls due, so they can be proposed as commitments (never created without a person saying
so: the fix step's form and a sent message offer them; `unlisted` leaves out the ones
already tracked).

Pure, but for `proposed_for`, which reads the case's commitments and the desk's calendar.
Only sentences that promise count, in the first person and the future
("I will", "we'll", "I promise", "you will hear from us"): "it arrived within a week" is a
report, not a promise. Dates are in the desk's time zone; a day named without a time falls
due at the end of that business day (the calendar's closing time, 17:00 by default).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

DEFAULT_CLOSE = time(17, 0)
NOON = time(12, 0)
WORKING_DAYS = (1, 2, 3, 4, 5)  # ISO weekdays, when no calendar says otherwise
PROPOSED_AT_MOST = 10  # as many rows as the fix form has: a text is not a to-do list

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "twenty-four": 24, "thirty": 30,
    "forty-eight": 48, "seventy-two": 72, "a couple of": 2, "a few": 3,
}
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]

# A sentence promises when someone here says what we will do (first person, future).
PROMISING = re.compile(
    r"\b(?:(?:i|we)\s+(?:will|shall|promise|commit|guarantee|are\s+going\s+to|am\s+going\s+to)"
    r"|(?:i|we)['’]ll"
    r"|you\s+will\s+(?:hear|have|get|receive)\b.*\b(?:from\s+(?:us|me)|our)"
    r"|you['’]ll\s+(?:hear|have|get|receive)\b.*\b(?:from\s+(?:us|me)|our))\b",
    re.IGNORECASE,
)
NUMBER = r"(?P<n>\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBERS), key=len,
                                               reverse=True)) + r")"
CLOCK = (r"(?:(?:at|by|before|until|no\s+later\s+than)\s+)?"
         r"(?P<clock>noon|midday|midnight|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day"
         r"|close\s+of\s+business|(?:the\s+)?morning|(?:the\s+)?afternoon|(?:the\s+)?evening"
         r"|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2})")
DAY = r"(?P<day>" + "|".join(DAY_NAMES) + r")\b"
MONTH = r"(?P<month>" + "|".join(MONTHS) + r"|sept|" + "|".join(m[:3] for m in MONTHS) + r")\b\.?"

PATTERNS = [  # (name, regex): earlier ones win where two overlap
    ("span", re.compile(
        r"\b(?:(?:with)?in|inside|no\s+(?:longer|later)\s+than|not\s+more\s+than|"
        r"in\s+less\s+than|less\s+than)\s+(?:the\s+next\s+)?" + NUMBER +
        r"\s+(?P<business>business\s+|working\s+)?(?P<unit>minute|hour|day|week|month)s?"
        r"(?:\s+from\s+(?:now|today))?\b", re.IGNORECASE)),
    ("span", re.compile(
        NUMBER + r"\s+(?P<business>business\s+|working\s+)?(?P<unit>minute|hour|day|week|"
        r"month)s?\s+from\s+(?:now|today)\b", re.IGNORECASE)),
    ("date", re.compile(
        r"\b(?:by|on|before|until|no\s+later\s+than)?\s*(?:" + DAY + r"\s*,?\s*)?(?:the\s+)?"
        r"(?P<dom>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r"(?:\s+(?P<year>\d{4}))?"
        r"(?:\s*,?\s*" + CLOCK + r")?", re.IGNORECASE)),
    ("date", re.compile(
        r"\b(?:by|on|before|until|no\s+later\s+than)?\s*" + MONTH +
        r"\s+(?P<dom>\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<year>\d{4}))?"
        r"(?:\s*,?\s*" + CLOCK + r")?", re.IGNORECASE)),
    ("end_of", re.compile(
        r"\b(?:by\s+|before\s+)?(?:the\s+)?end\s+of\s+(?P<which>the|this|next|today['’]s)?\s*"
        r"(?P<period>day|week|month)\b|\b(?:by\s+)?close\s+of\s+business\b|\bEOD\b"
        r"|\b(?:by\s+|before\s+)?(?P<next>next)\s+(?P<period2>week|month)\b",
        re.IGNORECASE)),
    ("tomorrow", re.compile(
        r"\b(?:by\s+|before\s+)?(?:the\s+day\s+after\s+)?tomorrow(?:['’]s)?"
        r"(?:\s*,?\s*" + CLOCK + r")?", re.IGNORECASE)),
    ("today", re.compile(r"\b(?:by\s+|before\s+|later\s+)?(?:today|tonight)"
                         r"(?:\s*,?\s*" + CLOCK + r")?", re.IGNORECASE)),
    ("weekday", re.compile(
        r"\b(?:by|on|before|until|this|no\s+later\s+than)?\s*(?:(?P<next>next)\s+)?"
        + DAY + r"(?:['’]s)?(?:\s*,?\s*(?:(?:in\s+)?the\s+)?" + CLOCK + r")?", re.IGNORECASE)),
]
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


@dataclass(frozen=True)
class Promise:
    """One promise found: the sentence it is in (`start`/`end` index the text), the words
    that set its date, when it falls due, and a description to track it by."""

    sentence: str
    start: int
    end: int
    when: str
    due_at: datetime
    description: str


class _Calendar:
    """What the desk's business calendar says, or the defaults (settings.TIME_ZONE, Monday
    to Friday, closing at 17:00)."""

    def __init__(self, calendar=None):
        self.zone = getattr(calendar, "zone", None) or ZoneInfo(settings.TIME_ZONE)
        self.closes_at = getattr(calendar, "closes_at", None) or DEFAULT_CLOSE
        self.weekdays = tuple(getattr(calendar, "weekdays", None) or WORKING_DAYS)

    def at(self, day: date, moment: time | None = None) -> datetime:
        return datetime.combine(day, moment or self.closes_at, tzinfo=self.zone)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        moment = start
        while days > 0:
            moment += timedelta(days=1)
            if moment.isoweekday() in self.weekdays:
                days -= 1
        return moment

    def last_working_day_of_week(self, day: date) -> date:
        monday = day - timedelta(days=day.weekday())
        working = [d for d in range(1, 8) if d in self.weekdays] or [5]
        return monday + timedelta(days=working[-1] - 1)


def find_promises(text: str, now: datetime, calendar=None) -> list[Promise]:
    """Every promise in `text` with its due time (after `now`), in the order written."""
    desk = _Calendar(calendar)
    local_now = now.astimezone(desk.zone)
    # "3 p.m." is not the end of a sentence (same length: the spans still index `text`)
    original = text or ""
    text = re.sub(r"\b([ap])\.m\.", r"\1m  ", original, flags=re.IGNORECASE)
    found = []
    for sentence in SENTENCE.finditer(text):
        words = sentence.group()
        if not PROMISING.search(words):
            continue
        for match, kind in _time_phrases(words):
            due = _due(kind, match, local_now, desk)
            if due is None or due <= now:
                continue
            found.append(Promise(
                sentence=original[sentence.start():sentence.end()].strip(),
                start=sentence.start(), end=sentence.end(),
                when=match.group().strip().rstrip(".").strip(), due_at=due,
                description=_describe(words, match),
            ))
    return found


def unlisted(promises: list[Promise], commitments, zone=None) -> list[Promise]:
    """The promises not tracked yet: none of `commitments` (anything with `description` and
    `due_at`, or dicts with those keys) is due the same day, or says the same thing."""
    zone = zone or ZoneInfo(settings.TIME_ZONE)

    def fields(commitment):
        if isinstance(commitment, dict):
            return commitment.get("description") or "", commitment.get("due_at")
        return commitment.description, commitment.due_at

    listed = [fields(c) for c in commitments]
    days = {due.astimezone(zone).date() for _, due in listed if due is not None}
    said = {_plain(description) for description, _ in listed}
    return [p for p in promises
            if p.due_at.astimezone(zone).date() not in days and _plain(p.description) not in said]


def proposed_for(case, text: str, given=(), now=None) -> list[Promise]:
    """The promises in `text` (written for `case` now) that neither its commitments nor
    `given` (commitments about to be made with it) track yet."""
    from .models import BusinessCalendar  # here only: the rest of the module is pure

    calendar = BusinessCalendar.current()
    found = find_promises(text, now or timezone.now(), calendar)
    if not found:
        return []
    return unlisted(found, [*given, *case.commitments.only("description", "due_at")],
                    calendar.zone)[:PROPOSED_AT_MOST]


def _plain(words: str) -> str:
    return " ".join(re.findall(r"\w+", words.lower()))


def _time_phrases(sentence: str):
    """The time phrases in `sentence`, left to right, none overlapping another."""
    taken, phrases = [], []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            if not match.group().strip() or any(
                    match.start() < end and start < match.end() for start, end in taken):
                continue
            if kind == "weekday" and not match.group("day"):
                continue
            taken.append((match.start(), match.end()))
            phrases.append((match, kind))
    return sorted(phrases, key=lambda pair: pair[0].start())


def _due(kind, match, now: datetime, desk: _Calendar) -> datetime | None:
    groups = match.groupdict()
    if kind == "span":
        count = _count(groups["n"])
        unit = groups["unit"].lower()
        if groups.get("business") and unit == "day":
            return desk.add_working_days(now, count)
        if unit == "month":
            return now + timedelta(days=30 * count)
        return now + timedelta(**{f"{unit}s": count})
    if kind == "today":
        evening = "tonight" in match.group().lower() and not groups.get("clock")
        return _on_day(now.date(), "evening" if evening else groups.get("clock"), desk, now)
    if kind == "tomorrow":
        days = 2 if "after" in match.group().lower() else 1
        return _on_day(now.date() + timedelta(days=days), groups.get("clock"), desk, now)
    if kind == "weekday":
        wanted = DAY_NAMES.index(groups["day"].lower())
        if groups.get("next"):  # "next Tuesday": the Tuesday of next week
            day = now.date() + timedelta(days=7 - now.weekday() + wanted)
        else:
            day = now.date() + timedelta(days=(wanted - now.weekday()) % 7)
        due = _on_day(day, groups.get("clock"), desk, now, fall_back=False)
        return due if due > now else _on_day(day + timedelta(days=7), groups.get("clock"), desk,
                                             now)
    if kind == "date":
        return _date(groups, now, desk)
    if kind == "end_of":
        return _end_of(match, now, desk)
    return None


def _on_day(day: date, clock: str | None, desk: _Calendar, now: datetime,
            fall_back: bool = True) -> datetime:
    """`day` at the time `clock` names (default: the end of the business day). Today's
    closing time already past: the end of today instead (`fall_back`)."""
    moment = _clock(clock, desk)
    due = desk.at(day, moment)
    if fall_back and due <= now and clock is None and day == now.date():
        due = desk.at(day, time(23, 59))
    return due


def _clock(words: str | None, desk: _Calendar) -> time | None:
    if not words:
        return None
    words = words.lower().replace(".", "").strip()
    if words in ("noon", "midday") or "morning" in words:
        return NOON
    if words == "midnight":
        return time(23, 59)
    if "evening" in words:
        return time(20, 0)
    if "afternoon" in words or "end of" in words or "close of" in words:
        return desk.closes_at
    clock = re.match(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", words)
    hour, minute, half = int(clock.group(1)), int(clock.group(2) or 0), clock.group(3)
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    return time(min(hour, 23), min(minute, 59))


def _date(groups, now: datetime, desk: _Calendar) -> datetime | None:
    month = next(i for i, name in enumerate(MONTHS, 1)
                 if name.startswith(groups["month"].lower().rstrip(".")[:3]))
    year = int(groups["year"]) if groups.get("year") else now.year
    try:
        day = date(year, month, int(groups["dom"]))
    except ValueError:
        return None  # "31 February": not a date we can promise
    if not groups.get("year") and day < now.date():
        try:
            day = day.replace(year=year + 1)
        except ValueError:
            return None
    return _on_day(day, groups.get("clock"), desk, now)


def _end_of(match, now: datetime, desk: _Calendar) -> datetime:
    groups = match.groupdict()
    words = match.group().lower()
    period = (groups.get("period") or groups.get("period2") or "day").lower()
    later = (groups.get("which") or groups.get("next") or "").lower() == "next"
    if "close of business" in words or "eod" in words:
        period = "day"
    today = now.date()
    if period == "day":
        return _on_day(today + timedelta(days=1 if later else 0), None, desk, now)
    if period == "week":
        friday = desk.last_working_day_of_week(today + timedelta(days=7 if later else 0))
        due = desk.at(friday)
        return due if due > now else desk.at(desk.last_working_day_of_week(
            today + timedelta(days=7)))
    first_of_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    if later:
        first_of_next = (first_of_next + timedelta(days=32)).replace(day=1)
    return desk.at(first_of_next - timedelta(days=1))


def _count(words: str) -> int:
    words = words.lower()
    return int(words) if words.isdigit() else NUMBERS[words]


def _describe(sentence: str, match) -> str:
    """The sentence without its time phrase, as a commitment reads: "I will let you know
    the outcome of the review"."""
    words = (sentence[:match.start()] + " " + sentence[match.end():])
    words = re.sub(r"\s+", " ", words).strip()
    words = re.sub(r"\s+([,.;:!?])", r"\1", words)
    words = re.sub(r"^(?:and|so|also|then|but)\b[,\s]*", "", words, flags=re.IGNORECASE)
    words = re.sub(r"(?:[,;:]|\b(?:and|or|as\s+soon\s+as\s+possible))?\s*[.!?]*$", "", words)
    words = re.sub(r"[,;:]$", "", words.strip()).strip()
    return (words[:1].upper() + words[1:])[:500]
