"""Who may open the desk's pages: signed-in agents and managers.

Anonymous visitors are sent to sign in; a signed-in user without a desk role gets 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def desk_user_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_desk_user:
            raise PermissionDenied("You need the agent or manager role.")
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """A desk page only managers use: agents get 403, not a page that then refuses."""
    @wraps(view)
    @desk_user_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_manager:
            raise PermissionDenied("Only managers may do this.")
        return view(request, *args, **kwargs)

    return wrapper
