from rest_framework.permissions import BasePermission

from .models import ApiKey


def is_integration(request) -> bool:
    """True when the caller is an integration's API key (a key with no user)."""
    auth = getattr(request, "auth", None)  # a plain Django request (a page) has none
    return isinstance(auth, ApiKey) and auth.is_integration


class IsDeskUser(BasePermission):
    """Agents, managers, and integration keys. Signed in without a role: 403."""

    message = "You need the agent or manager role."  # an inbound key has neither

    def has_permission(self, request, view):
        if is_inbound_key(request):  # even one an admin issued to a person
            return False
        if is_integration(request):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_desk_user)


class IsDeskPerson(BasePermission):
    """Agents and managers, by session or their own key; never an integration's key (which
    reads only what it told us, `cases.disclosure`)."""

    message = "Only people at the desk may do this; an integration's key cannot."

    def has_permission(self, request, view):
        return IsDeskUser().has_permission(request, view) and not is_integration(request)


def is_inbound_key(request) -> bool:
    auth = getattr(request, "auth", None)
    return isinstance(auth, ApiKey) and auth.is_inbound


class IsInboundKey(BasePermission):
    """Only a key made with `create_api_key NAME --inbound`: a person or an integration
    posting raw email would open cases under no one's control."""

    message = "Only an inbound key (create_api_key NAME --inbound) may post raw email."

    def has_permission(self, request, view):
        return is_inbound_key(request)
