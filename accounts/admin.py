"""People and API keys in the admin, which only superusers reach (recovery/admin_site.py).

Managers manage people on the desk's People pages (`accounts.people`), which record every
change; the admin is the superuser's way round them (creating a superuser, lifting a
lockout, issuing a key for someone). The People pages' record is read-only here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from .models import ApiKey, PeopleChange, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser"]
    list_filter = ["groups", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Role", {"fields": ["groups", "is_active", "is_staff", "is_superuser"]}),
        ("Remedies", {"fields": ["approval_limit"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "groups"]}),
    ]


@admin.register(ApiKey)
class ApiKeyAdmin(APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "user", "is_inbound"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(PeopleChange)
class PeopleChangeAdmin(admin.ModelAdmin):
    """What the People pages did, as they did it."""

    list_display = ["at", "person", "what", "from_value", "to_value", "by"]
    list_filter = ["what"]
    list_select_related = ["person", "by"]
    search_fields = ["person__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The library's own key model authenticates nothing here (`ApiKey` above does); a second
# "API keys" page would only mislead.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
