from django.contrib import admin

from apologies.admin import ReadOnlyAdmin

from .forms import AcknowledgementTemplateForm
from .models import AcknowledgementTemplate, Attachment, InboundEmail, InboundRoute, Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """What the customer was sent or wrote, as it was: never edited."""

    list_display = ["case", "direction", "kind", "state", "address", "created_at"]
    list_filter = ["direction", "kind", "state"]
    search_fields = ["case__reference", "address", "message_id"]
    list_select_related = ["case"]


@admin.register(AcknowledgementTemplate)
class AcknowledgementTemplateAdmin(admin.ModelAdmin):
    """The page's form, so an edit here is checked as there (lexicon, placeholders)."""

    form = AcknowledgementTemplateForm
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return not AcknowledgementTemplate.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnlyAdmin):
    """Every email that came in and what became of it (ignored ones say why)."""

    list_display = ["received_at", "mailbox", "sender", "subject", "outcome", "note"]
    list_filter = ["outcome", "mailbox"]
    search_fields = ["sender", "subject", "message_id"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "case", "content_type", "size", "created_at"]
    search_fields = ["case__reference", "filename"]
    list_select_related = ["case"]
    exclude = ["file", "thumbnail"]  # downloaded through the case page, which checks access


@admin.register(InboundRoute)
class InboundRouteAdmin(admin.ModelAdmin):
    list_display = ["address", "category"]
