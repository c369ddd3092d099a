from django.contrib import admin

from .models import (
    Case,
    CaseEvent,
    Category,
    Commitment,
    Customer,
    Reminder,
    ReminderPolicy,
    SlaTarget,
    Survey,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SlaTarget)
class SlaTargetAdmin(admin.ModelAdmin):
    list_display = ["severity", "first_response_minutes", "resolution_minutes"]
    list_editable = ["first_response_minutes", "resolution_minutes"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "company", "tier", "created_at"]
    list_filter = ["tier"]
    search_fields = ["email", "name", "company"]
    readonly_fields = ["details_from"]

    def save_model(self, request, obj, form, change):
        # A person recorded these details: the desk's from now on, so the integration that
        # first told us of the customer no longer changes their tier (`cases.intake`).
        obj.details_from = None
        super().save_model(request, obj, form, change)


class CaseEventInline(admin.TabularInline):
    """The timeline, read-only: it is the audit trail."""

    model = CaseEvent
    fields = ["created_at", "kind", "actor", "api_key", "from_value", "to_value", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only here: cases change through the desk's pages and API, so every change
    lands on the timeline."""

    list_display = ["reference", "title", "customer", "severity", "status", "stage", "assignee",
                    "created_at"]
    list_filter = ["status", "stage", "severity", "category"]
    search_fields = ["reference", "title", "customer__email", "external_id"]
    list_select_related = ["customer", "assignee"]
    inlines = [CaseEventInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Case._meta.fields]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "case", "kind", "actor", "from_value", "to_value"]
    list_filter = ["kind"]
    list_select_related = ["case", "actor"]
    search_fields = ["case__reference"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["description", "case", "owner", "due_at", "kept_at"]
    list_filter = ["kept_at"]
    list_select_related = ["case", "owner"]
    search_fields = ["case__reference", "description"]
    fields = ["case", "description", "owner", "due_at", "kept_at"]
    readonly_fields = ["case"]

    def has_add_permission(self, request):
        return False  # commitments are made on the case page or through the API


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """Lead times and delays of reminders and the survey: data, not code."""

    list_display = ["__str__", "warn_at_percent", "step_idle_hours", "commitment_lead_hours",
                    "survey_delay_days"]

    def has_add_permission(self, request):
        return not ReminderPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: the schedule plans reminders and the dispatcher sends them."""

    list_display = ["kind", "case", "due_at", "claimed_at", "sent_at", "cancelled_at",
                    "attempts"]
    list_filter = ["kind"]
    list_select_related = ["case"]
    search_fields = ["case__reference", "key"]
    show_full_result_count = False  # a million pending rows is normal

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["case", "sent_at", "answered_at", "csat", "nps"]
    list_select_related = ["case"]
    search_fields = ["case__reference"]
    readonly_fields = ["case", "sent_at", "answered_at", "csat", "nps", "comment"]

    def has_add_permission(self, request):
        return False
