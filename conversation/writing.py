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

from apologies import cautions, lexicon
from apologies.flow import LexiconBlocked
from apologies.models import PhraseCategory, PhraseKind
from cases import promises, work
from cases.models import Case, Commitment
from recovery.errors import Conflict, RecoveryError
from recovery.text import CONTROL_IN_TEXT, PLAIN_TEXT_MESSAGE

from . import acknowledgement, clock, outbox
from .models import WRITTEN_KINDS, Direction, Message, MessageKind

MAX_CHARS = 5000
SUBJECTS = {
    MessageKind.UPDATE: "News on your case: {title}",
    MessageKind.QUESTION: "A question for you: {title}",
}
KEPT_SUBJECT = "Done, as we promised: {title}"
PROBE_FIRST = ("Apologise before you probe: acknowledge the customer first, then ask "
               "(in a question).")


def _lock(case) -> Case:
    """The case alone (not its customer), locked as the apology flow locks it."""
    return Case.objects.select_for_update(of=("self",)).select_related("customer").get(
        pk=case.pk)


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


def send(case, kind: str, body: str, *, by, confirmed=()) -> Message:
    """Send `body` to the customer as a message of `kind` (update, question or
    acknowledgement). Raises NotAllowed for an integration's key, RecoveryError for an
    unknown kind or an empty or oversized text, Conflict for a second acknowledgement,
    LexiconBlocked for banned wording, CautionsUnconfirmed for a caution whose key is not
    in `confirmed` (the confirmed ones go on the timeline)."""
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
        case = _lock(case)
        if kind == MessageKind.ACKNOWLEDGEMENT:
            return _acknowledge(case, person, by)
        findings = findings_for(case, kind, body)
        if lexicon.blocking(findings):
            raise LexiconBlocked(lexicon.blocking(findings))
        kept = cautions.require_confirmed(findings, confirmed, doing="sent")
        subject = SUBJECTS[kind].format(title=case.title_for_customer)
        message = outbox.queue(case, kind, subject, body, author=person, by=by)
        cautions.record(case, kept, by=by, doing=f"{kind} sent")
        if kind == MessageKind.QUESTION:
            clock.waiting_started(case, timezone.now(), by=by)
    return message


def _acknowledge(case, person, by) -> Message:
    if acknowledgement.was_sent(case):
        raise Conflict("The customer was acknowledged already.", code="already_acknowledged")
    return acknowledgement.queue(case, by=by, author=person)


def promises_in(message) -> list:
    """The promises a message from the desk makes that no commitment tracks yet, to propose
    (`cases.promises`); none in what the customer wrote, or in the acknowledgement's
    template words."""
    if message.kind not in (MessageKind.UPDATE, MessageKind.QUESTION):
        return []
    return promises.proposed_for(message.case, message.body, now=message.created_at)


def kept_words(commitment) -> str:
    """What the customer is told by default when a promise is kept."""
    return f"We promised: {commitment.description.rstrip(' .')}. This is done."


def keep_and_tell(commitment, text: str | None = None, *, by, confirmed=()):
    """Mark `commitment` kept (`work.keep_commitment`) and tell the customer in an `update`
    message (default words: `kept_words`), in one transaction: a refused text keeps
    nothing. The message goes once: keeping a promise already kept sends nothing and
    returns (the commitment, None).

    Raises NotAllowed for an integration's key, RecoveryError for an oversized text,
    Conflict for a released promise, LexiconBlocked for banned wording, CautionsUnconfirmed
    for a caution whose key is not in `confirmed`."""
    person = work.require_person(by, "mark commitments kept")
    body = (text or "").strip() or kept_words(commitment)
    if len(body) > MAX_CHARS:
        raise RecoveryError(f"At most {MAX_CHARS} characters.", field="body")
    if CONTROL_IN_TEXT.search(body):
        raise RecoveryError(PLAIN_TEXT_MESSAGE, field="body")
    with transaction.atomic():
        case = _lock(commitment.case)  # the case first, as `work` locks: no deadlock
        already_kept = Commitment.objects.select_for_update().get(
            pk=commitment.pk).kept_at is not None
        if already_kept:  # a double click: told once already
            return work.keep_commitment(commitment, by=by), None
        findings = findings_for(case, MessageKind.UPDATE, body)
        if lexicon.blocking(findings):
            raise LexiconBlocked(lexicon.blocking(findings))
        kept = cautions.require_confirmed(findings, confirmed, doing="sent")
        commitment = work.keep_commitment(commitment, by=by)
        subject = KEPT_SUBJECT.format(title=case.title_for_customer)
        message = outbox.queue(case, MessageKind.UPDATE, subject, body, author=person, by=by)
        cautions.record(case, kept, by=by, doing="update sent")
    return commitment, message
