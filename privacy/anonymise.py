"""Erasing one customer's words from their cases: every row that holds text about a case,
in every app, rewritten in place. Numbers, dates, states and counts are left alone, so the
cases still count in the figures exactly as before.

What goes where (the decision, in one place):
- the customer's own words (what they wrote in, their survey comment, what they asked for,
  their account as an integration told it, the raw emails and the files they sent, and
  notifications' bodies, which quote them) are
  removed: `[erased]`, an empty field, or the file deleted;
- the desk's words about them (titles, steps, messages out, notes, commitments, the
  archived apology, notifications' subjects, webhook payloads) keep their sentences with the
  customer's name, company, email addresses and phone numbers replaced by marks;
- rows that are only files (attachments) are deleted with their files.

Runs inside the caller's transaction; returns the storage names to delete once it commits
(a rolled-back erasure must not have lost the files).
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from apologies.models import ApologyMessage, ApologyStep, RemedyApproval
from archive import search
from archive.models import ArchivedApology
from cases.models import (
    TO_CUSTOMER,
    Case,
    CaseEvent,
    Commitment,
    CustomerLink,
    EventKind,
    Notification,
    Reminder,
    SavedView,
    Survey,
)
from cases.redaction import Identity, redact
from conversation.models import Attachment, DeliveryState, Direction, InboundEmail, Message
from incidents.models import BulkSendItem
from webhooks.models import Delivery

from .words import ERASED, own_words, redacted_fields, redacted_json

# Timeline events whose note is the customer's own words (their reply, complaint, comment).
CUSTOMER_VOICE = {EventKind.CUSTOMER_REPLIED, EventKind.COMPLAINT_RECEIVED,
                  EventKind.SURVEY_ANSWERED}
NOT_SENT = "Not sent: the customer's personal data was erased"


def placeholder_email(customer_id: int) -> str:
    """A unique address that is no address anyone has (.invalid is reserved, RFC 2606)."""
    return f"erased-{customer_id}@erased.invalid"


def erase_cases(case_ids: list[int], identity: Identity, customer_id: int) -> list[str]:
    """Erase the customer's words from these cases (of customer `customer_id`). Returns the
    storage names of the files to delete after commit."""
    address = placeholder_email(customer_id)
    files = []
    _cases(case_ids, identity)
    _steps(case_ids, identity)
    _rewrite(ApologyMessage.objects.filter(case_id__in=case_ids), identity,
             ["subject", "text", "html"], to_email=address)
    _rewrite(Commitment.objects.filter(case_id__in=case_ids), identity,
             ["description", "release_reason"])
    _notifications(case_ids, identity)
    _rewrite(BulkSendItem.objects.filter(case_id__in=case_ids), identity, ["detail"])
    Survey.objects.filter(case_id__in=case_ids).exclude(comment="").update(comment="")
    _events(case_ids, identity)
    files += _messages(case_ids, identity, address)
    files += _attachments(case_ids)
    _archive(case_ids, identity, address)
    for delivery in Delivery.objects.filter(case_id__in=case_ids).only("payload"):
        Delivery.objects.filter(pk=delivery.pk).update(
            payload=redacted_json(delivery.payload, identity))
    CustomerLink.objects.filter(case_id__in=case_ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    Reminder.objects.filter(case_id__in=case_ids, kind__in=TO_CUSTOMER, sent_at__isnull=True,
                            cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    # a survey email the mail server refused says so with the customer's address
    _rewrite(Reminder.objects.filter(case_id__in=case_ids).exclude(last_error=""), identity,
             ["last_error"])
    _admin_log(Case, case_ids, identity)
    return files


def _rewrite(queryset, identity, names, **fixed):
    """Redact `names` on every row of `queryset` (and set `fixed` values), one UPDATE per row
    that changed."""
    for row in queryset.only("pk", *names, *fixed):
        changed = redacted_fields(row, names, identity)
        for name, value in fixed.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed.append(name)
        if changed:
            type(row).objects.filter(pk=row.pk).update(
                **{name: getattr(row, name) for name in changed})


def _notifications(case_ids, identity):
    # A notification's body quotes the customer (their low score's comment, their reply):
    # it goes; the subject says what happened and keeps its words.
    for notification in Notification.objects.filter(case_id__in=case_ids).only("subject",
                                                                                 "body"):
        Notification.objects.filter(pk=notification.pk).update(
            subject=redact(notification.subject, identity), body=own_words(notification.body))


def _cases(case_ids, identity):
    for case in Case.objects.filter(pk__in=case_ids).only(
            "title", "customer_title", "description", "remedy_requested", "customer_as_told",
            "tags"):
        Case.objects.filter(pk=case.pk).update(
            title=redact(case.title, identity) or ERASED,
            customer_title=redact(case.customer_title, identity),
            description=redact(case.description, identity),
            remedy_requested=own_words(case.remedy_requested),
            customer_as_told=None,
            tags=redacted_json(case.tags, identity),
        )


def _steps(case_ids, identity):
    _rewrite(ApologyStep.objects.filter(case_id__in=case_ids), identity,
             ["content", "extra_description"])
    _rewrite(RemedyApproval.objects.filter(case_id__in=case_ids), identity,
             ["content", "extra_description", "decision_note"])


def _events(case_ids, identity):
    # The timeline is append-only for the application; erasure is the one exception the
    # law makes, and it changes words only (kind, actor, time and numbers stay).
    for event in CaseEvent.objects.filter(case_id__in=case_ids).only(
            "kind", "from_value", "to_value", "note", "data"):
        voice = event.kind in CUSTOMER_VOICE
        to_value = ("[file erased]" if event.kind == EventKind.ATTACHMENT_ADDED
                    else redact(event.to_value, identity))
        CaseEvent.objects.filter(pk=event.pk).update(
            from_value=redact(event.from_value, identity), to_value=to_value,
            note=own_words(event.note) if voice else redact(event.note, identity),
            data=redacted_json(event.data, identity))


def _messages(case_ids, identity, address) -> list[str]:
    messages = Message.objects.filter(case_id__in=case_ids)
    for message in messages.only("direction", "subject", "body", "html", "full_body",
                                 "state", "state_detail", "last_error"):
        theirs = message.direction == Direction.IN
        change = {
            "address": address,
            "subject": own_words(message.subject) if theirs else redact(message.subject,
                                                                         identity),
            "body": own_words(message.body) if theirs else redact(message.body, identity),
            "html": "" if theirs else redact(message.html, identity),
            "full_body": "" if theirs else redact(message.full_body, identity),
            "state_detail": redact(message.state_detail, identity),
            "last_error": redact(message.last_error, identity),
        }
        if message.state == DeliveryState.QUEUED:  # never to be sent now: no address left
            change.update(state=DeliveryState.FAILED, last_error=NOT_SENT)
        Message.objects.filter(pk=message.pk).update(**change)
    emails = InboundEmail.objects.filter(recorded_as__case_id__in=case_ids)
    return erase_inbound(emails, identity, address)


def erase_inbound(emails, identity, address) -> list[str]:
    """Raw emails kept as they came: the file goes, the row keeps only what is no one's."""
    files = [name for name in emails.exclude(raw="").values_list("raw", flat=True)]
    for email in emails.only("note"):
        InboundEmail.objects.filter(pk=email.pk).update(
            raw="", sender=address, subject=ERASED, note=redact(email.note, identity))
    return files


