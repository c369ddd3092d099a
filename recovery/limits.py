"""Refuse API request bodies over API_MAX_BODY_BYTES with 413 before anything reads them.

Two exceptions:
- a multipart upload to a case's attachments (`POST /api/v1/cases/{ref}/attachments/`)
  carries one file of up to ATTACHMENT_MAX_BYTES, so it may be that large (plus room for
  the multipart envelope); `attachments.store` then refuses a file over the limit itself,
  with the same 413;
- the mail server's door (`/api/v1/inbound-email/`) takes whole emails: up to twice
  INBOUND_MAX_BYTES, so a message over that limit still arrives to be recorded and answered
  politely ("send it in parts") instead of vanishing in a 413 the customer never sees."""

import re

from django.conf import settings
from django.http import JsonResponse

UPLOADS = re.compile(r"^/api/v1/cases/[^/]+/attachments/$")
ENVELOPE_BYTES = 64 * 1024  # the multipart boundaries, headers and a `message` field
INBOUND_PATH = "/api/v1/inbound-email/"


def limit_for(request) -> int:
    if request.path == INBOUND_PATH:
        return max(settings.API_MAX_BODY_BYTES, 2 * settings.INBOUND_MAX_BYTES)
    if (request.method == "POST" and UPLOADS.match(request.path)
            and request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")):
        return max(settings.API_MAX_BODY_BYTES, settings.ATTACHMENT_MAX_BYTES + ENVELOPE_BYTES)
    return settings.API_MAX_BODY_BYTES


class BodySizeLimit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if request.path.startswith("/api/") and length > (limit := limit_for(request)):
            return JsonResponse(
                {"detail": f"The request body is over {limit} bytes."}, status=413,
            )
        return self.get_response(request)
