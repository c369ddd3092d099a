"""Error pages: JSON under /api/ (integrations never get an HTML page), friendly HTML
elsewhere."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render


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
    if _wants_json(request):
        return JsonResponse({"detail": "Internal error; please retry later."}, status=500)
    # No template context processors here: the error may come from them.
    return render(request, "errors/500.html", status=500)


def signed_in(view):
    """Browser-only pages under /api/ (the docs): sign in first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
