from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from cases import disclosure
from recovery.text import plain_text

from .models import WRITTEN_KINDS, Message
from .writing import MAX_CHARS


@extend_schema_serializer(component_name="ConversationMessage")
class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="Who at the desk wrote it, in words")

    class Meta:
        model = Message
        fields = ["id", "direction", "kind", "subject", "body", "author", "address",
                  "message_id", "in_reply_to", "state", "state_detail", "state_changed_at",
                  "created_at", "sent_at"]
        read_only_fields = fields

    def get_author(self, message) -> str | None:
        if message.author_id is None:
            return None
        if self.context.get("integration"):
            return disclosure.DESK  # an integration is not told who at the desk wrote
        return message.author.display_name


class MessageInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[str(kind) for kind in WRITTEN_KINDS],
                                   help_text="update, question, or acknowledgement (the "
                                             "template's words; `body` is then ignored)")
    body = serializers.CharField(max_length=MAX_CHARS, required=False, allow_blank=True,
                                 trim_whitespace=True, validators=[plain_text])

    def validate(self, data):
        if data["kind"] != "acknowledgement" and not data.get("body"):
            raise serializers.ValidationError({"body": ["Write the message first."]})
        return data