def _attachments(case_ids) -> list[str]:
    files = []
    attachments = Attachment.objects.filter(case_id__in=case_ids)
    for file, thumbnail in attachments.values_list("file", "thumbnail"):
        files += [name for name in (file, thumbnail) if name]
    attachments.delete()
    return files


def _archive(case_ids, identity, address):
    names = ["title", "restore_value", "acknowledge", "explain", "fix", "regret", "subject",
             "message", "lessons", "public_title", "public_text", "extra_description"]
    archived = ArchivedApology.objects.filter(case_id__in=case_ids)
    _rewrite(archived, identity, names, customer_name="", customer_email=address,
             customer_company="", survey_comment="")
    if connection.vendor == "postgresql":  # the search reads words: index the new ones
        archived.update(search_vector=search.VECTOR)


def _admin_log(model, ids, identity):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                      object_id__in=[str(pk) for pk in ids])
    _rewrite(entries, identity, ["object_repr", "change_message"])


def erase_admin_log_of_customer(customer_model, customer_id, identity):
    _admin_log(customer_model, [customer_id], identity)


def idempotent_responses(identity: Identity, references: list[str]):
    """Stored API answers (kept a day for retries) that name the customer or their cases."""
    from accounts.models import IdempotentRequest

    named = Q()
    for value in [*identity.emails, *references]:
        named |= Q(response_body__icontains=value)
    if not named:
        return
    for stored in IdempotentRequest.objects.filter(named).only("response_body"):
        IdempotentRequest.objects.filter(pk=stored.pk).update(
            response_body=redacted_json(stored.response_body, identity))


def saved_views(identity: Identity):
    """A queue's saved view may search for the customer ("Inès's cases", `q=ines@…`): its
    name and search words are redacted, its other filters kept. Only views that name this
    customer change (another customer's address in a view is not theirs to erase)."""
    words = [word.lower() for word in (*identity.names, *identity.emails) if word]
    for view in SavedView.objects.only("pk", "name", "query"):
        query = QueryDict(view.query, mutable=True)
        said = " ".join([view.name, *(value for _, values in query.lists() for value in values)])
        if not any(word in said.lower() for word in words):
            continue
        for key, values in list(query.lists()):
            query.setlist(key, [redact(value, identity) for value in values])
        SavedView.objects.filter(pk=view.pk).update(
            name=redact(view.name, identity)[:60], query=query.urlencode())
