from django import forms
from django.contrib import admin, messages

from accounts.models import User
from recovery.errors import RecoveryError

from . import work
from .models import (
    WEEKDAYS,
    BusinessCalendar,
    Case,
    CaseEvent,
    Category,
    Commitment,
    Customer,
    Holiday,
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
    """Minutes are business minutes, counted in the business calendar below."""

    list_display = ["severity", "first_response_minutes", "resolution_minutes",
                    "update_every_minutes"]
    list_editable = ["first_response_minutes", "resolution_minutes", "update_every_minutes"]


class BusinessCalendarForm(forms.ModelForm):
    """Weekdays as boxes to tick rather than a JSON list to type."""

    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one weekday on which the desk is open."},
        help_text="The days the desk is open",
    )

    class Meta:
        model = BusinessCalendar
        fields = ["around_the_clock", "time_zone", "opens_at", "closes_at", "weekdays"]

    def clean_weekdays(self):
        return sorted(self.cleaned_data["weekdays"])


class HolidayInline(admin.TabularInline):
    model = Holiday
    fields = ["date", "name"]
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    """The desk's one calendar (`cases.business_time`): every SLA target counts in it."""

    form = BusinessCalendarForm
    inlines = [HolidayInline]
    list_display = ["__str__", "around_the_clock", "time_zone", "opens_at", "closes_at"]

    def has_add_permission(self, request):
        return not BusinessCalendar.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # the SLA always has a calendar (around the clock is a setting, above)

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the row `BusinessCalendar.current()` reads
        super().save_model(request, obj, form, change)


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
        if change and "email" in form.changed_data:
            work.customer_email_corrected(obj, form.initial.get("email", ""), by=request.user)


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


class CommitmentForm(forms.ModelForm):
    """Owner and due time only; the domain's rules are checked here, next to the fields,
    and `CommitmentAdmin.save_model` writes through `work.change_commitment`."""

    class Meta:
        model = Commitment
        fields = ["owner", "due_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:  # else kept: every field is read-only
            self.fields["owner"].required = True
            self.fields["owner"].queryset = User.objects.filter(is_active=True)
        self.original = Commitment.objects.select_related("owner").get(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if self.errors or "owner" not in self.fields:  # invalid, or kept (all read-only)
            return data
        try:
            work.check_commitment_change(self.original, **self.change())
        except RecoveryError as refusal:
            self.add_error(getattr(refusal, "field", None), str(refusal))
        return data

    def change(self) -> dict:
        """The owner and due time asked for; a field left as it was keeps the stored value
        (the form shows whole seconds, so an untouched due time is not "moved" by the
        microseconds it cannot show)."""
        return {name: self.cleaned_data[name] if name in self.changed_data
                else getattr(self.original, name) for name in ("owner", "due_at")}


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """A promise is moved here as on the case page: `work.change_commitment` records it on
    the timeline and re-plans its reminders; "Mark kept" is `work.keep_commitment`. What
    was promised and when it was kept are never typed in."""

    list_display = ["description", "case", "owner", "due_at", "kept_at", "released_at"]
    list_filter = ["kept_at", "released_at"]
    list_select_related = ["case", "owner"]
    search_fields = ["case__reference", "description"]
    form = CommitmentForm
    fields = ["case", "description", "owner", "due_at", "kept_at", "released_at",
              "release_reason"]
    readonly_fields = ["case", "description", "kept_at", "released_at", "release_reason"]
    actions = ["mark_kept"]

    def has_add_permission(self, request):
        return False  # commitments are made on the case page or through the API

    def has_delete_permission(self, request, obj=None):
        return False  # a promise made to a customer stays on record

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_outstanding:
            return self.fields  # kept or released: nothing left to move
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if "owner" not in form.cleaned_data:
            return  # kept: the form had nothing to change
        try:
            work.change_commitment(obj, **form.change(), by=request.user)
        except RecoveryError as refusal:  # kept or moved by someone else since the form
            messages.error(request, str(refusal))

    @admin.action(description="Mark kept", permissions=["change"])
    def mark_kept(self, request, queryset):
        kept = 0
        for commitment in queryset.outstanding().select_related("case"):
            work.keep_commitment(commitment, by=request.user)
            kept += 1
        messages.success(request, f"{kept} commitments marked kept.")


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

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted row is a reminder silently never sent


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["case", "sent_at", "answered_at", "csat", "nps"]
    list_select_related = ["case"]
    search_fields = ["case__reference"]
    readonly_fields = ["case", "sent_at", "answered_at", "csat", "nps", "comment"]

    def has_add_permission(self, request):
        return False  # the schedule sends surveys; the customer answers them

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
