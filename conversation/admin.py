from django.contrib import admin

from apologies.admin import ReadOnlyAdmin

from .forms import AcknowledgementTemplateForm
from .models import AcknowledgementTemplate, Message


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
