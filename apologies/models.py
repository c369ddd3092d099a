from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.choices import STEPS, Tier
from recovery import settled
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


class ExtraType(models.TextChoices):
    """The something extra beyond making the customer whole: high value to them, low cost
    to us."""

    GIFT = "gift", "Gift"
    CREDIT = "credit", "Credit"
    UPGRADE = "upgrade", "Upgrade"
    EXPEDITE = "expedite", "Expedited service"
    SERVICE = "service", "Service"
    OTHER = "other", "Other"


# The remedy as a step and a pending approval hold it: the "make whole" part, then the extra.
EXTRA_FIELDS = ("extra_type", "extra_description", "extra_value_to_customer", "extra_cost")
REMEDY_FIELDS = ("remedy_type", "value_to_customer", "cost", "currency", *EXTRA_FIELDS)


def value_for_cost(value, cost) -> Decimal | None:
    """Value to the customer per unit of cost to us; None when it costs us nothing."""
    if value is None or not cost:
        return None
    return (value / cost).quantize(Decimal("0.01"))


class RemedyExtra(models.Model):
    """The remedy's two parts: the make-whole fields (on the concrete model) and something
    extra, of high value to the customer and low cost to us (optional, but all or nothing:
    `apologies.remedy.extra_problems`). The approval limit weighs the total cost."""

    extra_type = models.CharField(max_length=20, choices=ExtraType.choices, blank=True)
    extra_description = models.CharField(max_length=300, blank=True, validators=[single_line])
    extra_value_to_customer = models.DecimalField(max_digits=10, decimal_places=2, null=True,
                                                  blank=True)
    extra_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_extra(self) -> bool:
        return bool(self.extra_type)

    @property
    def total_cost(self) -> Decimal | None:
        if self.cost is None:
            return None
        return self.cost + (self.extra_cost or 0)

    @property
    def total_value_to_customer(self) -> Decimal | None:
        if self.value_to_customer is None:
            return None
        return self.value_to_customer + (self.extra_value_to_customer or 0)

    @property
    def value_for_cost(self) -> Decimal | None:
        return value_for_cost(self.total_value_to_customer, self.total_cost)

    @property
    def extra_value_for_cost(self) -> Decimal | None:
        return value_for_cost(self.extra_value_to_customer, self.extra_cost)

    def take_remedy(self, data: dict):
        """Set both parts from validated `data` (absent extra fields: no extra)."""
        for name in REMEDY_FIELDS:
            value = data.get(name)
            if value is None and name in ("extra_type", "extra_description", "remedy_type"):
                value = ""
            setattr(self, name, value)
        self.currency = (data.get("currency") or settings.DESK_CURRENCY).upper()

    def remedy_record(self) -> dict:
        """Both parts and the totals, as the timeline records them (decimals as text)."""
        def text(value):
            return None if value is None else str(value)

        return {
            "remedy_type": self.remedy_type, "value_to_customer": text(self.value_to_customer),
            "cost": text(self.cost), "currency": self.currency,
            "extra_type": self.extra_type, "extra_description": self.extra_description,
            "extra_value_to_customer": text(self.extra_value_to_customer),
            "extra_cost": text(self.extra_cost), "total_cost": text(self.total_cost),
            "total_value_to_customer": text(self.total_value_to_customer),
        }


class RootCause(models.Model):
    """The managed list of root-cause categories for the explain step (managers keep it on
    /root-causes/, `apologies.root_causes`)."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, validators=[single_line])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApologyStep(RemedyExtra):
    """One of a case's five steps: its text for the customer, plus the remedy (restore_value:
    make whole, and something extra) or the root cause (explain). A row without
    `completed_at` is a draft."""

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


class RemedyApproval(RemedyExtra):
    """A remedy whose total cost (make whole + extra) is more than its proposer may offer,
    waiting for a manager. The remedy is copied here; it becomes the restore_value step only
    when approved."""

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
        return (f"{self.case_id}: {self.get_remedy_type_display()} {self.total_cost} "
                f"{self.currency}")

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING


class TierApprovalLimit(models.Model):
    """How much an agent may offer without a manager's approval on a case whose customer
    is of this tier ("for Gold customers agents may offer up to 200"). It takes the place of
    the desk's default (APPROVAL_LIMIT) for that tier; an agent with a limit of their own
    (on their user) keeps it. Managers keep these on /people/approval-limits/
    (`apologies.tier_limits`)."""

    tier = models.CharField(max_length=20, unique=True, choices=Tier.choices)
    limit = models.DecimalField(
        max_digits=10, decimal_places=2,
        help_text="The highest total remedy cost (make whole + extra), in the desk's "
        "currency, an agent may offer this tier's customers without approval",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["limit", "tier"]
        verbose_name = "approval limit by customer tier"
        verbose_name_plural = "approval limits by customer tier"

    def __str__(self):
        return f"{self.get_tier_display()}: {self.limit}"

    @classmethod
    def for_tier(cls, tier: str) -> Decimal | None:
        """The tier's limit, or None (the desk's default applies)."""
        return cls.objects.filter(tier=tier).values_list("limit", flat=True).first()


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
        """The row, or the defaults: kept by the process (`recovery.settled`)."""
        return settled.current("message-template", lambda: cls.objects.filter(
            pk=1).first() or cls(pk=1, **DEFAULT_TEMPLATE))


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


settled.watch(MessageTemplate)
