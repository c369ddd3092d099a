"""The case's JSON: read-only output shapes and small input shapes (no model writes here;
the view hands validated input to `cases.intake`)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import is_integration
from recovery.text import plain_text, single_line

from . import disclosure
from .choices import Channel, Severity, Stage, Status, Tier
from .filters import desk_users
from .models import Case, CaseEvent, Category, Customer


class CustomerSerializer(serializers.ModelSerializer):
    tier = serializers.ChoiceField(
        choices=Tier.choices, allow_null=True,
        help_text="null when an integration's key reads a case it logged without a tier",
    )

    class Meta:
        model = Customer
        fields = ["email", "name", "company", "tier"]
        read_only_fields = fields


def integration_of(context):
    """The integration's key reading, or None for a person (or no request at all)."""
    request = context.get("request")
    return request.auth if request is not None and is_integration(request) else None


class CaseCustomerSerializer(CustomerSerializer):
    """The case's customer as the reader may see them: the desk's record for people; for
    an integration's key, what that key told us with this case (`cases.disclosure`)."""

    def to_representation(self, case):
        if integration_of(self.context) is not None:
            return disclosure.customer_as_told(case)
        customer = case.customer
        return {"email": customer.email, "name": customer.name, "company": customer.company,
                "tier": customer.tier}


_DATETIME = serializers.DateTimeField()  # DRF's rendering of a moment (ISO 8601, "Z")


class CaseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This case in the API")
    web_url = serializers.SerializerMethodField(help_text="This case in the browser")
    status = serializers.ChoiceField(choices=Status.choices)
    stage = serializers.ChoiceField(
        choices=Stage.choices, help_text="The next apology step to complete, or `sent`"
    )
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    customer = CaseCustomerSerializer(
        source="*", read_only=True,
        help_text="For an integration's key: the customer as it told us with this case",
    )
    assignee = serializers.SlugRelatedField(
        slug_field="email", read_only=True, allow_null=True,
        help_text="The assignee's email, or null",
    )
    tags = serializers.ListField(child=serializers.CharField())
    breached = serializers.BooleanField(
        help_text="A first-response or resolution target was missed (now or earlier)"
    )
    waiting_on_customer = serializers.BooleanField(
        read_only=True,
        help_text="A question to the customer is unanswered: the resolution clock is paused",
    )
    customer_unreachable = serializers.BooleanField(
        read_only=True,
        help_text="An email to the customer bounced or was refused (cleared when their "
                  "address is corrected or a later email is delivered)",
    )

    class Meta:
        model = Case
        fields = [
            "reference", "url", "web_url", "status", "stage", "title", "customer_title",
            "description", "remedy_requested", "channel", "category", "severity", "customer",
            "assignee", "external_id", "tags",
            "occurred_at", "incident", "first_response_due_at", "resolution_due_at",
            "next_update_due_at", "first_responded_at", "resolved_at", "closed_at", "breached",
            "waiting_on_customer", "customer_unreachable", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, case):
        """What the declared fields give (`tests/cases/test_serializers.py` holds the two
        equal), built directly: DRF's field-by-field rendering was most of the time a page
        of 25 cases took."""
        customer, assignee, category = case.customer, case.assignee, case.category
        when = _DATETIME.to_representation
        return {
            "reference": case.reference,
            "url": self.get_url(case),
            "web_url": self.get_web_url(case),
            "status": case.status,
            "stage": case.stage,
            "title": case.title,
            "customer_title": case.customer_title,
            "description": case.description,
            "remedy_requested": case.remedy_requested,
            "channel": case.channel,
            "category": category.slug if category is not None else None,
            "severity": case.severity,
            "customer": self._customer(case) if self._integration else {
                "email": customer.email, "name": customer.name,
                "company": customer.company, "tier": customer.tier},
            "assignee": assignee.email if assignee is not None else None,
            "external_id": case.external_id,
            "tags": [None if tag is None else str(tag) for tag in case.tags],
            "occurred_at": when(case.occurred_at),
            "incident": case.incident_id,
            "first_response_due_at": when(case.first_response_due_at),
            "resolution_due_at": when(case.resolution_due_at),
            "next_update_due_at": when(case.next_update_due_at),
            "first_responded_at": when(case.first_responded_at),
            "resolved_at": when(case.resolved_at),
            "closed_at": when(case.closed_at),
            "breached": case.breached,
            "waiting_on_customer": case.waiting_on_customer,
            "customer_unreachable": case.customer_unreachable,
            "created_at": when(case.created_at),
            "updated_at": when(case.updated_at),
        }

    @cached_property
    def _integration(self):
        return integration_of(self.context) is not None

    def _customer(self, case):
        return disclosure.customer_as_told(case)

    @cached_property
    def _links(self):
        """The two links' makers, resolved once per response: a page of 25 cases otherwise
        spends a third of its rendering in `reverse()` and `build_absolute_uri()`."""
        request = self.context.get("request")
        origin = request.build_absolute_uri("/")[:-1] if request else ""
        return {route: (origin, Case.link_maker(route))
                for route in ("api:case-detail", "cases:detail")}

    def _link(self, route, case):
        origin, link = self._links[route]
        return origin + link(case)

    @extend_schema_field(serializers.URLField())
    def get_url(self, case):
        return self._link("api:case-detail", case)

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, case):
        return self._link("cases:detail", case)


class CustomerInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                 validators=[single_line])
    company = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                    validators=[single_line])
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)


class ActiveCategoryField(serializers.SlugRelatedField):
    """An active category by its slug, from the categories the process keeps
    (`Category.by_slug`) rather than a query per request; the schema is the slug field's."""

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")  # as the slug field answers a list or an object
        category = Category.by_slug(str(data))
        if category is None or not category.is_active:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        return category


class CaseCreateSerializer(serializers.Serializer):
    customer = CustomerInputSerializer()
    title = serializers.CharField(max_length=200, validators=[single_line],
                                  help_text="For the desk only")
    customer_title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", validators=[single_line],
        help_text="What the customer reads as the title (status page, emails) instead of "
                  "`title`; blank: the category's wording",
    )
    description = serializers.CharField(
        max_length=20000, required=False, allow_blank=True, default=""
    )
    remedy_requested = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", validators=[plain_text],
        help_text="What the customer said would put it right, in their words (plain text)",
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    category = ActiveCategoryField(
        slug_field="slug",
        queryset=Category.objects.filter(is_active=True),
        error_messages={"does_not_exist": "Unknown category “{value}”."},
    )
    severity = serializers.ChoiceField(choices=Severity.choices)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    external_id = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", validators=[single_line]
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50, validators=[single_line]), max_length=20,
        required=False, default=list
    )
    incident = serializers.PrimaryKeyRelatedField(
        # the model the case's field points to: cases does not import the incidents app
        queryset=Case._meta.get_field("incident").related_model.objects.all(),
        required=False, allow_null=True, default=None,
        help_text="The id of the incident that caused this failure (see /incidents/)",
        error_messages={"does_not_exist": "Unknown incident “{pk_value}”.",
                        "incorrect_type": "An incident is given by its id (a number)."},
    )

    def validate_occurred_at(self, value):
        if value and value > timezone.now() + timedelta(minutes=5):
            raise serializers.ValidationError("A failure cannot have happened in the future.")
        return value


class CaseUpdateSerializer(serializers.Serializer):
    """PATCH: any of these; status and stage change only through the transitions."""

    title = serializers.CharField(max_length=200, required=False, validators=[single_line])
    customer_title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[single_line],
        help_text="What the customer reads as the title (status page, emails) instead of "
                  "`title`; blank: the category's wording",
    )
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    category = ActiveCategoryField(
        slug_field="slug", queryset=Category.objects.filter(is_active=True), required=False,
        error_messages={"does_not_exist": "Unknown category “{value}”."},
    )
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    assignee = serializers.SlugRelatedField(
        slug_field="email", queryset=desk_users(), required=False, allow_null=True,
        error_messages={"does_not_exist": "No agent or manager has the email “{value}”."},
        help_text="An agent's or manager's email, or null to unassign",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50, validators=[single_line]), max_length=20,
        required=False)

    def validate(self, data):
        if not data:
            raise serializers.ValidationError("Send at least one field to change.")
        return data


class EventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="opened, assigned, note, step_completed, …")
    label = serializers.CharField(help_text="The kind in words")
    actor = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True,
                                          help_text="The person, if a person acted")
    by = serializers.CharField(source="actor_name", help_text="Who, in words")
    data = serializers.JSONField()

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "label", "actor", "by", "from_value", "to_value", "note", "data",
                  "created_at"]
        read_only_fields = fields

    def to_representation(self, event):
        """For an integration's key, what a webhook would carry: no notes but its own, no
        costs or findings, and "Recovery Desk" for whoever at the desk acted."""
        body = super().to_representation(event)
        key = integration_of(self.context)
        if key is None:
            return body
        own = event.api_key_id == key.pk
        body["from_value"], body["to_value"] = disclosure.shared_change(event)
        body.update(actor=None, by=body["by"] if own else disclosure.DESK,
                    note=event.note if own else "", data=disclosure.shared_facts(event.data))
        return body


class NoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class RevokedLinksSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text="How many links stopped working")
    status_url = serializers.URLField(
        help_text="A new link to the customer's status page, shown only this once"
    )


class ProposedCommitmentSerializer(serializers.Serializer):
    """A promise found in text the desk wrote (`cases.promises`), not yet tracked: POST it
    to the case's commitments to track it."""

    description = serializers.CharField()
    due_at = serializers.DateTimeField()
    text = serializers.CharField(source="sentence", help_text="The sentence it was found in")
