"""What the customer's status page says, in plain words: what we are doing now, when they
will hear from us next, the messages between us, and the promises we made and kept.

One object answers all of it (`StatusPage.load`), so the page, the thank-you after a reply
and any later reader say the same thing. It reads only what the customer may see: never
internal notes, the internal title, staff names, costs or the timeline (the one event it
asks about is whether the apology went out).

Cost: a fixed number of queries whatever the length of the conversation (the messages,
the commitments, the apology's event, the business calendar), so a long conversation does
not slow the page down by more than its rows.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format

from cases.choices import Stage, Status
from cases.models import BusinessCalendar

from .emails import STATUS_SLOT, SURVEY_SLOT
from .models import Direction, MessageKind

# What each kind of message is, as the customer would call it.
HEADINGS = {
    MessageKind.ACKNOWLEDGEMENT: "We confirmed we have your report",
    MessageKind.UPDATE: "An update from us",
    MessageKind.QUESTION: "A question from us",
    MessageKind.APOLOGY: "Our apology",
    MessageKind.SURVEY: "We asked how we did",
    MessageKind.REPLY: "You wrote",
    MessageKind.COMPLAINT: "You wrote",
}
# The private links are issued afresh for each email (the stored text holds only their
# slots). The status link points here; the survey's is only in the email itself.
SURVEY_WORDS = "(the link to the survey is in our email)"


def without_links(body: str) -> str:
    """The stored text as the page shows it: a line that pointed to this page goes, the
    survey's link becomes words; never a slot."""
    lines = [line.replace(SURVEY_SLOT, SURVEY_WORDS) for line in body.splitlines()
             if STATUS_SLOT not in line]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


@dataclass(frozen=True)
class Shown:
    """One message as the customer reads it here."""

    ours: bool
    heading: str
    at: datetime
    when: str  # `at` in words, in the desk's time zone
    text: str


@dataclass(frozen=True)
class Promise:
    description: str
    due_at: datetime
    kept_at: datetime | None
    late: bool
    due: str  # in words, in the desk's time zone
    kept_on: str
    released_on: str = ""  # we told them we will not do it (the reason is the desk's)

    @property
    def kept(self) -> bool:
        return self.kept_at is not None

    @property
    def released(self) -> bool:
        return bool(self.released_on)


@dataclass(frozen=True)
class StatusPage:
    case: object
    doing_now: str
    waiting_on_you: bool
    next_contact: datetime | None
    milestones: list
    messages: list
    promises: list
    zone: ZoneInfo

    @classmethod
    def load(cls, case, now=None) -> "StatusPage":
        now = now or timezone.now()
        zone = BusinessCalendar.current().zone
        sent = (case.events.filter(kind="apology_sent").only("case", "created_at")
                .order_by("-created_at").first())
        return cls(
            case=case,
            doing_now=_doing_now(case, apology_sent=sent is not None),
            waiting_on_you=case.waiting_on_customer,
            next_contact=next_contact(case),
            milestones=_milestones(case, sent, zone, now),
            messages=[
                Shown(ours=m.direction == Direction.OUT,
                      heading=HEADINGS.get(m.kind, "A message"),
                      at=m.sent_at or m.created_at,
                      when=readable(m.sent_at or m.created_at, zone, now),
                      text=without_links(m.body))
                for m in case.messages.only("case", "direction", "kind", "body", "created_at",
                                            "sent_at").order_by("created_at", "id")
            ],
            promises=[
                Promise(c.description, c.due_at, c.kept_at,
                        late=c.is_outstanding and c.due_at < now,
                        due=readable(c.due_at, zone, now),
                        kept_on=readable(c.kept_at, zone, now, time=False) if c.kept_at else "",
                        released_on=(readable(c.released_at, zone, now, time=False)
                                     if c.released_at and not c.kept_at else ""))
                for c in case.commitments.only("case", "description", "due_at", "kept_at",
                                               "released_at")
            ],
            zone=zone,
        )

    @property
    def next_contact_words(self) -> str:
        return next_contact_words(self.case, self.zone)


def readable(moment, zone, now=None, *, time=True) -> str:
    """A date the customer can read, in the desk's time zone: "Monday 7 December, 12:00
    GMT" (with the year only when it is not this year's)."""
    local = timezone.localtime(moment, zone)
    this_year = timezone.localtime(now or timezone.now(), zone).year
    year = "" if local.year == this_year else " Y"
    return date_format(local, f"l j F{year}" + (", H:i T" if time else ""))


def next_contact(case) -> datetime | None:
    """When the customer can expect to hear from us next: the next update we owe them,
    else the resolution target; none once the case is resolved or closed."""
    if case.status in (Status.RESOLVED, Status.CLOSED):
        return None
    return case.next_update_due_at or case.resolution_due_at


def next_contact_words(case, zone=None) -> str:
    """When they will hear from us, in words: "by Monday 7 December, 12:00 GMT", or "very
    soon" when we are late already; empty once the case is resolved or closed."""
    moment = next_contact(case)
    if moment is None:
        return ""
    if moment <= timezone.now():
        return "very soon"
    return f"by {readable(moment, zone or BusinessCalendar.current().zone)}"


def _doing_now(case, *, apology_sent: bool) -> str:
    if case.status == Status.CLOSED:
        return ("This case is closed. If something is still not right, write to us below: "
                "a person will read it and the case will open again.")
    if case.status == Status.RESOLVED:
        return ("Everything we promised is done. If something is still not right, write to "
                "us below.")
    if case.status == Status.OPEN and apology_sent:  # open again after the apology
        return ("You told us something is still not right: a person on our team is looking "
                "at it again.")
    if case.status == Status.APOLOGY_SENT or apology_sent:
        return ("We have written to you to explain what went wrong and apologise, and we "
                "are making sure everything we promised is done.")
    if case.stage == Stage.RESTORE_VALUE:
        return "A person on our team is looking into what happened and how to put it right."
    return "We are putting things right and finding out what went wrong."


def _milestones(case, sent, zone, now) -> list[dict]:
    working = case.stage != Stage.RESTORE_VALUE or sent is not None
    resolved = case.status in (Status.RESOLVED, Status.CLOSED)
    steps = [
        {"label": "Received", "done": True, "at": case.created_at,
         "text": "We have your report and a person is on it."},
        {"label": "Being put right", "done": working, "at": None,
         "text": "We are putting things right and finding out what went wrong."},
        {"label": "Apology sent", "done": sent is not None,
         "at": sent.created_at if sent else None,
         "text": "We have written to you to explain and apologise."},
        {"label": "Resolved", "done": resolved, "at": case.resolved_at,
         "text": "Everything we promised is done."},
    ]
    for step in steps:
        step["on"] = readable(step["at"], zone, now, time=False) if step["at"] else ""
    return steps
