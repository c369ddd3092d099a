"""The apology flow's JSON: a small input serializer per step (and for commitments and
transitions), and read-only output shapes for the apology as the API shows it.

Input serializers validate shape only (required fields, choices, limits, a due time in the
future); the rules (order, lexicon, approval limit, already sent) are `flow`'s. No model
writes here.
"""

from decimal import Decimal

from rest_framework import serializers

from cases.choices import STEPS, Stage, Status
from cases.serializers import ProposedCommitmentSerializer, integration_of
from recovery.text import single_line

from . import remedy
from .commitment_serializers import CommitmentInputSerializer, CommitmentSerializer
from .models import EXTRA_FIELDS, ApologyMessage, ExtraType, RemedyApproval, RemedyType, RootCause
from .serializers import FindingSerializer

EXTRA_TYPES = "the extra's type (" + ", ".join(ExtraType.values) + "), null when none"

# --- Input ---------------------------------------------------------------------------------


class StepInputSerializer(serializers.Serializer):
    content = serializers.CharField(
        max_length=5000, help_text="The text the customer will read for this step"
    )


class RestoreValueInputSerializer(StepInputSerializer):
    remedy_type = serializers.ChoiceField(choices=RemedyType.choices)
    value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"),
        help_text="What the remedy is worth to the customer",
    )
    cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"),
        help_text="What it costs us; above your approval limit it waits for a manager",
    )
    currency = serializers.CharField(
        min_length=3, max_length=3, required=False,
        help_text="Three-letter code; default: the desk's currency",
    )

    extra_type = serializers.ChoiceField(
        choices=ExtraType.choices, required=False, allow_blank=True, allow_null=True,
        help_text="Something extra beyond making the customer whole (optional; if given, "
        "with its description, value and cost)",
    )
    extra_description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, allow_null=True,
        validators=[single_line], help_text="What the extra is",
    )
    extra_value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False,
        allow_null=True, help_text="What the extra is worth to the customer",
    )
    extra_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False,
        allow_null=True, help_text="What the extra costs us; the approval limit weighs the "
        "total (make whole + extra)",
    )

    def validate_currency(self, value):
        if not value.isalpha():
            raise serializers.ValidationError("Use a three-letter currency code, such as EUR.")
        return value.upper()

    def validate(self, attrs):
        problems = remedy.extra_problems(attrs)  # an extra is all or nothing
        if problems:
            raise serializers.ValidationError({name: [message]
                                               for name, message in problems.items()})
        return attrs


class ExplainInputSerializer(StepInputSerializer):
    root_cause = serializers.SlugRelatedField(
        slug_field="slug", queryset=RootCause.objects.filter(is_active=True),
        required=False, allow_null=True,
        error_messages={"does_not_exist": "Unknown root cause “{value}”."},
        help_text="A root-cause slug from the managed list",
    )


class FixInputSerializer(StepInputSerializer):
    commitments = CommitmentInputSerializer(
        many=True, required=False, max_length=10,
        help_text="Promises made in this step; each becomes a tracked commitment",
    )


STEP_INPUTS = {
    Stage.RESTORE_VALUE.value: RestoreValueInputSerializer,
    Stage.ACKNOWLEDGE.value: StepInputSerializer,
    Stage.EXPLAIN.value: ExplainInputSerializer,
    Stage.FIX.value: FixInputSerializer,
    Stage.REGRET.value: StepInputSerializer,
}


