"""The incident's JSON: read-only output shapes and small input shapes (the views hand
validated input to `linking` and `sending`)."""

from django.conf import settings
from rest_framework import serializers

from apologies import cautions
from apologies import remedy as remedy_parts
from apologies.models import EXTRA_FIELDS, ExtraType, RemedyType, RootCause
from apologies.serializers import FindingSerializer
from cases.choices import Tier
from cases.serializers import integration_of
from recovery.text import single_line

from .models import BulkSend, Incident, IncidentRemedy, IncidentStatus


class RemedySerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentRemedy
        fields = ["tier", "remedy_type", "content", "value_to_customer", "cost", "currency",
                  *EXTRA_FIELDS]
        read_only_fields = fields


PEOPLE_ONLY = "People only (not shown to an integration's key)"
# What an integration's key reads of an incident: enough to name it when it posts a case
# (`cases.disclosure`). The desk's summary, the apology's texts, the remedies per tier (with
# their cost) and how many cases are linked (other integrations' among them) are the desk's.
SHARED_FIELDS = ("id", "reference", "url", "title", "status", "started_at", "ended_at",
                 "created_at", "updated_at")


class IncidentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    # Output only; the desk-only fields are declared not required so the schema allows an
    # integration's shorter shape.
    summary = serializers.CharField(required=False, help_text=PEOPLE_ONLY)
    acknowledgement = serializers.CharField(required=False, help_text=PEOPLE_ONLY)
    explanation = serializers.CharField(required=False, help_text=PEOPLE_ONLY)
    root_cause = serializers.SlugRelatedField(slug_field="slug", read_only=True,
                                              allow_null=True, required=False,
                                              help_text=PEOPLE_ONLY)
    fix = serializers.CharField(required=False, help_text=PEOPLE_ONLY)
    regret = serializers.CharField(required=False, help_text=PEOPLE_ONLY)
    remedies = RemedySerializer(many=True, required=False, help_text=PEOPLE_ONLY)
    cases = serializers.IntegerField(source="linked", required=False,
                                     help_text="How many cases are linked. " + PEOPLE_ONLY)

    class Meta:
        model = Incident
        fields = ["id", "reference", "url", "title", "summary", "status", "started_at",
                  "ended_at", "acknowledgement", "explanation", "root_cause", "fix", "regret",
                  "remedies", "cases", "created_at", "updated_at"]
        read_only_fields = fields

    def get_url(self, incident) -> str:
        request = self.context.get("request")
        path = f"/api/v1/incidents/{incident.pk}/"
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, incident):
        body = super().to_representation(incident)
        if integration_of(self.context) is None:
            return body
        return {name: body[name] for name in SHARED_FIELDS}


class RemedyInputSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    remedy_type = serializers.ChoiceField(choices=RemedyType.choices)
    content = serializers.CharField(max_length=5000)
    value_to_customer = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    cost = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False,
                                      default=settings.DESK_CURRENCY)
    extra_type = serializers.ChoiceField(
        choices=ExtraType.choices, required=False, allow_blank=True, default="",
        help_text="Something extra beyond making the customer whole (optional; if given, "
        "with its description, value and cost)")
    extra_description = serializers.CharField(max_length=300, required=False,
                                              allow_blank=True, default="",
                                              validators=[single_line])
    extra_value_to_customer = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True,
        default=None)
    extra_cost = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0,
                                          required=False, allow_null=True, default=None)

    def validate_currency(self, value):
        return value.upper()

    def validate(self, attrs):
        problems = remedy_parts.extra_problems(attrs)  # an extra is all or nothing
        if problems:
            raise serializers.ValidationError({name: [message]
                                               for name, message in problems.items()})
        return attrs


class IncidentInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, validators=[single_line])
    summary = serializers.CharField(max_length=20000)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)
    started_at = serializers.DateTimeField(required=False)
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    acknowledgement = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    explanation = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    root_cause = serializers.SlugRelatedField(
        slug_field="slug", queryset=RootCause.objects.filter(is_active=True), required=False,
        allow_null=True, error_messages={"does_not_exist": "Unknown root cause “{value}”."})
    fix = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    regret = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    remedies = RemedyInputSerializer(many=True, required=False, max_length=len(Tier.choices))


