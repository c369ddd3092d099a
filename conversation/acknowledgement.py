"""The acknowledgement: the first message, minutes after a case is logged. "We are sorry
this happened; here is your reference; you will hear from us by <date>" — the method's
"say sorry first", which stops the first-response clock. The full apology still ends with
regret, later.

The words come from `AcknowledgementTemplate` (managers edit it; the lexicon checks it on
save). Placeholders are filled by plain substitution, never by the template engine.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from apologies.compose import fill
from apologies.models import MessageTemplate
from cases.models import SlaTarget

from . import outbox
from .models import AcknowledgementTemplate, MessageKind

WHAT_HAPPENED_CHARS = 300
# The names a manager may use in the template (`placeholders` fills them).
PLACEHOLDERS = ("customer_name", "reference", "title", "what_happened", "next_update_by",
                "resolve_by", "organisation")


def readable(moment) -> str:
    """A date the customer can read, in the desk's time zone: "Monday 7 December, 12:00"."""
    return date_format(timezone.localtime(moment), "l j F, H:i")


def what_happened(case) -> str:
    """What the customer told us, shortened; the title meant for them when they told us
    nothing (a case logged by phone)."""
    words = " ".join(case.description.split())
    if not words:
        return f"“{case.title_for_customer}”."
    if len(words) > WHAT_HAPPENED_CHARS:
        words = words[:WHAT_HAPPENED_CHARS].rsplit(" ", 1)[0] + " …"
    return f"“{words}”"


def placeholders(case, now=None) -> dict:
    now = now or timezone.now()
    next_update = SlaTarget.next_update_due(case.severity, now)
    next_update = min(filter(None, [next_update, case.resolution_due_at]))
    return {
        "customer_name": case.customer.name or "customer",
        "reference": case.reference,
        "title": case.title_for_customer,
        "what_happened": what_happened(case),
        "next_update_by": readable(next_update),
        "resolve_by": readable(case.resolution_due_at),
        "organisation": MessageTemplate.current().organisation,
    }


def wanted_on_intake(case, template) -> bool:
    return case.channel not in (template.skip_channels or [])


def was_sent(case) -> bool:
    return case.messages.filter(kind=MessageKind.ACKNOWLEDGEMENT).exists()


def queue(case, *, by=None, author=None, template=None, first=False):
    """Write the acknowledgement into the conversation (inside the caller's transaction,
    the case locked); it leaves after commit."""
    template = template or AcknowledgementTemplate.current()
    values = placeholders(case)
    return outbox.queue(case, MessageKind.ACKNOWLEDGEMENT, fill(template.subject, values),
                        fill(template.body, values), author=author, by=by, first=first)


def on_intake(case, *, first: bool = True):
    """Called by intake in its transaction: acknowledge at once unless the channel says
    the customer has already spoken to a person."""
    if not settings.ACKNOWLEDGE_NEW_CASES:
        return
    template = AcknowledgementTemplate.current()
    if wanted_on_intake(case, template):
        queue(case, template=template, first=first)
