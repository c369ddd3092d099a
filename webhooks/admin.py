from django.contrib import admin, messages

from . import sending
from .models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "api_key", "owner", "is_active", "failing_since", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url"]
    readonly_fields = ["failing_since", "created_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "case", "status", "attempts", "last_status_code",
                    "next_attempt_at", "delivered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription", "case"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["redeliver"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.action(description="Deliver again now")
    def redeliver(self, request, queryset):
        for delivery in queryset:
            sending.redeliver(delivery)
        messages.success(request, f"{queryset.count()} deliveries queued again.")
