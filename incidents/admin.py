"""Incidents in the admin, read-only: they are written on the incident page, whose
`linking.save_incident` checks the shared texts and remedies against the lexicon (they reach
every linked customer), and deleting one would unlink its cases with nothing on their
timelines. Runs of "Send to all" are the incident page's too."""

from django.contrib import admin

from .models import BulkSend, Incident, IncidentRemedy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RemedyInline(admin.TabularInline):
    model = IncidentRemedy
    fields = ["tier", "remedy_type", "content", "value_to_customer", "cost", "currency",
              "extra_type", "extra_description", "extra_value_to_customer", "extra_cost"]
    extra = 0
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "started_at", "ended_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    inlines = [RemedyInline]


@admin.register(BulkSend)
class BulkSendAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "started_by", "started_at", "finished_at"]
    list_select_related = ["incident", "started_by"]
