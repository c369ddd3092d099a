"""The conversation in the REST API. Thin: parse, call the domain, render."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.actors import acting_as
from accounts.permissions import is_integration
from cases.api import CasePagination, cases_for
from recovery import idempotency

from . import writing
from .models import Message
from .serializers import MessageInputSerializer, MessageSerializer


class ConversationPagination(CasePagination):
    ordering = ("created_at", "id")
    page_size = 50


class MessagesView(generics.ListAPIView):
    """The case's conversation, oldest first: every message to and from the customer."""

    serializer_class = MessageSerializer
    pagination_class = ConversationPagination

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "integration": is_integration(self.request)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no case
            return Message.objects.none()
        case = get_object_or_404(cases_for(self.request), reference=self.kwargs["reference"])
        return case.messages.select_related("author")

    @extend_schema(
        request=MessageInputSerializer,
        responses={201: MessageSerializer,
                   400: OpenApiResponse(description="Empty, oversized or control characters"),
                   403: OpenApiResponse(description="An integration's key: people write"),
                   409: OpenApiResponse(description="The customer was acknowledged already"),
                   422: OpenApiResponse(description="Banned wording (`lexicon_blocked`), or "
                                        "cautions not confirmed (`cautions_unconfirmed`; "
                                        "send again with their keys in `confirm`); "
                                        "`findings` lists them")},
        parameters=[idempotency.PARAMETER],
        summary="Write to the customer (sent once by email, threaded)",
    )
    @idempotency.idempotent
    def post(self, request, reference):
        case = get_object_or_404(cases_for(request), reference=reference)
        if is_integration(request):  # before reading the body: the answer is the same
            raise PermissionDenied("People write to the customer; an integration's key "
                                   "reads the conversation.")
        incoming = MessageInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        message = writing.send(case, data["kind"], data.get("body", ""), by=acting_as(request),
                               confirmed=data["confirm"])
        message.proposed_commitments = writing.promises_in(message)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
