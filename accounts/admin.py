"""People and API keys in the admin, which only superusers reach (recovery/admin_site.py).

Managers manage people on the desk's People pages (`accounts.people`), which record every
change; the admin is the superuser's way round them (creating a superuser, lifting a
lockout, issuing a key for someone). The People pages' record is read-only here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from . import two_factor
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


# Two-factor sign-in: django-otp's own admin shows each device's secret (and its QR code) and
# the recovery codes, and lets anyone with the permission add a device for someone else. Here
# a superuser sees who has an authenticator and may only remove one, for a person who lost
# both their phone and their recovery codes (through `two_factor.turn_off`: the codes go too,
# and the person's sessions end). Setting one up is the person's own, on the Security page.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        two_factor.turn_off(obj.user)
        two_factor.rotate_session_salt(obj.user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            self.delete_model(request, device)
