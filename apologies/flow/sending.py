"""Sending the apology: composed from the five steps, sent to the customer once."""

from django.conf import settings
from django.db import transaction

from cases import schedule, timeline, work
from cases.choices import Stage, Status
from cases.models import EventKind
from conversation import outbox
from conversation.models import MessageKind

from .. import cautions, compose, lexicon
from ..models import ApologyMessage
from . import core
from .errors import LexiconBlocked


def send_apology(case, *, by, confirmed=()) -> ApologyMessage:
    """Compose the apology and send it to the customer, once.

    Raises Conflict if it was sent before (a double click or a retry: the second request
    waits for the first's lock and then sees its message), StepOutOfOrder if a step is not
    written, or Conflict (`awaiting_approval`) while a remedy waits for a manager — the
    one thing that waits for the decision (`Apology.send_refusal`). The composed message is
    checked as the preview shows it: LexiconBlocked for banned words, CautionsUnconfirmed
    for a caution whose key is not in `confirmed` (`cautions.CONFIRMED_BEFORE`: confirmed
    where the sending was started, as an incident's run). Effects: the case is
    `apology_sent`; the survey is planned and idle reminders stop; the email leaves after
    commit (`conversation.delivery`); timeline listeners see `apology_sent`.
    """
    person = work.require_person(by, "send the apology")
    with transaction.atomic():
        case = core.lock(case)
        apology = core.apology(case)
        core.require(apology.send_refusal)
        composed = compose.compose(case, apology.steps, agent=person)
        findings = lexicon.check(composed.text, None)
        if lexicon.blocking(findings):
            raise LexiconBlocked(lexicon.blocking(findings))
        kept = cautions.require_confirmed(findings, confirmed, doing="sent")
        message = ApologyMessage.objects.create(
            case=case, to_email=case.customer.email, subject=composed.subject,
            text=composed.text, html=composed.html, sent_by=person,
            message_id=f"<apology-{case.reference.lower()}@{settings.EMAIL_MESSAGE_DOMAIN}>",
        )
        previous = case.status
        case.status, case.stage = Status.APOLOGY_SENT, Stage.SENT
        case.save(update_fields=["status", "stage", "updated_at"])
        timeline.record(
            case, EventKind.APOLOGY_SENT, by=by, from_value=previous, to_value=Status.APOLOGY_SENT,
            note=message.subject, to_email=message.to_email,
        )
        cautions.record(case, kept, by=by, doing="apology sent")
        schedule.apology_sent(case, message.sent_at)
        # In the conversation, threaded after the acknowledgement and updates; it leaves
        # after commit, and its delivery stops the first-response clock if nothing did.
        outbox.queue(case, MessageKind.APOLOGY, message.subject, message.text,
                     html=message.html, author=person, message_id=message.message_id,
                     by=by, record=False)
    return message
