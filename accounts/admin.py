"""People and API keys in the admin.

The admin is no way up (CONVENTIONS.md 18). Managers are staff and hold `change_user` and
`add_apikey`, but a desk role must never raise itself, take over another account or act as
someone else, so for anyone but a superuser:

- people: they change the names of agents and of themselves, and agents' approval limits;
  nothing else. Roles (`groups`, `is_staff`, `is_superuser`, permissions), the email (an
  account's identity: change it, reset the password, and it is yours), `is_active`, the
  password, adding and deleting people are a superuser's. Other managers and superusers are
  read-only to them.
- API keys: they see every key, and make and change integration keys (no user) and keys for
  themselves; a key for someone else (who could then be acted as) is a superuser's.
- groups (and so the managers' permissions) are a superuser's alone.

Each rule is enforced on the server (the form's fields, the object's permission, the
password view), not by hiding a field.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from . import two_factor
from .models import ApiKey, Role, User

NAMES = ["first_name", "last_name"]


def _is_agent(user) -> bool:
    """An agent and nothing more: the only people a manager may change besides themselves."""
    return not (user.is_superuser or user.is_staff) and user.role == Role.AGENT


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": NAMES}),
        ("Role", {"fields": ["groups", "is_active", "is_staff", "is_superuser"]}),
        ("Remedies", {"fields": ["approval_limit"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    # A desk role's view of a person: no password (not even its hash), the role shown only.
    desk_fieldsets = [
        (None, {"fields": ["email"]}),
        ("Name", {"fields": NAMES}),
        ("Role", {"fields": ["groups", "is_active", "is_staff", "is_superuser"]}),
        ("Remedies", {"fields": ["approval_limit"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "groups"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.desk_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_readonly_fields(request, obj)
        editable = NAMES + (["approval_limit"] if _is_agent(obj) else [])
        return [field for _, options in self.desk_fieldsets for field in options["fields"]
                if field not in editable]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if request.user.is_superuser or obj is None:
            return True
        return obj.pk == request.user.pk or _is_agent(obj)

    def has_add_permission(self, request):
        return request.user.is_superuser  # the add form chooses the new person's groups

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        """Setting a password without knowing the old one is taking the account over: a
        superuser's alone (everyone changes their own through "Change password", which asks
        for the old one)."""
        if not request.user.is_superuser:
            raise PermissionDenied("Only a superuser sets another person's password.")
        return super().user_change_password(request, id, form_url)


@admin.register(ApiKey)
class ApiKeyAdmin(APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "user", "is_inbound"]
    list_select_related = ["user"]

    def get_autocomplete_fields(self, request):
        # Others choose only themselves (below), so they get a plain select.
        return ["user"] if request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            # A key acts as its user: a desk role may issue one only for themselves.
            kwargs["queryset"] = User.objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += ("user",)  # an existing key is never handed to someone else
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if request.user.is_superuser or obj is None:
            return True
        return obj.user_id in (None, request.user.pk)


# The library's own key model authenticates nothing here (`ApiKey` above does); a second
# "API keys" page would only mislead.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """The desk's roles are groups: what a group may do is a superuser's to decide, whatever
    permissions a group holds (a manager who could edit `manager` could grant it anything)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser


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

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        two_factor.turn_off(obj.user)
        two_factor.rotate_session_salt(obj.user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            self.delete_model(request, device)
