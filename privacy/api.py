"""Privacy in the REST API: export and erase one customer (managers, or a key issued to a
manager). An integration's key never reads the desk's record of a customer (`cases.intake`),
let alone all of it."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.actors import acting_as
from cases.models import Customer

from . import erasure, export


def _managers_only(request, doing):
    if not erasure.may_erase(acting_as(request)):
        raise PermissionDenied(f"Only managers (or a key issued to a manager) may {doing}.")


class CustomerExportView(APIView):
    def perform_content_negotiation(self, request, force=False):
        # The zip is the answer whatever the client accepts (`Accept: application/zip`
        # included); errors come back as JSON, the only renderer.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(
            response=OpenApiTypes.BINARY,
            description="A zip: one JSON document per kind of record (customer, cases, "
                        "apology_steps, timeline, messages, attachments, raw_emails, surveys, "
                        "archived_apologies, webhook_deliveries, …), the files in "
                        "attachments/ and the raw emails in raw_emails/"),
            403: OpenApiResponse(description="Not a manager"),
            404: OpenApiResponse(description="No such customer")},
        summary="Export everything the desk holds about a customer (GDPR Art. 15)")
    def get(self, request, pk):
        _managers_only(request, "export a customer's personal data")
        customer = get_object_or_404(Customer, pk=pk)
        zipped, filename = export.build(customer, by=acting_as(request))
        return FileResponse(zipped, as_attachment=True, filename=filename,
                            content_type="application/zip")


class EraseInputSerializer(serializers.Serializer):
    confirm = serializers.CharField(
        max_length=254, help_text="The customer's email address (or ERASE), to confirm")


class ErasedSerializer(serializers.Serializer):
    customer = serializers.IntegerField()
    erased_at = serializers.DateTimeField()


class CustomerEraseView(APIView):
    @extend_schema(
        request=EraseInputSerializer,
        responses={200: ErasedSerializer,
                   400: OpenApiResponse(description="`confirm` is not the customer's email "
                                                    "(nothing changed)"),
                   403: OpenApiResponse(description="Not a manager"),
                   404: OpenApiResponse(description="No such customer"),
                   409: OpenApiResponse(description="Erased already")},
        summary="Erase a customer's personal data everywhere, irreversibly (GDPR Art. 17)")
    def post(self, request, pk):
        _managers_only(request, "erase a customer's personal data")
        customer = get_object_or_404(Customer, pk=pk)
        incoming = EraseInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        done = erasure.erase(customer, by=acting_as(request),
                             confirm=incoming.validated_data["confirm"])
        return Response({"customer": customer.pk, "erased_at": done.at})
