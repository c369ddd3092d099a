"""Writing to the customer from the desk: an update, a question, or the acknowledgement
sent by hand. The one door for the case page and the API.

Every message is lexicon-checked as a step is (banned wording refused with its findings).
A probing "did you…?" question is banned everywhere except in a `question` sent after the
customer was acknowledged: apologise before you probe. A question puts the case "waiting
on customer" (the resolution clock pauses until they answer).
"""

from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from apologies import lexicon
from apologies.flow import LexiconBlocked
from apologies.models import PhraseCategory, PhraseKind
from cases import work
from cases.models import Case
from recovery.errors import Conflict, RecoveryError

from . import acknowledgement, clock, outbox
from .models import WRITTEN_KINDS, Direction, Message, MessageKind

MAX_CHARS = 5000
SUBJECTS = {
    MessageKind.UPDATE: "News on your case: {title}",
    MessageKind.QUESTION: "A question for you: {title}",
}
PROBE_FIRST = ("Apologise before you probe: acknowledge the customer first, then ask "
               "(in a question).")


def findings_for(case, kind: str, body: str) -> list:
    """The lexicon's findings for a message of `kind`, with the probing rule applied."""
    findings = lexicon.check(body, None)
    acknowledged = Message.objects.filter(case=case, direction=Direction.OUT).exists()
    probing_allowed = kind == MessageKind.QUESTION and acknowledged
    checked = []
    for finding in findings:
        if finding.category != PhraseCategory.DYPII:
            checked.append(finding)
        elif not probing_allowed:
            checked.append(replace(finding, kind=PhraseKind.BANNED, message=PROBE_FIRST))
    return checked


def send(case, kind: str, body: str, *, by) -> Message:
    """Send `body` to the customer as a message of `kind` (update, question or
    acknowledgement). Raises NotAllowed for an integration's key, RecoveryError for an
    unknown kind or an empty or oversized text, Conflict for a second acknowledgement,
    LexiconBlocked for banned wording."""
    person = work.require_person(by, "write to the customer")
    if kind not in WRITTEN_KINDS:
        raise RecoveryError(f"A message from the desk is one of: {', '.join(WRITTEN_KINDS)}.",
                            field="kind", code="unknown_kind")
    body = (body or "").strip()
    if kind != MessageKind.ACKNOWLEDGEMENT and not body:
        raise RecoveryError("Write the message first.", field="body")
    if len(body) > MAX_CHARS:
        raise RecoveryError(f"At most {MAX_CHARS} characters.", field="body")
    with transaction.atomic():
        # the case alone (not its customer), as the apology flow locks it
        case = Case.objects.select_for_update(of=("self",)).select_related("customer").get(
            pk=case.pk)
        if kind == MessageKind.ACKNOWLEDGEMENT:
            return _acknowledge(case, person, by)
        blocking = lexicon.blocking(findings_for(case, kind, body))
        if blocking:
            raise LexiconBlocked(blocking)
        subject = SUBJECTS[kind].format(title=case.title_for_customer)
        message = outbox.queue(case, kind, subject, body, author=person, by=by)
        if kind == MessageKind.QUESTION:
            clock.waiting_started(case, timezone.now(), by=by)
    return message


def _acknowledge(case, person, by) -> Message:
    if acknowledgement.was_sent(case):
        raise Conflict("The customer was acknowledged already.", code="already_acknowledged")
    return acknowledgement.queue(case, by=by, author=person)
