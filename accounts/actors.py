"""Who is acting: a desk user, an API key (an integration's, or a user's), or the system.

Domain functions take `by=` as any of these; the timeline records both the person and the
key so "who" is always answerable.
"""

from .models import ApiKey


def acting_as(request):
    """The `by=` for a request: the API key when one was used, else the signed-in user."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return auth
    return request.user


def actor_fields(by) -> dict:
    """Split `by` into the user and the key that did something."""
    if isinstance(by, ApiKey):
        return {"actor": by.user, "api_key": by}
    if by is not None and getattr(by, "is_authenticated", False):
        return {"actor": by, "api_key": None}
    return {"actor": None, "api_key": None}
