from django.contrib import admin

from .models import ArchivedApology

SNAPSHOT = [
    "case", "reference", "title", "restore_value", "acknowledge", "explain", "fix", "regret",
    "subject", "message", "category", "root_cause", "remedy_type", "value_to_customer",
    "cost", "currency", "extra_type", "extra_description", "extra_value_to_customer",
    "extra_cost", "severity", "channel", "time_to_first_response",
    "time_to_resolution", "agent", "customer_name", "customer_email", "customer_company",
    "opened_at", "archived_at", "csat", "nps", "survey_comment", "outcome",
]


@admin.register(ArchivedApology)
class ArchivedApologyAdmin(admin.ModelAdmin):
    """The snapshot is read-only here as everywhere; the review and publishing are done on
    the archive's own pages, which record them on the case's timeline."""

    list_display = ["reference", "title", "category", "outcome", "rating", "exemplary",
                    "published_at", "archived_at"]
    list_filter = ["category", "outcome", "exemplary", "remedy_type"]
    search_fields = ["reference", "title"]
    readonly_fields = [*SNAPSHOT, "rating", "exemplary", "lessons", "reviewed_by", "reviewed_at",
                       "public_title", "public_text", "published_at", "published_by"]
    exclude = ["search_vector"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # every field is read-only: there is nothing to save

    def has_delete_permission(self, request, obj=None):
        return False
