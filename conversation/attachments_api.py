"""A case's files in the REST API: the list, an upload (multipart `file`, optionally with
the id of the case's `message` it belongs with), and each file as a download. Desk users
see every case's; an integration's key only its own cases' (another's is a 404), and it may
upload to them, as it may add notes. Thin: check, call `attachments.store`, render."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.actors import acting_as
from accounts.permissions import is_integration
from cases.api import cases_for

from . import attachments, downloads
from .api import ConversationPagination
from .file_fields import read
from .models import Attachment
from .serializers import AttachmentInputSerializer, AttachmentSerializer


class AttachmentsView(generics.ListAPIView):
    """The case's files, oldest first."""

    serializer_class = AttachmentSerializer
    pagination_class = ConversationPagination
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "integration": is_integration(self.request)}

    def case(self):
        return get_object_or_404(cases_for(self.request), reference=self.kwargs["reference"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no case
            return Attachment.objects.none()
        return self.case().attachments.select_related("case", "uploaded_by")

    @extend_schema(
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: AttachmentSerializer,
                   400: OpenApiResponse(description="No file, or a message not of this case"),
                   413: OpenApiResponse(description="Over ATTACHMENT_MAX_BYTES, or too many "
                                                    "files with the message or on the case"),
                   415: OpenApiResponse(description="Not a multipart/form-data body")},
        summary="Attach a file to the case",
    )
    def post(self, request, reference):
        case = self.case()
        incoming = AttachmentInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        message = None
        if "message" in data:
            message = case.messages.filter(pk=data["message"]).first()
            if message is None:
                raise ValidationError({"message": ["No such message on this case."]})
        upload = data["file"]
        attachment = attachments.store(case, read(upload), upload.name, message=message,
                                       by=acting_as(request))
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentView(APIView):
    """One file, as a download (never inline; HTML, SVG and the unknown as octet-stream)."""

    def perform_content_negotiation(self, request, force=False):
        # A client asking for the file's own type (Accept: image/png) gets it, not a 406:
        # errors fall back to JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(responses={
        **{(200, kind): OpenApiTypes.BINARY for kind in sorted(attachments.SERVED_AS_IS)},
        (200, "application/octet-stream"): OpenApiTypes.BINARY,
        404: OpenApiResponse(description="Not one of your cases' files")},
                   summary="Download a file of the case")
    def get(self, request, reference, pk):
        case = get_object_or_404(cases_for(request), reference=reference)
        return downloads.download(get_object_or_404(case.attachments, pk=pk))
