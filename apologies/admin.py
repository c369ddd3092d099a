"""The lexicon, root causes, the message template and the approval limits by customer tier
are the managers' to keep, here as on the lexicon page and with the page's own forms (the
same rules: a phrase needs a word, the template only known placeholders). What the flow
writes is read-only here."""

from django.contrib import admin

from .forms import MessageTemplateForm, PhraseForm
from .models import (
    ApologyMessage,
    MessageTemplate,
    Phrase,
    RemedyApproval,
    RootCause,
    TierApprovalLimit,
)


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    form = PhraseForm
    list_display = ["pattern", "kind", "category", "better_wording", "is_active"]
    list_filter = ["kind", "category", "is_active"]
    search_fields = ["pattern", "better_wording"]


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["subject", "greeting", "organisation", "updated_at"]

    def has_add_permission(self, request):
        return not MessageTemplate.objects.exists()  # one frame for every apology

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TierApprovalLimit)
class TierApprovalLimitAdmin(admin.ModelAdmin):
    """"For Gold customers agents may offer up to 200 without approval": the desk's default
    limit, per tier (an agent's own limit, on their user, still wins). Read when a remedy is
    proposed, so a change applies to the next one; waiting remedies stay waiting."""

    list_display = ["tier", "limit", "updated_at"]
    list_editable = ["limit"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The flow writes these (with their timeline events); the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RemedyApproval)
class RemedyApprovalAdmin(ReadOnlyAdmin):
    list_display = ["case", "remedy_type", "cost", "extra_type", "extra_cost", "currency",
                    "status", "requested_by", "decided_by", "requested_at"]
    list_filter = ["status", "remedy_type"]
    list_select_related = ["case", "requested_by", "decided_by"]
    fields = ["case", "content", "remedy_type", "value_to_customer", "cost", "currency",
              "extra_type", "extra_description", "extra_value_to_customer", "extra_cost",
              "status", "requested_by", "requested_at", "decided_by", "decided_at",
              "decision_note"]
    search_fields = ["case__reference"]


@admin.register(ApologyMessage)
class ApologyMessageAdmin(ReadOnlyAdmin):
    list_display = ["case", "to_email", "subject", "sent_at", "delivered_at"]
    list_select_related = ["case"]
    search_fields = ["case__reference", "to_email"]
