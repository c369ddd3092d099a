"""What follows from a case: the promises made to the customer (what people at the desk are
told is `notification`)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from recovery.text import single_line

from .case import Case


class CommitmentQuerySet(models.QuerySet):
    def outstanding(self):
        """Promises still owed: neither kept nor released. A case with one cannot be
        resolved or closed (`cases.work.require_promises_settled`)."""
        return self.filter(kept_at__isnull=True, released_at__isnull=True)


class Commitment(models.Model):
    """A promise made to the customer (usually in the fix step): what, by whom, by when.
    Tracked until kept, or released with a reason (we will not do it, and say why on the
    record); reminders come due from `due_at`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="commitments")
    description = models.CharField(max_length=500, validators=[single_line])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="commitments",
    )
    due_at = models.DateTimeField()
    kept_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index("case", "due_at", name="commitment_case_due_idx")]

    def __str__(self):
        return f"{self.description} (due {self.due_at:%Y-%m-%d})"

    # A promise to a customer years away is a typo, not a plan; year 9999 also overflowed
    # the reminders planned from it (due + grace period).
    HORIZON_YEARS = 5

    @classmethod
    def due_at_problem(cls, due_at, now=None) -> str | None:
        """Why `due_at` cannot be a new commitment's due time, or None: it must be in the
        future and within HORIZON_YEARS. The API, the form and the domain all ask this."""
        now = now or timezone.now()
        if due_at <= now:
            return "A commitment must be due in the future."
        if due_at - now > timedelta(days=365 * cls.HORIZON_YEARS):
            return f"A commitment must be due within {cls.HORIZON_YEARS} years."
        return None

    @property
    def is_outstanding(self) -> bool:
        return self.kept_at is None and self.released_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_outstanding and self.due_at < timezone.now()

    @property
    def state(self) -> str:
        """open, kept or released (the API's `state`)."""
        if self.kept_at is not None:
            return "kept"
        return "released" if self.released_at is not None else "open"
