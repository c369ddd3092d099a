"""The JSON of a case's commitments (the promises we track): the input to make, keep and
release one, and the commitment as the API shows it. Shape only; the rules are
`cases.work`'s."""

from rest_framework import serializers

from cases.filters import desk_users
from cases.models import Commitment
from recovery.text import plain_text, single_line

from .serializers import ConfirmInputSerializer


class DeskUserEmailField(serializers.SlugRelatedField):
    """An agent or manager named by email, whatever its letter case (emails are stored
    lower-cased)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {
            "does_not_exist": "“{value}” is not an agent or manager.",
        })
        super().__init__(slug_field="email", queryset=desk_users(), **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().lower() if isinstance(data, str) else data)


class CommitmentInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500, help_text="What we promise",
                                        validators=[single_line])
    due_at = serializers.DateTimeField(
        help_text=f"When it is due; in the future, within {Commitment.HORIZON_YEARS} years")
    owner = DeskUserEmailField(
        required=False, allow_null=True,
        help_text="The owner's email; default: the case's assignee, else you",
    )

    def validate_due_at(self, value):
        if problem := Commitment.due_at_problem(value):
            raise serializers.ValidationError(problem)
        return value


class ReleaseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why we will not keep this promise (on the timeline)")


class KeepInputSerializer(ConfirmInputSerializer):
    tell_customer = serializers.BooleanField(
        default=False, help_text="Also tell the customer, in an `update` message")
    message = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", validators=[plain_text],
        help_text="What to tell them; default: “We promised: <description>. This is done.”")


class CommitmentSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="email", read_only=True)
    # A string, not an enum: the schema's `state` enum is the conversation message's.
    state = serializers.CharField(
        read_only=True, help_text="open (still owed), kept, or released (with a reason)")

    class Meta:
        model = Commitment
        fields = ["id", "description", "owner", "due_at", "state", "kept_at", "released_at",
                  "release_reason", "created_at"]
        read_only_fields = fields