class StepBodySerializer(StepInputSerializer):
    """The schema's description of a step's body. Which fields apply depends on the step, so
    the view validates with the step's own serializer (`STEP_INPUTS`); a `oneOf` of those
    would be ambiguous, since an acknowledge body is also a valid explain or fix body."""

    remedy_type = serializers.ChoiceField(
        choices=RemedyType.choices, required=False, help_text="restore_value (required there)"
    )
    value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False,
        help_text="restore_value (required there): what the remedy is worth to the customer",
    )
    cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False,
        help_text="restore_value (required there): what it costs us; above your approval "
        "limit the remedy waits for a manager",
    )
    currency = serializers.CharField(
        min_length=3, max_length=3, required=False,
        help_text="restore_value, optional: three-letter code (default: the desk's currency)",
    )
    extra_type = serializers.ChoiceField(
        choices=ExtraType.choices, required=False, allow_blank=True, allow_null=True,
        help_text="restore_value, optional: something extra beyond making the customer whole; "
        "if any extra field is given, all four are needed",
    )
    extra_description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, allow_null=True,
        help_text="restore_value, optional: what the extra is",
    )
    extra_value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False,
        allow_null=True, help_text="restore_value, optional: the extra's value to the customer",
    )
    extra_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False,
        allow_null=True, help_text="restore_value, optional: the extra's cost to us (the "
        "approval limit weighs the total)",
    )
    root_cause = serializers.SlugField(
        required=False, allow_null=True,
        help_text="explain, optional: a root-cause slug from the managed list",
    )
    commitments = CommitmentInputSerializer(
        many=True, required=False, max_length=10,
        help_text="fix, optional: promises made in this step, each a tracked commitment",
    )


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "decline"])
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="To the agent; required when declining",
    )


class TransitionInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="Why, for the timeline",
    )


# --- Output --------------------------------------------------------------------------------


class ApprovalSerializer(serializers.ModelSerializer):
    # A string, not an enum: the schema's `status` enum is the case's (an enum per name).
    status = serializers.CharField(
        help_text="pending, approved, declined or withdrawn (another remedy was proposed)"
    )
    requested_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    total_cost = serializers.DecimalField(max_digits=11, decimal_places=2, read_only=True)
    total_value_to_customer = serializers.DecimalField(max_digits=11, decimal_places=2,
                                                       read_only=True)
    value_for_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True,
        help_text="Total value to the customer per unit of total cost; null when free to us")
    extra_type = serializers.CharField(allow_null=True, help_text=EXTRA_TYPES)

    class Meta:
        model = RemedyApproval
        fields = ["status", "remedy_type", "value_to_customer", "cost", "currency",
                  *EXTRA_FIELDS, "total_cost", "total_value_to_customer", "value_for_cost",
                  "content", "requested_by", "requested_at", "decided_by", "decided_at",
                  "decision_note"]
        read_only_fields = fields

    def to_representation(self, approval):
        body = super().to_representation(approval)
        body["extra_type"] = body["extra_type"] or None  # blank reads as "no extra"
        return body


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApologyMessage
        fields = ["to_email", "subject", "text", "html", "sent_at", "delivered_at"]
        read_only_fields = fields


STEP_KEY_LIST = ", ".join(step.value for step in STEPS)
STEP_STATES = [("done", "Done"), ("next", "Next"), ("todo", "To do"),
               ("waiting_for_approval", "Waiting for a manager's approval")]
REMEDY_FIELDS = ("remedy_type", "value_to_customer", "cost", "currency", *EXTRA_FIELDS,
                 "total_cost", "total_value_to_customer", "value_for_cost")


