"""The mail server's door: `POST /api/v1/inbound-email/` with one raw RFC 822 message, as
RT's mailgate and osTicket's pipe take it (`| curl --data-binary @- …`, README). Thin: the
body goes to `inbound.receive`, whatever it holds; only an inbound key may knock."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsInboundKey

from . import inbound
from .models import InboundOutcome, MessageKind

MEDIA_TYPE = "message/rfc822"


class RawEmailParser(BaseParser):
    """The body as it came, bytes: the email parser copes with any charset or bad MIME."""

    media_type = MEDIA_TYPE

    def parse(self, stream, media_type=None, parser_context=None):
        # Read from the stream, not `request.body`: that one stops at
        # DATA_UPLOAD_MAX_MEMORY_SIZE, and an email may be tens of megabytes.
        return stream.read() if stream is not None else b""


class ReceivedSerializer(serializers.Serializer):
    case = serializers.CharField(required=False, help_text="the case's reference")
    message = serializers.IntegerField(required=False, help_text="the conversation message")
    created = serializers.BooleanField(required=False, help_text="a new case was opened")
    ignored = serializers.CharField(required=False,
                                    help_text="why nothing was done (auto-reply, loop, …)")


class InboundEmailView(APIView):
    permission_classes = [IsInboundKey]
    parser_classes = [RawEmailParser]

    @extend_schema(
        request={MEDIA_TYPE: {"type": "string", "format": "binary"}},
        responses={
            202: ReceivedSerializer,
            400: OpenApiResponse(description="An empty body"),
            403: OpenApiResponse(description="Not an inbound key (create_api_key --inbound)"),
            415: OpenApiResponse(description=f"Not `Content-Type: {MEDIA_TYPE}`"),
        },
        examples=[OpenApiExample("threaded", response_only=True, status_codes=["202"],
                                 value={"case": "SR-2026-000123", "message": 42,
                                        "created": False}),
                  OpenApiExample("ignored", response_only=True, status_codes=["202"],
                                 value={"ignored": "Auto-Submitted: auto-replied"})],
        summary="Hand over one raw email from a mail server's pipe",
    )
    def post(self, request):
        if request.content_type.split(";")[0].strip().lower() != MEDIA_TYPE:
            raise UnsupportedMediaType(request.content_type)
        raw = request.data
        if not isinstance(raw, bytes) or not raw.strip():
            raise ParseError("The body is empty: send one raw RFC 822 message.")
        received = inbound.receive(raw, mailbox="pipe")
        return Response(answer(received), status=status.HTTP_202_ACCEPTED)


def answer(received) -> dict:
    record = received.record
    message = record.recorded_as
    if received.duplicate:
        return {"ignored": f"already received ({record.get_outcome_display().lower()})"}
    if message is None or record.outcome in (InboundOutcome.IGNORED, InboundOutcome.FAILED):
        return {"ignored": record.note or record.get_outcome_display()}
    return {"case": message.case.reference, "message": message.pk,
            "created": message.kind == MessageKind.COMPLAINT}
