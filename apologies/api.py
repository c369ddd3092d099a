"""The apology endpoints of the REST API. Thin: parse, call the domain, render."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from . import lexicon
from .serializers import LintRequestSerializer, LintResponseSerializer


class LintView(APIView):
    @extend_schema(
        request=LintRequestSerializer,
        responses={200: LintResponseSerializer},
        summary="Check any text against the lexicon",
    )
    def post(self, request):
        incoming = LintRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        findings = lexicon.check(incoming.validated_data["text"], incoming.validated_data["step"])
        return Response(
            {
                "findings": [finding.as_dict() for finding in findings],
                "blocking": bool(lexicon.blocking(findings)),
            }
        )
