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
    first_response_seconds = serializers.SerializerMethodField()
    resolution_seconds = serializers.SerializerMethodField()

    class Meta:
        model = ArchivedApology
        fields = [
            "id", "url", "web_url", "reference", "title",
            "restore_value", "acknowledge", "explain", "fix", "regret", "subject", "message",
            "category", "root_cause", "remedy_type", "value_to_customer", "cost", "currency",
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

