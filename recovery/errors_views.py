"""Error pages: JSON under /api/ (integrations never get an HTML page), friendly HTML
elsewhere."""

import sys
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

RETRY_AFTER_SECONDS = 30


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status, detail, template):
    if _wants_json(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, template, {"status": status, "detail": detail}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request.", "errors/error.html")


def permission_denied(request, exception=None):
    return _error(request, 403, "You do not have permission to do this.", "errors/error.html")


def page_not_found(request, exception=None):
    return _error(request, 404, "Not found.", "errors/error.html")


def server_error(request):
    # Django calls this inside its `except`: the exception is still at hand.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Internal error; please retry later."}, status=500)
    # No template context processors here: the error may come from them.
    return render(request, "errors/500.html", status=500)


def database_unavailable(request):
    """503 while PostgreSQL cannot be reached: the next request reconnects by itself
    (Django drops a connection that failed), so no restart is needed when it returns."""
    if _wants_json(request):
        response = JsonResponse({"detail": "The desk's database is unavailable; retry shortly.",
                                 "code": "database_unavailable"}, status=503)
    else:  # rendered without the request: its user and session live in the database
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def signed_in(view):
    """Browser-only pages under /api/ (the docs): sign in first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
