from rest_framework.permissions import BasePermission

from .models import ApiKey


def is_integration(request) -> bool:
    """True when the caller is an integration's API key (a key with no user)."""
    auth = getattr(request, "auth", None)  # a plain Django request (a page) has none
    return isinstance(auth, ApiKey) and auth.is_integration


class IsDeskUser(BasePermission):
    """Agents, managers, and integration keys. Signed in without a role: 403."""

    message = "You need the agent or manager role."

    def has_permission(self, request, view):
        if is_integration(request):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_desk_user)
