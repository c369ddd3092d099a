from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from .models import ArchivedApology


class ArchivedApologySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    root_cause = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    agent = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)
    extra_type = serializers.CharField(
        help_text="The extra given beyond making the customer whole (gift, credit, upgrade, "
        "expedite, service, other); empty when none")
    total_cost = serializers.DecimalField(
        max_digits=11, decimal_places=2, allow_null=True, read_only=True,
        help_text="Make whole + extra")
    total_value_to_customer = serializers.DecimalField(
        max_digits=11, decimal_places=2, allow_null=True, read_only=True,
        help_text="Make whole + extra")
    value_for_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, read_only=True,
        help_text="Total value to the customer per unit of total cost; null when free to us")
    first_response_seconds = serializers.SerializerMethodField()
    resolution_seconds = serializers.SerializerMethodField()

    class Meta:
        model = ArchivedApology
        fields = [
            "id", "url", "web_url", "reference", "title",
            "restore_value", "acknowledge", "explain", "fix", "regret", "subject", "message",
            "category", "root_cause", "remedy_type", "value_to_customer", "cost", "currency",
            "extra_type", "extra_description", "extra_value_to_customer", "extra_cost",
            "total_cost", "total_value_to_customer", "value_for_cost",
            "severity", "channel", "first_response_seconds", "resolution_seconds", "agent",
            "csat", "nps", "survey_comment", "outcome",
            "rating", "exemplary", "lessons", "reviewed_at", "published_at",
            "opened_at", "archived_at",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, archived):
        return reverse("api:archive-detail", args=[archived.pk],
                       request=self.context.get("request"))

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, archived):
        return reverse("archive:detail", args=[archived.pk], request=self.context.get("request"))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_first_response_seconds(self, archived):
        return _seconds(archived.time_to_first_response)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_resolution_seconds(self, archived):
        return _seconds(archived.time_to_resolution)


class FoundApologySerializer(ArchivedApologySerializer):
    snippet = serializers.CharField(
        read_only=True, help_text="The best passage, HTML-escaped, matched words in <mark>")

    class Meta(ArchivedApologySerializer.Meta):
        fields = [*ArchivedApologySerializer.Meta.fields, "snippet"]


def _seconds(duration):
    return None if duration is None else int(duration.total_seconds())

