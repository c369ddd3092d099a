import copy
import hashlib
import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from recovery import settled
from recovery.text import single_line

from ..choices import ACTIVE_STATUSES, Channel, Severity, Stage, Status, Tier
from .order import Due, customer_sort_name, due_at, severity_rank, stage_rank

REFERENCE_PATTERN = re.compile(r"[A-Za-z]{1,8}-\d{4}-\d{1,9}")
# What the queue's search box takes for (part of) a reference, PREFIX-YEAR-NUMBER with the
# number zero-padded to six digits (`cases.intake.next_reference`): the year and number with
# or without the prefix ("2026-13" names one case), or a case number alone ("000013", "13").
YEAR_AND_NUMBER = re.compile(r"(?:([A-Za-z]{1,8})-)?(\d{4})-(\d{1,9})")
CASE_NUMBER = re.compile(r"\d{1,9}")
SEARCH_CUSTOMER_LIMIT = 500


def names_one_case(text: str) -> bool:
    """Whether the search box's text names one case by its reference ("SR-2026-000013",
    "2026-13"): the queue then finds it whatever its status."""
    return bool(YEAR_AND_NUMBER.fullmatch(text.strip()))


class Customer(models.Model):
    """Someone we failed, as the desk knows them. One row per email address; emails are
    stored lower-cased so the same person writing as Ann@Example.com and ann@example.com is
    one customer, with all their cases, whoever logged them.

    This record is the desk's: integrations never read it, and one integration's details
    never overwrite what the desk or another integration recorded (`cases.intake`); each
    integration's own account of the customer is kept on its cases (`Case.customer_as_told`).
    """

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True, validators=[single_line])
    company = models.CharField(max_length=200, blank=True, validators=[single_line])
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.STANDARD)
    details_from = models.ForeignKey(
        "accounts.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
        help_text="The integration whose details this record holds (it may keep the tier up "
                  "to date); empty once a person at the desk recorded them",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(customer_sort_name(), "id", name="customer_sort_idx")]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_absolute_url(self):
        return reverse("customer", kwargs={"pk": self.pk})


class Category(models.Model):
    """What kind of failure: shipping, billing, … Managers keep them on /categories/
    (`cases.categories`)."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, validators=[single_line])
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True, help_text="Inactive categories cannot be chosen")
    customer_wording = models.CharField(
        max_length=200, blank=True,
        help_text="What the customer reads as the title of a case of this kind, unless the "
                  "agent writes one (e.g. “Your delivery”)",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    @classmethod
    def kept(cls) -> dict[str, "Category"]:
        """Every category (active or not) by slug, in name order, kept by the process
        (`recovery.settled`): intake names one on every case, the queue lists them all."""
        return settled.current("categories", lambda: {
            category.slug: category for category in cls.objects.all()})

    @classmethod
    def by_slug(cls, slug: str) -> "Category | None":
        found = cls.kept().get(slug)
        return None if found is None else copy.copy(found)


class ReferenceCounter(models.Model):
    """The last case number handed out in a year; see `cases.intake.next_reference`."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class CaseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def unassigned(self):
        return self.filter(assignee__isnull=True)

    def breaching(self, now=None):
        """Cases past a target they have not met yet. Each half has a partial index."""
        now = now or timezone.now()
        return self.filter(
            Q(first_responded_at__isnull=True, first_response_due_at__lt=now)
            | Q(resolved_at__isnull=True, resolution_due_at__lt=now)
        )

    def search(self, text: str, *, as_told: bool = False, partial_references: bool = False):
        """The search box: a reference finds its case; otherwise words in the title or the
        customer's name or email. Each branch is served by an index on PostgreSQL.

        `as_told`: match the customer's name as each case's integration told it
        (`customer_as_told`), for an integration searching its own cases (few, by its key's
        index), never the desk's record.

        `partial_references` (the queue): "2026-13" or "SR-2026-13" finds SR-2026-000013
        (any prefix when none is typed), and a number alone ("13", "000013") finds the cases
        of that number in any year as well as the words. The suffix match is served by
        `case_reference_trgm_idx` (migration 0022)."""
        text = text.strip()
        if partial_references:
            reference = YEAR_AND_NUMBER.fullmatch(text)
            if reference:
                prefix, year, number = reference.groups()
                tail = f"{year}-{int(number):06d}"
                if prefix:
                    return self.filter(reference=f"{prefix.upper()}-{tail}")
                return self.filter(reference__endswith=f"-{tail}")
        elif REFERENCE_PATTERN.fullmatch(text):
            return self.filter(reference=text.upper())
        if as_told:
            return self.filter(Q(title__icontains=text) | Q(customer__email__icontains=text)
                               | Q(customer_as_told__name__icontains=text))
        customers = Customer.objects.filter(Q(name__icontains=text) | Q(email__icontains=text))
        # A short list of ids lets PostgreSQL combine the title's trigram index with the
        # customer index (an OR with a subquery made it scan every case); a fragment that
        # matches very many customers ("example") falls back to the subquery.
        ids = list(customers.values_list("pk", flat=True)[: SEARCH_CUSTOMER_LIMIT + 1])
        matching = customers.values("pk") if len(ids) > SEARCH_CUSTOMER_LIMIT else ids
        words = Q(title__icontains=text) | Q(customer__in=matching)
        if partial_references and CASE_NUMBER.fullmatch(text):
            words |= Q(reference__endswith=f"-{int(text):06d}")
        return self.filter(words)

    def created_via(self, api_key):
        return self.filter(source_key=api_key)

    def for_list(self):
        return self.select_related("customer", "category", "assignee")


