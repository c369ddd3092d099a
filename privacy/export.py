"""Exporting a customer (GDPR Art. 15): everything the desk holds about them, as a zip with
one JSON document, `customer.json` (the customer, and a list per kind of row; each case also
carries its own timeline, messages and survey, so it reads on its own), and the files they
sent (attachments, raw emails kept).

The rows are read first, each in its own short query, with no transaction held; then the
zip is written to a temporary file that spills to disk past a few megabytes, the files
copied from storage in chunks, so neither the database nor memory waits on S3 or the disk.
"""

import json
import re
import shutil
import tempfile
import zipfile

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from accounts.models import IdempotentRequest
from apologies.models import ApologyMessage, ApologyStep, RemedyApproval
from archive.models import ArchivedApology
from cases.models import Case, CaseEvent, Commitment, Notification, Survey
from conversation.models import Attachment, InboundEmail, Message
from webhooks.models import Delivery

from . import access_log
from .models import AccessRecord, Action

IN_MEMORY = 4 * 1024 * 1024  # past this the zip is written to a temporary file
CHUNK = 1024 * 1024
ARCHIVE_FIELDS_LEFT_OUT = {"search_vector"}  # an index of the words, not data


def kinds(customer) -> dict[str, list[dict]]:
    """Every kind of row about `customer`: {file name: rows as dicts}."""
    cases = Case.objects.filter(customer=customer)
    case_ids = list(cases.values_list("pk", flat=True))
    mine = Q(case_id__in=case_ids)
    references = list(cases.values_list("reference", flat=True))
    emails = {customer.email, *Message.objects.filter(mine).values_list("address", flat=True)}
    sender = Q(pk__in=[])
    for email in emails:
        sender |= Q(sender__iexact=email)
    answers = Q(pk__in=[])
    for value in [*emails, *references]:
        answers |= Q(response_body__icontains=value)
    return {
        "customer": [_customer(customer)],
        "cases": _rows(cases),
        "apology_steps": _rows(ApologyStep.objects.filter(mine)),
        "remedy_approvals": _rows(RemedyApproval.objects.filter(mine)),
        "apologies_sent": _rows(ApologyMessage.objects.filter(mine)),
        "commitments": _rows(Commitment.objects.filter(mine)),
        "timeline": _rows(CaseEvent.objects.filter(mine)),
        "messages": _rows(Message.objects.filter(mine)),
        "attachments": _rows(Attachment.objects.filter(mine)),
        "raw_emails": _rows(InboundEmail.objects.filter(
            Q(recorded_as__case_id__in=case_ids) | sender)),
        "surveys": _rows(Survey.objects.filter(mine)),
        "archived_apologies": _rows(ArchivedApology.objects.filter(mine),
                                    leave_out=ARCHIVE_FIELDS_LEFT_OUT),
        "notifications": _rows(Notification.objects.filter(mine)),
        "webhook_deliveries": _rows(Delivery.objects.filter(mine)),
        "stored_api_answers": _rows(IdempotentRequest.objects.filter(answers)),
        "access_log": _rows(AccessRecord.objects.filter(customer=customer)),
    }


def _customer(customer) -> dict:
    return {"id": customer.pk, "email": customer.email, "name": customer.name,
            "company": customer.company, "tier": customer.tier,
            "created_at": customer.created_at}


def _rows(queryset, leave_out=()) -> list[dict]:
    names = [field.attname for field in queryset.model._meta.concrete_fields
             if field.name not in leave_out]
    return list(queryset.order_by("pk").values(*names))


def build(customer, *, by):
    """The zip, as an open file positioned at its start, and its name. Logs the export."""
    documents = kinds(customer)
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        contents = {name: len(rows) for name, rows in documents.items()}
        zipped.writestr("README.txt", _readme(customer, contents))
        zipped.writestr("customer.json", json.dumps(
            document(documents), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        for row in documents["attachments"]:
            _copy(zipped, row["file"], f"attachments/{row['id']}-{_safe(row['filename'])}")
        for row in documents["raw_emails"]:
            _copy(zipped, row["raw"], f"raw_emails/{row['id']}.eml")
    spool.seek(0)
    access_log.record(by, customer.pk, Action.EXPORTED)
    return spool, f"customer-{customer.pk}-{timezone.now():%Y%m%d}.zip"


PER_CASE = {"timeline": "timeline", "messages": "messages", "surveys": "survey"}


def document(documents: dict[str, list[dict]]) -> dict:
    """`customer.json`: the customer, then every kind as a list; each case with its own."""
    by_case = {kind: {} for kind in PER_CASE}
    for kind in PER_CASE:
        for row in documents[kind]:
            by_case[kind].setdefault(row["case_id"], []).append(row)
    cases = []
    for case in documents["cases"]:
        case = dict(case)
        for kind, key in PER_CASE.items():
            rows = by_case[kind].get(case["id"], [])
            case[key] = (rows[0] if rows else None) if key == "survey" else rows
        cases.append(case)
    return {**documents, "customer": documents["customer"][0], "cases": cases}


def _copy(zipped, stored_name, arcname):
    if not stored_name:
        return
    try:
        source = default_storage.open(stored_name, "rb")
    except FileNotFoundError:  # deleted meanwhile: the row says what it was
        return
    with source, zipped.open(arcname, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, CHUNK)


def _safe(filename: str) -> str:
    return re.sub(r"[^\w.-]+", "_", filename)[:100] or "file"


def _readme(customer, contents) -> str:
    lines = [f"Everything Recovery Desk holds about customer #{customer.pk}, "
             f"exported {timezone.now():%Y-%m-%d %H:%M} UTC.", "",
             "customer.json holds the customer and a list per kind of record (ids refer "
             "between them; each case also carries its timeline, messages and survey); the "
             "files they sent are in attachments/, the emails as received in raw_emails/.",
             ""]
    lines += [f"{name}: {count} record{'s' if count != 1 else ''}"
              for name, count in contents.items()]
    return "\n".join(lines) + "\n"
