from django.contrib import admin

from .models import BulkSend, Incident, IncidentRemedy


class RemedyInline(admin.TabularInline):
    model = IncidentRemedy
    extra = 0


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "started_at", "ended_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    inlines = [RemedyInline]
    readonly_fields = ["created_by", "created_at"]


@admin.register(BulkSend)
class BulkSendAdmin(admin.ModelAdmin):
    """Runs are read-only here: the incident page starts and resumes them."""

    list_display = ["__str__", "started_by", "started_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
