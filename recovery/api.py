"""API-wide plumbing: the one place domain errors become HTTP answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import RecoveryError


def exception_handler(exc, context):
    if isinstance(exc, RecoveryError):
        if exc.field and exc.status == status.HTTP_400_BAD_REQUEST:
            return Response({exc.field: [exc.message]}, status=exc.status)
        body = {"detail": exc.message, "code": exc.code, **getattr(exc, "extra", {})}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
