from rest_framework import serializers

from .destinations import validate_destination
from .models import EVENTS, Delivery, Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    url = serializers.URLField(max_length=500, validators=[validate_destination])
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS),
                                   allow_empty=False, max_length=len(EVENTS))
    secret = serializers.CharField(
        min_length=16, max_length=128, required=False, write_only=True,
        help_text="Signs every delivery; generated if you send none (shown once, on create)",
    )

    class Meta:
        model = Subscription
        fields = ["id", "url", "events", "secret", "is_active", "disabled_reason",
                  "failing_since", "created_at"]
        read_only_fields = ["id", "is_active", "disabled_reason", "failing_since", "created_at"]


class CreatedSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(read_only=True)

    class Meta(SubscriptionSerializer.Meta):
        pass


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "delivery_id", "event", "status", "attempts", "next_attempt_at",
                  "last_status_code", "last_error", "created_at", "delivered_at", "payload"]
        read_only_fields = fields