class Case(models.Model):
    """One customer-facing failure, worked through the five-step apology.

    `status` and `stage` change only through the flow functions, never by assignment
    elsewhere, so every change lands on the timeline.
    """

    reference = models.CharField(max_length=32, unique=True, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="cases")
    # Internal: the customer reads `title_for_customer`.
    title = models.CharField(max_length=200, validators=[single_line])
    customer_title = models.CharField(
        max_length=200, blank=True, validators=[single_line],
        help_text="What the customer reads as the title (status page, emails); blank: the "
                  "category's wording",
    )
    description = models.TextField(blank=True, max_length=20000)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    severity = models.CharField(max_length=10, choices=Severity.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.RESTORE_VALUE)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        db_index=False,
    )
    customer_as_told = models.JSONField(
        null=True, blank=True,
        help_text="The customer's name, company and tier as the integration that logged the "
                  "case gave them (what its key reads back); empty for the desk's cases",
    )
    external_id = models.CharField(max_length=200, blank=True, validators=[single_line])
    tags = models.JSONField(default=list, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(  # indexed where set (Meta.indexes)
        "incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cases", help_text="The failure that hurt this customer and others",
        db_index=False,
    )

    first_response_due_at = models.DateTimeField()
    resolution_due_at = models.DateTimeField()
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The conversation (`conversation`): when we must write again, and what holds the case.
    next_update_due_at = models.DateTimeField(
        null=True, blank=True, help_text="The customer hears from us again by then")
    waiting_on_customer_since = models.DateTimeField(
        null=True, blank=True, help_text="A question to the customer is unanswered: the "
        "resolution clock is paused")
    waiting_minutes = models.PositiveIntegerField(
        default=0, help_text="Minutes the resolution clock was paused, waiting on the customer")
    customer_unreachable_at = models.DateTimeField(
        null=True, blank=True, help_text="An email to the customer bounced or was refused")
    reopened_by_customer_at = models.DateTimeField(
        null=True, blank=True, help_text="The customer's low survey score reopened the case")
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by",
        help_text="The closed case this one continues (the customer wrote again too late to "
                  "reopen it)")
    remedy_requested = models.TextField(
        blank=True, max_length=2000, help_text="What the customer said would put it right")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_key = models.ForeignKey(  # indexed where set (Meta.indexes)
        "accounts.ApiKey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text="The integration's API key that logged the case, if any",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # One index per queue filter, each also serving the default newest-first order.
            # The newest-first one also carries what Insights reads of the cases opened in a
            # period (both clocks, severity, customer): it answers those from the index alone
            # (an index-only scan) instead of visiting 115,000 cases at a million. Wider
            # entries (91 MB instead of 39 at a million cases), but no index more for intake
            # to write, and no update that was HOT stops being so: every column but
            # waiting_minutes is in another index already, and that one changes only with
            # waiting_on_customer_since, which is too (`conversation.clock`).
            models.Index(F("created_at").desc(), name="case_created_idx",
                         include=["severity", "first_responded_at", "first_response_due_at",
                                  "resolved_at", "resolution_due_at", "waiting_minutes",
                                  "customer", "id"]),
            models.Index("status", F("created_at").desc(), name="case_status_idx"),
            models.Index("stage", F("created_at").desc(), name="case_stage_idx"),
            models.Index("severity", F("created_at").desc(), name="case_severity_idx"),
            models.Index("category", F("created_at").desc(), name="case_category_idx"),
            models.Index("assignee", F("created_at").desc(), name="case_assignee_idx"),
            models.Index(severity_rank().desc(), F("created_at").desc(), name="case_sev_rank_idx"),
            models.Index("first_response_due_at", name="case_response_due_idx",
                         condition=Q(first_responded_at__isnull=True)),
            # The queue's "first response due" order over active cases.
            models.Index("first_response_due_at", "id", name="case_active_response_due_idx",
                         condition=Q(status__in=list(ACTIVE_STATUSES))),
            # The queue's default order: what is due soonest (`due_at`).
            models.Index(due_at(), F("id"), name="case_due_idx"),
            # The queue's order by step (the method's order), over active cases.
            models.Index(stage_rank(), F("created_at"), F("id"), name="case_step_idx",
                         condition=Q(status__in=list(ACTIVE_STATUSES))),
            models.Index("resolution_due_at", name="case_resolution_due_idx",
                         condition=Q(resolved_at__isnull=True)),
            # Insights: cases resolved per week.
            models.Index("resolved_at", name="case_resolved_idx",
                         condition=Q(resolved_at__isnull=False)),
            # external_id first: a user's key looks it up alone, an integration's with its key.
            models.Index("external_id", "source_key", name="case_external_id_idx"),
            # Every intake writes every index of this table: the foreign keys that are mostly
            # empty are indexed only where set. An integration's list reads this one.
            models.Index("source_key", F("created_at").desc(), name="case_source_key_idx",
                         condition=Q(source_key__isnull=False)),
            models.Index("incident", name="case_incident_idx",
                         condition=Q(incident__isnull=False)),
        ]
        constraints = [
            # An integration's own id for a case names one case (per API key).
            models.UniqueConstraint(
                "source_key", "external_id", name="case_external_id_per_key",
                condition=Q(source_key__isnull=False) & ~Q(external_id=""),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("cases:detail", kwargs={"reference": self.reference})

    def get_api_url(self):
        return reverse("api:case-detail", kwargs={"reference": self.reference})

    @staticmethod
    def link_maker(route: str):
        """`case → URL` of a route taking the reference, with the route resolved once: lists
        of cases otherwise spend more in `reverse()` than in the rest of a row."""
        gap = "REFERENCE"
        before, after = reverse(route, kwargs={"reference": gap}).split(gap)
        return lambda case: f"{before}{case.reference}{after}"

    @property
    def title_for_customer(self) -> str:
        """The title on every page and email the customer reads: the internal `title` may
        hold words meant for the desk only ("VIP - refund fraud?")."""
        return (self.customer_title or self.category.customer_wording
                or "The problem you reported")

    @property
    def etag(self) -> str:
        """A strong validator of this version of the case (it changes with `updated_at`)."""
        version = f"{self.pk}:{self.updated_at.isoformat()}"
        return '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'

    @property
    def waiting_on_customer(self) -> bool:
        return self.waiting_on_customer_since is not None

    @property
    def customer_unreachable(self) -> bool:
        return self.customer_unreachable_at is not None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def next_due(self) -> Due | None:
        """The target this case must meet next (the queue's "Due" column); None when it
        owes nothing now (closed, resolved, or waiting on the customer after the first
        response). The same rule as `due_at`, which orders the queue by it."""
        if not self.is_active:
            return None
        owed = []
        if self.first_responded_at is None:
            owed.append(Due("First response", self.first_response_due_at))
        if self.resolved_at is None and self.waiting_on_customer_since is None:
            if self.next_update_due_at is not None:
                owed.append(Due("Update", self.next_update_due_at))
            owed.append(Due("Resolution", self.resolution_due_at))
        # the first listed wins a tie: the first response is the update it coincides with
        return min(owed, key=lambda due: due.at, default=None)

    def first_response_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.first_responded_at is None and self.first_response_due_at < now

    def resolution_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.resolved_at is None and self.resolution_due_at < now

    def is_breaching(self, now=None) -> bool:
        """Past a target not yet met: what the queue's "breaching" filter finds."""
        return self.first_response_overdue(now) or self.resolution_overdue(now)

    @property
    def breached(self) -> bool:
        """A target was missed, now or earlier (met late still counts)."""
        now = timezone.now()
        responded_late = (
            self.first_responded_at is not None
            and self.first_responded_at > self.first_response_due_at
        )
        resolved_late = self.resolved_at is not None and self.resolved_at > self.resolution_due_at
        return responded_late or resolved_late or self.is_breaching(now)


settled.watch(Category)