class StepRowSerializer(serializers.Serializer):
    """One step as the API shows it; the remedy fields only on restore_value, the root
    cause only on explain."""

    # Plain strings rather than enums here and in `next_step`: the schema already names the
    # step keys' enum after the lint endpoint's `step` (one choice set, one name).
    key = serializers.CharField(help_text=f"The step's key: {STEP_KEY_LIST}")
    number = serializers.IntegerField()
    label = serializers.CharField()
    state = serializers.ChoiceField(choices=STEP_STATES, help_text=(
        "An integration's key reads a remedy waiting for approval as `next`"))
    content = serializers.CharField(required=False, help_text=(
        "The current text; empty before the step. People only"))
    completed_at = serializers.DateTimeField(allow_null=True)
    completed_by = serializers.EmailField(allow_null=True, required=False,
                                          help_text="People only")
    remedy_type = serializers.ChoiceField(
        choices=RemedyType.choices, allow_null=True, required=False,
        help_text="restore_value only",
    )
    value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only",
    )
    cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only",
    )
    currency = serializers.CharField(allow_null=True, required=False,
                                     help_text="restore_value only")
    extra_type = serializers.CharField(
        allow_null=True, required=False,
        help_text="restore_value only: " + EXTRA_TYPES)
    extra_description = serializers.CharField(allow_null=True, required=False,
                                              help_text="restore_value only")
    extra_value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only")
    extra_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only")
    total_cost = serializers.DecimalField(
        max_digits=11, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only: make whole + extra, what the approval limit weighs")
    total_value_to_customer = serializers.DecimalField(
        max_digits=11, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only: make whole + extra")
    value_for_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, required=False,
        help_text="restore_value only: total value to the customer per unit of total cost; "
        "null when it costs us nothing")
    root_cause = serializers.SlugField(allow_null=True, required=False, help_text="explain only")

    def to_representation(self, row):
        body = super().to_representation(row)
        keep = {Stage.RESTORE_VALUE: REMEDY_FIELDS, Stage.EXPLAIN: ("root_cause",)}.get(
            row["key"], ()
        )
        for name in (*REMEDY_FIELDS, "root_cause"):
            if name not in keep:
                body.pop(name, None)
        return body


# What an integration's key reads of the apology: how far it is, as its webhooks tell it
# (`cases.disclosure`); the texts, the remedy's cost and value, approvals, findings,
# commitments and the message are the desk's.
SHARED_STEP_FIELDS = ("key", "number", "label", "state", "completed_at")
SHARED_APOLOGY_FIELDS = ("reference", "status", "stage", "next_step", "steps", "sent_at")
PEOPLE_ONLY = "People only (not shown to an integration's key)"


class ApologySerializer(serializers.Serializer):
    reference = serializers.CharField(source="case.reference")
    status = serializers.ChoiceField(choices=Status.choices, source="case.status")
    stage = serializers.ChoiceField(choices=Stage.choices, source="case.stage")
    next_step = serializers.CharField(
        allow_null=True, help_text="The key of the step to write next: the first neither "
        "complete nor (the remedy) waiting for approval; restore_value when only the waiting "
        "remedy is left; null when all five are done. The case's `stage` says the same",
    )
    steps = StepRowSerializer(many=True)
    approval = ApprovalSerializer(
        allow_null=True, required=False,
        help_text="The remedy's latest approval request (pending or decided). " + PEOPLE_ONLY,
    )
    findings = serializers.DictField(
        child=serializers.ListField(child=FindingSerializer()), required=False,
        help_text="The lexicon's findings on each step's current text, by step key. "
                  + PEOPLE_ONLY,
    )
    commitments = CommitmentSerializer(many=True, required=False, help_text=PEOPLE_ONLY)
    sent_at = serializers.DateTimeField(allow_null=True)
    remedy_requested = serializers.CharField(
        source="case.remedy_requested", required=False,
        help_text="What the customer said would put it right (empty if they did not say), "
        "beside the remedy. " + PEOPLE_ONLY)
    message = MessageSerializer(allow_null=True, required=False,
                                help_text="The apology as sent; null before. " + PEOPLE_ONLY)

    def to_representation(self, apology):
        body = super().to_representation(apology)
        if integration_of(self.context) is None:
            return body
        steps = [{name: row[name] for name in SHARED_STEP_FIELDS} for row in body["steps"]]
        for row in steps:
            if row["state"] == "waiting_for_approval":  # an approval is the desk's business:
                # the remedy reads as not done yet (next, if nothing else is left to write)
                row["state"] = "next" if body["next_step"] == row["key"] else "todo"
        return {**{name: body[name] for name in SHARED_APOLOGY_FIELDS}, "steps": steps}


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="no_extra: the remedy has no extra")
    message = serializers.CharField()


class StepResultSerializer(ApologySerializer):
    findings_for_step = serializers.ListField(
        child=FindingSerializer(), help_text="Cautions on the text just saved (they do not block)"
    )
    proposed_commitments = ProposedCommitmentSerializer(
        many=True, required=False,
        help_text="fix only: promises found in `content` (“I will … within a week”) that no "
                  "commitment tracks yet, with their due time; POST one to the case's "
                  "commitments to track it",
    )
    warnings = WarningSerializer(
        many=True, help_text="Cautions about the remedy (restore_value): they do not block")
