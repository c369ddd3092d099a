from rest_framework import serializers

from . import cautions
from .models import STEP_CHOICES, PhraseCategory, PhraseKind


class LintRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=50_000, allow_blank=True, trim_whitespace=False)
    step = serializers.ChoiceField(
        choices=STEP_CHOICES, required=False, allow_null=True, default=None,
        help_text="The step the text is for; omit to check a whole composed message",
    )


class FindingSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the words in the text (characters)")
    end = serializers.IntegerField()
    text = serializers.CharField(help_text="The words found; empty when something is missing")
    kind = serializers.ChoiceField(choices=PhraseKind.choices)
    category = serializers.ChoiceField(choices=PhraseCategory.choices)
    message = serializers.CharField(help_text="Why it hurts the apology")
    suggestion = serializers.CharField(help_text="A better wording")
    rule = serializers.CharField()
    blocking = serializers.BooleanField(help_text="A banned finding blocks completing the step")
    key = serializers.SerializerMethodField(
        help_text="Names a caution to confirm (`confirm`) where text with cautions is sent")

    def get_key(self, finding) -> str:
        return finding["key"] if isinstance(finding, dict) else cautions.key(finding)


class ConfirmInputSerializer(serializers.Serializer):
    confirm = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list,
        max_length=200,
        help_text="The keys of the caution findings the person read and keeps "
                  "(a 422 `cautions_unconfirmed` lists them)",
    )


class LintResponseSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
    blocking = serializers.BooleanField()
