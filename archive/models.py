from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apologies.models import RemedyExtra, RemedyType, RootCause
from cases.choices import STEPS, Channel, Severity
from recovery.text import single_line

PARTS = ["restore_value", "acknowledge", "explain", "fix", "regret"]


class Outcome(models.TextChoices):
    """What the customer said afterwards (the survey's satisfaction score)."""

    RECOVERED = "recovered", "Recovered (4–5)"
    NEUTRAL = "neutral", "Neutral (3)"
    NOT_RECOVERED = "not_recovered", "Not recovered (1–2)"
    NO_ANSWER = "no_answer", "No answer yet"

    @classmethod
    def of(cls, csat):
        if csat is None:
            return cls.NO_ANSWER
        return cls.RECOVERED if csat >= 4 else cls.NEUTRAL if csat == 3 else cls.NOT_RECOVERED


class ArchivedApology(RemedyExtra):
    """A closed case's apology as it was: the five parts, the message sent, and its context.

    Written once, when the case closes (`snapshot.archive`); only the survey's answer (which
    may come later), the managers' review and the publishing change afterwards. The
    customer's identity is kept for redaction, never shown outside the desk. The remedy
    keeps both its parts: make whole (`remedy_type`, `value_to_customer`, `cost`) and the
    extra (`RemedyExtra`), with their totals.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="archived")
    reference = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    restore_value = models.TextField()
    acknowledge = models.TextField()
    explain = models.TextField()
    fix = models.TextField()
    regret = models.TextField()
    subject = models.CharField(max_length=300)
    message = models.TextField(help_text="The message as the customer received it")

    category = models.ForeignKey("cases.Category", on_delete=models.PROTECT, related_name="+")
    root_cause = models.ForeignKey(RootCause, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    remedy_type = models.CharField(max_length=20, choices=RemedyType.choices, blank=True)
    value_to_customer = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    currency = models.CharField(max_length=3, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    time_to_first_response = models.DurationField(null=True)
    time_to_resolution = models.DurationField(null=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    customer_name = models.CharField(max_length=200, blank=True)
    customer_email = models.EmailField()
    customer_company = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField()
    archived_at = models.DateTimeField(default=timezone.now)

    csat = models.PositiveSmallIntegerField(null=True)
    nps = models.PositiveSmallIntegerField(null=True)
    survey_comment = models.TextField(blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.NO_ANSWER)

    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    exemplary = models.BooleanField(default=False)
    lessons = models.TextField(blank=True, max_length=5000)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    public_title = models.CharField(max_length=200, blank=True, validators=[single_line])
    public_text = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    # Weighted tsvector of the title (A), the explanation and fix (B) and the rest (C),
    # written with the snapshot; PostgreSQL only (left empty on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-archived_at", "-id"]
        verbose_name_plural = "archived apologies"
        indexes = [
            GinIndex(fields=["search_vector"], name="archive_search_idx"),
            models.Index(fields=["category", "-archived_at"], name="archive_category_idx"),
            # The suggestions' fallback (exemplary first, then newest, in the case's
            # category) reads five rows instead of sorting the category (66 ms at 100,000).
            models.Index(fields=["category", "-exemplary", "-archived_at"],
                         name="archive_category_best_idx"),
            models.Index(fields=["-archived_at"], name="archive_recent_idx"),
            models.Index(fields=["archived_at"], name="archive_to_review_idx",
                         condition=models.Q(reviewed_at__isnull=True)),
            models.Index(fields=["-published_at"], name="archive_published_idx",
                         condition=models.Q(published_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def parts(self) -> list[tuple[str, str]]:
        return [(step.label, getattr(self, step.value)) for step in STEPS]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class SearchEntry(models.Model):
    """The archive as its search reads it: for each archived apology, the search vector and
    the columns the search filters, counts and sorts by, and nothing else.

    A broad search (`refund` matches 42 % of the archive) counts facets and ranks every
    match; on the apology's own row (1.1 kB, with the texts) that read 112 MB, which does not
    stay in shared_buffers; these rows are a third of that. Kept by a database trigger on
    every insert and update of an archived apology (migration 0003), like an index: no code
    path (a review, a survey answer, the admin, a bulk UPDATE) can leave it stale.
    """

    apology = models.OneToOneField(ArchivedApology, primary_key=True, on_delete=models.CASCADE,
                                   related_name="search_entry")
    search_vector = SearchVectorField(null=True)
    # the apology's row holds the constraints; checking them twice buys nothing
    category = models.ForeignKey("cases.Category", on_delete=models.DO_NOTHING,
                                 db_constraint=False, db_index=False, related_name="+")
    root_cause = models.ForeignKey(RootCause, null=True, on_delete=models.DO_NOTHING,
                                   db_constraint=False, db_index=False, related_name="+")
    remedy_type = models.CharField(max_length=20, choices=RemedyType.choices, blank=True)
    rating = models.PositiveSmallIntegerField(null=True)
    exemplary = models.BooleanField(default=False)
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    csat = models.PositiveSmallIntegerField(null=True)
    reviewed_at = models.DateTimeField(null=True)
    archived_at = models.DateTimeField()

    COPIED = ["search_vector", "category_id", "root_cause_id", "remedy_type", "rating",
              "exemplary", "outcome", "csat", "reviewed_at", "archived_at"]

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="archive_entry_search_idx"),
            models.Index(fields=["-archived_at", "-apology"], name="archive_entry_recent_idx"),
            # the suggestions' pool of the newest exemplary matches (a few in a hundred)
            models.Index(fields=["-archived_at", "-apology"], condition=Q(exemplary=True),
                         name="archive_entry_exemplary_idx"),
        ]

    def __str__(self):
        return f"search entry of #{self.pk}"
