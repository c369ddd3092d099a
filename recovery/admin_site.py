"""The Django admin, for superusers only.

Managers used to be staff so the admin would let them in, and the admin then needed a rule
per model to keep a desk role from raising itself (one of them did become superuser). The
desk's own pages now serve managers (People, approval limits, the lexicon, the message
template), so the admin admits nobody below superuser: a manager's session there is sent to
the admin's sign-in like a stranger's, and no desk role is staff (accounts/roles.py).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperusersOnlyAdminSite(admin.AdminSite):
    site_header = "Recovery Desk administration"
    site_title = "Recovery Desk"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser


class DeskAdminConfig(AdminConfig):
    default_site = "recovery.admin_site.SuperusersOnlyAdminSite"
