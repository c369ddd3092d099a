"""Refuse API request bodies over API_MAX_BODY_BYTES with 413 before anything reads them."""

from django.conf import settings
from django.http import JsonResponse


class BodySizeLimit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES and request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": f"The request body is over {settings.API_MAX_BODY_BYTES} bytes."},
                status=413,
            )
        return self.get_response(request)
