"""Erasing a customer (GDPR Art. 17): their personal data anonymised everywhere it appears,
irreversibly, in one transaction; their files deleted from storage once it commits.

The customer row stays (its cases still count in the figures): named "Erased customer",
with an address that is no one's. Each case gets a timeline event and the access log an
entry saying who erased and when, never what (no name, no address: the record must not
keep what it records the removal of).
"""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.actors import actor_fields
from archive.models import ArchivedApology
from cases import timeline
from cases.models import Case, Customer, EventKind
from cases.redaction import Identity
from conversation.models import InboundEmail, Message
from recovery.errors import Conflict, NotAllowed, RecoveryError

from . import access_log, anonymise
from .models import Action, CaseErasure, Erasure, Reason

logger = logging.getLogger(__name__)

ERASED_NAME = "Erased customer"
CONFIRM_WORD = "ERASE"


class NotConfirmed(RecoveryError):
    code = "not_confirmed"


def may_erase(by) -> bool:
    person = actor_fields(by)["actor"]
    return person is not None and person.is_manager


def is_erased(customer) -> bool:
    """Without a query: the placeholder address is set only by erasure."""
    return customer.email == anonymise.placeholder_email(customer.pk)


def confirms(customer, typed: str) -> bool:
    typed = (typed or "").strip()
    return typed == CONFIRM_WORD or typed.lower() == customer.email.lower()


def erase(customer, *, by, confirm: str) -> Erasure:
    """Erase `customer` at a manager's request. Raises NotAllowed for anyone but a manager,
    NotConfirmed (400, on `confirm`) unless `confirm` is their email or ERASE, Conflict (409)
    when they were erased already. Effects: every case of theirs anonymised with a
    `personal_data_erased` event; the access log's `erased` entry; files deleted after
    commit."""
    if not may_erase(by):
        raise NotAllowed("Only managers may erase a customer's personal data.")
    if not confirms(customer, confirm):
        raise NotConfirmed("Type the customer's email address, or ERASE, to confirm.",
                           field="confirm")
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if is_erased(customer):
            raise Conflict("This customer's personal data was erased already.",
                           code="already_erased")
        case_ids = list(Case.objects.filter(customer=customer).values_list("pk", flat=True))
        files = _erase_everything(customer, case_ids, by=by, reason=Reason.REQUEST)
        erasure = Erasure.objects.create(customer=customer, by=actor_fields(by)["actor"],
                                         reason=Reason.REQUEST)
        access_log.record(by, customer.pk, Action.ERASED)
        transaction.on_commit(lambda: delete_files(files))
    return erasure


def identity_of(customer, case_ids) -> Identity:
    """Every name, address and company the desk knew this customer by: the row, each
    integration's account on their cases, the addresses their mail came from, the archive."""
    names, emails, companies = [customer.name], [customer.email], [customer.company]
    for told in Case.objects.filter(pk__in=case_ids, customer_as_told__isnull=False) \
            .values_list("customer_as_told", flat=True):
        if isinstance(told, dict):
            names.append(str(told.get("name") or ""))
            companies.append(str(told.get("company") or ""))
    emails += Message.objects.filter(case_id__in=case_ids).values_list("address", flat=True) \
        .distinct()
    for name, email, company in ArchivedApology.objects.filter(case_id__in=case_ids) \
            .values_list("customer_name", "customer_email", "customer_company"):
        names.append(name)
        emails.append(email)
        companies.append(company)
    placeholder = anonymise.placeholder_email(customer.pk)
    return Identity.of(names=[n for n in names if n != ERASED_NAME],
                       emails=[e for e in emails if e and e != placeholder],
                       companies=companies)


def erase_cases(customer, case_ids, identity, *, by, reason) -> list[str]:
    """Anonymise these cases of `customer` and mark them, with their timeline event."""
    files = anonymise.erase_cases(case_ids, identity, customer.pk)
    now = timezone.now()
    CaseErasure.objects.bulk_create(
        [CaseErasure(case_id=pk, at=now, reason=reason) for pk in case_ids],
        ignore_conflicts=True)
    for case in Case.objects.filter(pk__in=case_ids):
        timeline.record(case, EventKind.PERSONAL_DATA_ERASED, by=by, reason=reason.value)
    return files


def erase_customer_row(customer, case_ids, identity) -> list[str]:
    """The customer row and what hangs on them rather than on one case."""
    address = anonymise.placeholder_email(customer.pk)
    references = list(Case.objects.filter(pk__in=case_ids).values_list("reference", flat=True))
    anonymise.idempotent_responses(identity, references)
    anonymise.erase_admin_log_of_customer(Customer, customer.pk, identity)
    anonymise.saved_views(identity)
    theirs = Q(pk__in=[])
    for email in identity.emails:
        theirs |= Q(sender__iexact=email)
    files = anonymise.erase_inbound(InboundEmail.objects.filter(theirs), identity, address)
    Customer.objects.filter(pk=customer.pk).update(
        name=ERASED_NAME, email=address, company="", details_from=None)
    return files


def _erase_everything(customer, case_ids, *, by, reason) -> list[str]:
    identity = identity_of(customer, case_ids)
    files = erase_cases(customer, case_ids, identity, by=by, reason=reason)
    return files + erase_customer_row(customer, case_ids, identity)


def delete_files(names):
    """After commit: the files of an erasure that did happen. A file already gone is fine.
    A storage that fails (S3 down) is logged with the file's name, never raised: the erasure
    is committed and the page must say so; the rows no longer point at the file, so an
    operator deletes what the log lists."""
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # any storage backend's error
            logger.exception("Erasure: could not delete %s from storage; delete it by hand",
                             name)
