"""The privacy app's rows: who saw, exported or erased whose data (`AccessRecord`), and
which customers and cases were erased (`Erasure`, `CaseErasure`). None of them holds a name,
an email or any text about the customer: the log outlives the data it is about."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Action(models.TextChoices):
    VIEWED_CUSTOMER = "viewed_customer", "Viewed the customer page"
    VIEWED_CASE = "viewed_case", "Viewed a case"
    EXPORTED = "exported", "Exported the customer's data"
    ERASED = "erased", "Erased the customer's data"


VIEWS = [Action.VIEWED_CUSTOMER, Action.VIEWED_CASE]


class AccessRecord(models.Model):
    """One person (or key) looking at, exporting or erasing one customer's data. Views are
    kept once per person, customer and kind per hour (`hour`): a page read every few seconds
    is one entry, not thousands, and each costs one INSERT that may do nothing."""

    at = models.DateTimeField(default=timezone.now)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_index=False)
    api_key = models.ForeignKey("accounts.ApiKey", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", db_index=False)
    customer = models.ForeignKey("cases.Customer", on_delete=models.CASCADE, related_name="+",
                                 db_index=False)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", db_index=False,
                             help_text="The case page viewed (the first in that hour)")
    action = models.CharField(max_length=20, choices=Action.choices)
    hour = models.DateTimeField(help_text="The hour of `at`: views are kept once per hour")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The log's page: newest first, by customer, by person.
            models.Index(F("at").desc(), name="access_at_idx"),
            models.Index("customer", F("at").desc(), name="access_customer_idx"),
            models.Index("person", F("at").desc(), name="access_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint("person", "customer", "action", "hour",
                                    name="access_view_once_an_hour",
                                    condition=Q(action__in=VIEWS)),
        ]

    def __str__(self):
        return f"{self.person_id} {self.action} customer #{self.customer_id} at {self.at}"


class Reason(models.TextChoices):
    REQUEST = "request", "The customer asked (or a manager decided)"
    RETENTION = "retention", "Kept longer than the retention period"


class Erasure(models.Model):
    """A customer whose personal data was erased: when, by whom, why. The customer row
    stays (their cases still count in the figures), holding no name and no address."""

    customer = models.OneToOneField("cases.Customer", on_delete=models.CASCADE,
                                    related_name="erasure")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)

    def __str__(self):
        return f"customer #{self.customer_id} erased at {self.at:%Y-%m-%d}"


class CaseErasure(models.Model):
    """A case whose words about its customer were erased. Retention marks each case as it
    goes, so a run that dies half-way resumes with the next case, not the first."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="erasure")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=10, choices=Reason.choices)

    def __str__(self):
        return f"case #{self.case_id} erased at {self.at:%Y-%m-%d}"
