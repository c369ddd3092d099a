"""Logging a case: the one door through which cases enter, from the browser, the API or
the demo data."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.actors import actor_fields
from recovery.errors import Conflict

from . import schedule, timeline
from .choices import Stage, Status
from .models import Case, Category, Customer, EventKind, ReferenceCounter, ReminderPolicy, SlaTarget

_intake_hooks = []


def on_new_case(hook):
    """Register `hook(case)`, run in intake's transaction for each case the desk must now
    answer (not an import, nor a caller that acknowledges it itself): the conversation
    acknowledges the customer. Registered in an `AppConfig.ready`, so that cases never
    imports the conversation (imports point one way)."""
    _intake_hooks.append(hook)
    return hook


@dataclass(frozen=True)
class CustomerDetails:
    email: str
    name: str = ""
    company: str = ""
    tier: str | None = None  # None: leave an existing customer's tier as it is

    def as_told(self) -> dict:
        """What we were told, as a case keeps it for the integration that told us."""
        return {"name": self.name, "company": self.company, "tier": self.tier}


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_or_create_customer(details: CustomerDetails, *, integration=None) -> Customer:
    """The customer with this email (any letter case), created if new. `integration`: the
    integration's API key that tells us, or None for a person at the desk (or the desk
    itself: inbound mail, imports).

    Why the rules below: integrations (a shop, a CRM) are strangers to each other, but the
    same person may be a customer of both; the desk must see one customer with all their
    cases (the customer's failures add up, insights counts who was failed more than once,
    an incident's remedy follows the customer's tier), while no integration may learn or
    change what another told us. So there is one record, the desk's, and:

    - blanks are filled in from what we are told, whoever tells us (a blank is nothing
      recorded, so nothing is overwritten); a name or company already recorded stays;
    - the tier follows a person at the desk, or the integration whose details the record
      holds (`details_from`: the one that created it; a CRM knows its tier better than we
      do), never another integration: its tier is kept on its own case only;
    - once a person changes the record, it is the desk's (`details_from` empty) and no
      integration changes its tier any more.

    An integration never reads this record back: its cases keep the customer as it told
    us (`Case.customer_as_told`, see `cases.disclosure`).
    """
    email = normalize_email(details.email)
    customer = Customer.objects.filter(email=email).first()
    if customer is None:
        try:
            with transaction.atomic():  # savepoint: another request may create them first
                return Customer.objects.create(
                    email=email,
                    name=details.name,
                    company=details.company,
                    tier=details.tier or Customer._meta.get_field("tier").default,
                    details_from=integration,
                )
        except IntegrityError:
            customer = Customer.objects.get(email=email)  # another request got there first
    changed = []
    for field in ("name", "company"):
        if getattr(details, field) and not getattr(customer, field):
            setattr(customer, field, getattr(details, field))
            changed.append(field)
    keeps_tier = integration is None or customer.details_from_id == integration.pk
    if keeps_tier and details.tier and details.tier != customer.tier:
        customer.tier = details.tier
        changed.append("tier")
    if integration is None and changed and customer.details_from_id is not None:
        customer.details_from = None  # a person recorded it: the desk's from now on
        changed.append("details_from")
    if changed:
        customer.save(update_fields=changed)
    return customer


def next_reference(now=None) -> str:
    """The next human-readable case reference, e.g. SR-2026-000042.

    One atomic upsert on the year's counter row: concurrent intakes each get their own
    number (the row lock is held until the case's transaction commits), and a rolled-back
    intake gives its number back.
    """
    year = (now or timezone.now()).year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # the table name is our model's; the year travels as a parameter
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # nosec
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        number = cursor.fetchone()[0]
    return f"{settings.CASE_REFERENCE_PREFIX}-{year}-{number:06d}"


class DuplicateExternalId(Conflict):
    code = "duplicate_external_id"

    def __init__(self, case):
        super().__init__(f"A case with this external_id exists already: {case.reference}.")
        self.case = case
        self.extra = {"reference": case.reference}


def open_case(
    *,
    customer: CustomerDetails,
    title: str,
    category: Category,
    severity: str,
    channel: str,
    description: str = "",
    customer_title: str = "",
    remedy_requested: str = "",
    occurred_at=None,
    external_id: str = "",
    tags=(),
    assignee=None,
    incident=None,
    opened_at=None,
    by=None,
    acknowledge: bool = True,
    follows=None,
) -> Case:
    """Log a case: find or create the customer, number the case, set its SLA targets from
    its severity, and put the opening event on its timeline, all in one transaction.

    `incident`: the incident that caused it (its apology then starts from the incident's).
    `follows`: the closed case this one continues. `opened_at` is for importing cases
    logged elsewhere earlier (and for demo data); the SLA clock starts then, and no
    acknowledgement goes out. Browser and API intake always
    start it now, and acknowledge the customer (`conversation.acknowledgement`).

    Raises DuplicateExternalId when the same API key already logged a case with this
    `external_id` (the case is on the exception, for the 409's Location).
    """
    who = actor_fields(by)
    if external_id and who["api_key"] is not None:
        existing = Case.objects.filter(source_key=who["api_key"], external_id=external_id).first()
        if existing:
            raise DuplicateExternalId(existing)
    try:
        return _open(customer, title, customer_title, category, severity, channel, description,
                     occurred_at, external_id, tags, assignee, incident, opened_at, by, who,
                     remedy_requested=remedy_requested, acknowledge=acknowledge,
                     follows=follows)
    except IntegrityError:
        # Another request with the same external id won the race: answer as above.
        existing = Case.objects.filter(source_key=who["api_key"], external_id=external_id).first()
        if existing is None:
            raise
        raise DuplicateExternalId(existing) from None


def _open(customer, title, customer_title, category, severity, channel, description,
          occurred_at, external_id, tags, assignee, incident, opened_at, by, who, *,
          remedy_requested="", acknowledge=True, follows=None) -> Case:
    # A savepoint only where `open_case` recovers from a failure inside (two requests with
    # one external id); otherwise a failure fails the caller's transaction anyway (email
    # in opens cases inside its own), and the savepoint would be two queries for nothing.
    with transaction.atomic(savepoint=bool(external_id)):
        now = opened_at or timezone.now()
        first_response_due_at, resolution_due_at = SlaTarget.due_times(severity, now)
        key = who["api_key"]
        integration = key if key is not None and key.is_integration else None
        told = customer.as_told() if integration is not None else None
        customer = find_or_create_customer(customer, integration=integration)
        policy = ReminderPolicy.current()
        case = Case.objects.create(
            # Numbered last before the INSERT: the counter's row stays locked until commit,
            # so concurrent intakes queue behind each other only from here on.
            reference=next_reference(now),
            customer=customer,
            customer_as_told=told,
            title=title,
            customer_title=customer_title,
            description=description,
            remedy_requested=remedy_requested.strip(),
            channel=channel,
            category=category,
            severity=severity,
            assignee=assignee,
            status=Status.OPEN,
            stage=Stage.RESTORE_VALUE,
            occurred_at=occurred_at,
            external_id=external_id,
            tags=list(tags),
            incident=incident,
            first_response_due_at=first_response_due_at,
            resolution_due_at=resolution_due_at,
            created_by=who["actor"],
            source_key=who["api_key"],
            created_at=now,
            follows=follows,
        )
        timeline.record(case, EventKind.OPENED, by=by, to_value=Status.OPEN, note=title,
                        severity=severity, channel=channel, at=now)
        if assignee is not None:
            timeline.record(case, EventKind.ASSIGNED, by=by, to_value=assignee.email, at=now)
        if incident is not None:
            timeline.record(case, EventKind.INCIDENT_LINKED, by=by, to_value=incident.reference,
                            note=incident.title, incident=incident.pk, at=now)
        schedule.case_opened(case, policy)
        if follows is not None:
            timeline.record(case, EventKind.FOLLOWS_CASE, to_value=follows.reference, at=now,
                            note="The customer wrote again after that case was closed.")
        # An import's customer was answered where it was logged; `acknowledge=False`: the
        # caller acknowledges, after recording what the customer wrote (email, the form).
        if opened_at is None and acknowledge:
            for hook in _intake_hooks:
                hook(case)
    return case