class LinkInputSerializer(serializers.Serializer):
    cases = serializers.ListField(child=serializers.CharField(max_length=32), min_length=1,
                                  max_length=500, help_text="Case references")


class BulkSendSerializer(serializers.ModelSerializer):
    started_by = serializers.SlugRelatedField(slug_field="email", read_only=True,
                                              allow_null=True)
    total = serializers.IntegerField()
    sent = serializers.IntegerField()
    skipped = serializers.IntegerField()
    failed = serializers.IntegerField()
    pending = serializers.IntegerField()
    failures = serializers.ListField(child=serializers.DictField(), help_text=(
        "The cases not sent: reference and reason (the first 100)"))
    answered = serializers.IntegerField(help_text=(
        "Cases not sent because the customer's apology went with another of their cases "
        "(one apology per customer: their oldest case carries it)"))
    answered_cases = serializers.ListField(child=serializers.DictField(), help_text=(
        "Those cases: `case` and `answered_by`, the reference whose apology answered it "
        "(the first 100)"))

    class Meta:
        model = BulkSend
        fields = ["id", "status", "started_by", "started_at", "finished_at", "total", "sent",
                  "skipped", "answered", "failed", "pending", "failures", "answered_cases"]
        read_only_fields = fields


class AnsweredCaseSerializer(serializers.Serializer):
    case = serializers.CharField()
    answered_by = serializers.CharField(help_text="The customer's case whose apology answers it")


class SeveralCasesSerializer(serializers.Serializer):
    case = serializers.CharField(help_text="The customer's oldest case: it carries the apology")
    answering = serializers.ListField(child=serializers.CharField(),
                                      help_text="The customer's other cases, answered by it")


class SampleApologySerializer(serializers.Serializer):
    case = serializers.CharField()
    to_email = serializers.EmailField()
    subject = serializers.CharField()
    text = serializers.CharField(help_text="The plain-text email, word for word")


class SendPreviewSerializer(serializers.Serializer):
    """What "send to all" would do now (`incidents.confirming.Plan`); nothing is written."""

    customers = serializers.IntegerField(help_text="Customers who get an apology (one each)")
    linked = serializers.IntegerField(help_text="Cases linked to the incident")
    to_send = serializers.ListField(child=serializers.CharField(), help_text=(
        "The cases whose apology goes out: one per customer"))
    awaiting_approval = serializers.ListField(child=serializers.CharField(), help_text=(
        "Cases whose remedy waits for a manager: not sent"))
    already_sent = serializers.ListField(child=serializers.CharField())
    answered = AnsweredCaseSerializer(many=True, help_text=(
        "Cases whose customer's apology went with another of their cases before: skipped"))
    several = SeveralCasesSerializer(many=True, help_text="Customers with several cases")
    missing = serializers.ListField(child=serializers.CharField(), help_text=(
        "What the incident lacks before it can be sent"))
    cautions = FindingSerializer(many=True, help_text=(
        "Cautions in the parts written for everyone: their keys go in the POST's `confirm`"))
    sample = SampleApologySerializer(allow_null=True, help_text=(
        "One apology as it will read (`?case=` a reference among `to_send`; else the first)"))


def preview_body(plan) -> dict:
    refs = [case.reference for case in plan.to_send]
    sample = plan.sample and {
        "case": plan.sample_case.reference, "to_email": plan.sample_case.customer.email,
        "subject": plan.sample.subject, "text": plan.sample.text}
    return SendPreviewSerializer({
        "customers": plan.customers, "linked": plan.linked, "to_send": refs,
        "awaiting_approval": [case.reference for case in plan.awaiting],
        "already_sent": [case.reference for case in plan.already_sent],
        "answered": [{"case": case.reference, "answered_by": answer.reference}
                     for case, answer in plan.answered],
        "several": [{"case": case.reference, "answering": [other.reference for other in others]}
                    for case, others in plan.several],
        "missing": plan.missing, "cautions": [cautions.as_dict(f) for f in plan.cautions],
        "sample": sample or None,
    }).data
