from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.choices import STEPS
from recovery.text import single_line


class PhraseKind(models.TextChoices):
    BANNED = "banned", "Banned (blocks the step)"
    CAUTION = "caution", "Caution (warns)"


class PhraseCategory(models.TextChoices):
    POLICY_SPEAK = "policy_speak", "Policy-speak"
    BLAME = "blame", "Shifting blame"
    YOURE_WRONG = "youre_wrong", "“You're wrong”"
    BRUSH_OFF = "brush_off", "Brush-off"
    DYPII = "dypii", "“Did you plug it in?” question"
    MINIMIZING = "minimizing", "Minimizing"
    EXCUSE = "excuse", "Excuse"
    CONDITIONAL = "conditional", "Conditional apology"
    OVER_PROMISING = "over_promising", "Over-promising"


STEP_CHOICES = [(step.value, step.label) for step in STEPS]


class Phrase(models.Model):
    """One entry of the language lexicon that managers curate.

    `pattern` is written as people say it ("it's our policy"); matching ignores letter case,
    the kind of apostrophe, contractions ("it is our policy") and punctuation between words,
    but never skips words, so good language that merely shares a word is not flagged.
    """

    pattern = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=10, choices=PhraseKind.choices)
    category = models.CharField(max_length=20, choices=PhraseCategory.choices)
    better_wording = models.CharField(
        max_length=300, blank=True, help_text="What to say instead, offered next to the finding"
    )
    explanation = models.CharField(
        max_length=300, blank=True, help_text="Why this phrase hurts the apology"
    )
    steps = models.JSONField(
        default=list,
        blank=True,
        help_text="The steps it applies to (keys); empty means every step and the whole message",
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "pattern"]

    def __str__(self):
        return self.pattern

    def applies_to(self, step: str | None) -> bool:
        return not self.steps or step is None or step in self.steps


class RemedyType(models.TextChoices):
    REFUND = "refund", "Refund"
    CREDIT = "credit", "Credit"
    REPLACEMENT = "replacement", "Replacement"
    UPGRADE = "upgrade", "Upgrade"
    EXPEDITE = "expedite", "Expedited service"
    GIFT = "gift", "Gift"
    SERVICE = "service", "Service"
    OTHER = "other", "Other"


class RootCause(models.Model):
    """The managed list of root-cause categories for the explain step (admin-editable)."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, validators=[single_line])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApologyStep(models.Model):
    """One of a case's five steps: its text for the customer, plus the remedy (restore_value)
    or the root cause (explain). A row without `completed_at` is a draft."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=20, choices=STEP_CHOICES)
    content = models.TextField(max_length=5000)
    remedy_type = models.CharField(max_length=20, choices=RemedyType.choices, blank=True)
    value_to_customer = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    root_cause = models.ForeignKey(
        RootCause, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint("case", "key", name="one_step_per_key")]
        # Insights: steps completed in a period (stalls), of one key (remedies, root causes).
        indexes = [models.Index("completed_at", "key", name="step_completed_idx")]

    def __str__(self):
        return f"{self.case_id} {self.key}"

    @property
    def number(self) -> int:
        return [key for key, _ in STEP_CHOICES].index(self.key) + 1

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a manager"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn (another remedy was proposed)"


class RemedyApproval(models.Model):
    """A remedy that costs more than its proposer may offer, waiting for a manager. The
    remedy is copied here; it becomes the restore_value step only when approved."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="approvals")
    content = models.TextField(max_length=5000)
    remedy_type = models.CharField(max_length=20, choices=RemedyType.choices)
    value_to_customer = models.DecimalField(max_digits=10, decimal_places=2)
    cost = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # Another proposal withdraws the pending one first, so a case waits on one.
            models.UniqueConstraint(
                "case", name="one_pending_approval",
                condition=models.Q(status="pending"),
            ),
        ]
        indexes = [
            models.Index("requested_at", name="approval_pending_idx",
                         condition=models.Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.get_remedy_type_display()} {self.cost} {self.currency}"

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING


class MessageTemplate(models.Model):
    """The frame around the five parts: subject, greeting and sign-off, which managers edit.
    Placeholders: {{ customer_name }}, {{ agent_name }}, {{ reference }}, {{ title }} (the
    title the customer reads), {{ organisation }} (our name). One row (pk 1)."""

    subject = models.CharField(max_length=200, validators=[single_line])
    greeting = models.CharField(max_length=300)
    sign_off = models.TextField(max_length=1000)
    organisation = models.CharField(max_length=100, default="Recovery Desk")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "Apology message template"

    @classmethod
    def current(cls) -> "MessageTemplate":
        template = cls.objects.filter(pk=1).first()
        return template or cls(pk=1, **DEFAULT_TEMPLATE)


DEFAULT_TEMPLATE = {
    "subject": "We are sorry: {{ title }}",  # every subject gets [reference] in front
    "greeting": "Dear {{ customer_name }},",
    "sign_off": "With our sincere apologies,\n{{ agent_name }}\n{{ organisation }}",
    "organisation": "Recovery Desk",
}


class ApologyMessage(models.Model):
    """The apology as sent: exactly what the customer received, kept unchanged. Created once
    per case by `flow.send_apology`; `delivered_at` is set when the email left."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="message")
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index("sent_at", name="apology_undelivered_idx",
                                condition=models.Q(delivered_at__isnull=True))]

    def __str__(self):
        return self.subject
