"""Settling a commitment over the API: keeping it (and, if asked, telling the customer) or
releasing it with a reason. A case cannot be resolved or closed while one is neither
(`cases.work.require_promises_settled`). Thin: parse, call one door, render."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from accounts.actors import acting_as
from cases import work
from conversation import writing
from conversation.serializers import MessageSerializer

from .commitment_serializers import (
    CommitmentSerializer,
    KeepInputSerializer,
    ReleaseInputSerializer,
)
from .flow_api import REFUSALS, CaseFlowView


class KeptResultSerializer(CommitmentSerializer):
    message = MessageSerializer(
        allow_null=True, read_only=True,
        help_text="The message telling the customer; null when not asked (or kept before)")

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "message"]
        read_only_fields = fields


class CommitmentKeptView(CaseFlowView):
    @extend_schema(
        request=KeepInputSerializer,
        responses={200: KeptResultSerializer, 400: OpenApiResponse(description="Invalid "
                   "fields"), **REFUSALS,
                   409: OpenApiResponse(description="The commitment was released"),
                   422: OpenApiResponse(description="Banned wording in `message`, or its "
                                                    "cautions not confirmed (`confirm`); "
                                                    "`findings` lists them; nothing kept")},
        summary="Mark a commitment kept (its reminders stop), and optionally tell the "
                "customer",
    )
    def post(self, request, reference, pk):
        case = self.get_case()
        commitment = get_object_or_404(case.commitments, pk=pk)
        incoming = KeepInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data, by, message = incoming.validated_data, acting_as(request), None
        if data["tell_customer"]:
            commitment, message = writing.keep_and_tell(commitment, data["message"], by=by,
                                                        confirmed=data["confirm"])
        else:
            commitment = work.keep_commitment(commitment, by=by)
        commitment.message = message
        return Response(KeptResultSerializer(commitment).data)


class CommitmentReleaseView(CaseFlowView):
    @extend_schema(
        request=ReleaseInputSerializer,
        responses={200: CommitmentSerializer,
                   400: OpenApiResponse(description="No reason given"), **REFUSALS,
                   409: OpenApiResponse(description="The commitment was kept")},
        summary="Release a commitment we will not keep, with the reason (its reminders "
                "stop; the case may then be resolved)",
    )
    def post(self, request, reference, pk):
        case = self.get_case()
        commitment = get_object_or_404(case.commitments, pk=pk)
        incoming = ReleaseInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        commitment = work.release_commitment(commitment, incoming.validated_data["reason"],
                                             by=acting_as(request))
        return Response(CommitmentSerializer(commitment).data)

