from django.urls import reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from apologies.serializers import ConfirmInputSerializer
from cases import disclosure
from cases.serializers import ProposedCommitmentSerializer
from recovery.text import plain_text

from .models import WRITTEN_KINDS, Attachment, Message
from .writing import MAX_CHARS


@extend_schema_serializer(component_name="ConversationMessage")
class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="Who at the desk wrote it, in words")
    # Set only on the message just written (POST's answer); left out elsewhere.
    proposed_commitments = ProposedCommitmentSerializer(
        many=True, required=False,  # not required: the schema marks read-only ones required
        help_text="In the answer to writing it only: promises found in `body` (“we will "
                  "call you on Friday”) that no commitment tracks yet, with their due time; "
                  "POST one to the case's commitments to track it")

    class Meta:
        model = Message
        fields = ["id", "direction", "kind", "subject", "body", "author", "address",
                  "message_id", "in_reply_to", "state", "state_detail", "state_changed_at",
                  "created_at", "sent_at", "proposed_commitments"]
        read_only_fields = fields

    def get_author(self, message) -> str | None:
        if message.author_id is None:
            return None
        if self.context.get("integration"):
            return disclosure.DESK  # an integration is not told who at the desk wrote
        return message.author.display_name


class MessageInputSerializer(ConfirmInputSerializer):
    kind = serializers.ChoiceField(choices=[str(kind) for kind in WRITTEN_KINDS],
                                   help_text="update, question, or acknowledgement (the "
                                             "template's words; `body` is then ignored)")
    body = serializers.CharField(max_length=MAX_CHARS, required=False, allow_blank=True,
                                 trim_whitespace=True, validators=[plain_text])

    def validate(self, data):
        if data["kind"] != "acknowledgement" and not data.get("body"):
            raise serializers.ValidationError({"body": ["Write the message first."]})
        return data


class AttachmentSerializer(serializers.ModelSerializer):
    message = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                                 help_text="The message it came with, if any")
    uploaded_by = serializers.SerializerMethodField(
        help_text="Who at the desk added it, in words; null: the customer sent it")
    download = serializers.SerializerMethodField(help_text="The file, as a download")

    class Meta:
        model = Attachment
        fields = ["id", "filename", "content_type", "size", "message", "uploaded_by",
                  "download", "created_at"]
        read_only_fields = fields

    def get_uploaded_by(self, attachment) -> str | None:
        if attachment.uploaded_by_id is None:
            return None
        if self.context.get("integration"):
            return disclosure.DESK
        return attachment.uploaded_by.display_name

    def get_download(self, attachment) -> str:
        path = reverse("api:case-attachment", args=[attachment.case.reference, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The file (multipart/form-data); its type is read "
                                           "from the content")
    message = serializers.IntegerField(required=False, min_value=1,
                                       help_text="The id of one of the case's messages it "
                                                 "belongs with")
