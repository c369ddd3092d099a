"""`Idempotency-Key` for the API's POSTs, after the IETF draft and Stripe's behaviour.

With the header, the first request does the work and its answer is stored; a repeat with
the same key (per API key, or per user for the browser session) and the same body replays
that answer with `Idempotent-Replayed: true` and does nothing; the same key with another
body is 422; a repeat while the first is still running is 409. Keys are remembered for
IDEMPOTENCY_TTL_HOURS. A first attempt that fails with a server error is forgotten, so the
retry can run; one whose process died (still in flight after IDEMPOTENCY_IN_FLIGHT_SECONDS,
longer than a web worker may take) is taken over by the retry.
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import ApiKey, IdempotentRequest

HEADER = "Idempotency-Key"
KEPT_HEADERS = ("Location", "ETag")

PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Makes a retry harmless: a repeat with the same key and body replays the first "
    "answer (`Idempotent-Replayed: true`); the same key with another body is 422; a repeat "
    "while the first is running is 409. Remembered for 24 hours, per API key.",
)


def idempotent(view_method):
    """Decorate an APIView's `post`."""

    @wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(view, request, *args, **kwargs)
        if not 1 <= len(key) <= 255 or not key.isprintable() or not key.isascii():
            raise ValidationError({HEADER: ["Use 1 to 255 printable ASCII characters."]})
        record, first = _claim(_scope(request), key, _fingerprint(request))
        if not first:
            return _answer_repeat(record, _fingerprint(request))
        try:
            try:
                response = view_method(view, request, *args, **kwargs)
            except Exception as exc:
                response = view.handle_exception(exc)  # re-raises what is not an API error
        except BaseException:
            record.delete()  # an unexpected error: let the retry run
            raise
        if response.status_code >= 500:
            record.delete()
            return response
        _remember(record, response)
        return response

    return wrapper


def _scope(request) -> str:
    if isinstance(request.auth, ApiKey):
        return f"key:{request.auth.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request) -> str:
    try:
        body = request._request.body  # read before DRF parses it; Django keeps a copy
    except RawPostDataException:  # a multipart form was read already
        body = repr(sorted(request.data.items())).encode()
    try:
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        pass  # not JSON, or too deep to be a body we take (the parser says 400): the bytes
    return hashlib.sha256(b"\n".join([request.method.encode(), request.path.encode(), body])
                          ).hexdigest()


def _claim(scope, key, fingerprint):
    """(record, True) if this request is the first with the key; else the earlier record."""
    expired = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    IdempotentRequest.objects.filter(scope=scope, key=key, created_at__lt=expired).delete()
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(scope=scope, key=key, fingerprint=fingerprint)
        return record, True
    except IntegrityError:  # another request with this key got there first
        record = IdempotentRequest.objects.get(scope=scope, key=key)
    if record.completed_at is None and record.fingerprint == fingerprint:
        # Still "in flight" long after any request could run: its process died mid-way (a
        # killed web worker; its transaction rolled back). This retry takes over the key.
        stale = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_IN_FLIGHT_SECONDS)
        if IdempotentRequest.objects.filter(pk=record.pk, completed_at__isnull=True,
                                            created_at__lt=stale).update(
                                                created_at=timezone.now()):
            return record, True
    return record, False


def _answer_repeat(record, fingerprint):
    if record.fingerprint != fingerprint:
        return Response(
            {"detail": f"This {HEADER} was used with a different request.",
             "code": "idempotency_key_reused"},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if record.completed_at is None:
        return Response(
            {"detail": f"A request with this {HEADER} is still being processed; retry shortly.",
             "code": "idempotency_key_in_flight"},
            status=status.HTTP_409_CONFLICT, headers={"Retry-After": "1"},
        )
    headers = {**record.response_headers, "Idempotent-Replayed": "true"}
    return Response(record.response_body, status=record.response_status, headers=headers)


def _remember(record, response):
    record.response_status = response.status_code
    record.response_body = response.data
    record.response_headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    record.completed_at = timezone.now()
    record.save(update_fields=["response_status", "response_body", "response_headers",
                               "completed_at"])


def forget_expired() -> int:
    expired = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    return IdempotentRequest.objects.filter(created_at__lt=expired).delete()[0]
