"""The case endpoints of the REST API. Thin: parse, call the domain, render."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from accounts.actors import acting_as
from accounts.permissions import is_integration
from recovery import idempotency

from . import disclosure, links, work
from .filters import CaseFilter
from .intake import CustomerDetails, DuplicateExternalId, open_case
from .models import Case, CaseEvent
from .serializers import (
    CaseCreateSerializer,
    CaseSerializer,
    CaseUpdateSerializer,
    EventSerializer,
    NoteInputSerializer,
    RevokedLinksSerializer,
)


class CasePagination(CursorPagination):
    ordering = "-created_at"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def decode_cursor(self, request):
        # DRF answers a cursor it cannot read with 404; it is bad input, so 400 naming it
        try:
            return super().decode_cursor(request)
        except NotFound:
            message = "This cursor is not valid; use the `next` or `previous` link as given."
            raise ValidationError({self.cursor_query_param: [message]}) from None


def cases_for(request):
    """The cases this caller may see: all of them for desk users, only its own for an
    integration's key (another integration's case is a 404, not a 403)."""
    cases = Case.objects.for_list()
    if is_integration(request):
        cases = cases.created_via(request.auth)
    return cases


def case_etag(case) -> str:
    return case.etag


class CaseListView(generics.ListAPIView):
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CasePagination

    def get_queryset(self):
        return cases_for(self.request)

    def filter_queryset(self, queryset):
        # No filter asked for: building and validating the filter form (thirteen fields)
        # would change nothing, and cost an eighth of the request.
        if not any(name in self.request.query_params for name in CaseFilter.base_filters):
            return queryset
        return super().filter_queryset(queryset)

    @extend_schema(
        request=CaseCreateSerializer,
        responses={
            201: CaseSerializer, 400: OpenApiResponse(description="Invalid fields"),
            409: OpenApiResponse(description="This key logged a case with this external_id "
                                 "already; `Location` is that case"),
        },
        parameters=[idempotency.PARAMETER],
        summary="Log a case",
    )
    @idempotency.idempotent
    def post(self, request):
        incoming = CaseCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            case = self._open(data, request)
        except DuplicateExternalId as duplicate:
            body = {"detail": duplicate.message, "code": duplicate.code,
                    "reference": duplicate.case.reference}
            location = request.build_absolute_uri(duplicate.case.get_api_url())
            return Response(body, status=status.HTTP_409_CONFLICT, headers={"Location": location})
        # The written case carries its customer and category already: no read back.
        body = CaseSerializer(case, context={"request": request}).data
        return Response(
            body,
            status=status.HTTP_201_CREATED,
            headers={"Location": body["url"], "ETag": case_etag(case)},
        )

    def _open(self, data, request):
        return open_case(
            customer=CustomerDetails(**data["customer"]),
            title=data["title"],
            customer_title=data["customer_title"],
            description=data["description"],
            remedy_requested=data["remedy_requested"],
            channel=data["channel"],
            category=data["category"],
            severity=data["severity"],
            occurred_at=data["occurred_at"],
            external_id=data["external_id"],
            tags=data["tags"],
            incident=data["incident"],
            by=acting_as(request),
        )


class CaseDetailView(generics.RetrieveAPIView):
    serializer_class = CaseSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return get_object_or_404(cases_for(self.request), reference=self.kwargs["reference"])

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        response = Response(self.get_serializer(case).data)
        response["ETag"] = case_etag(case)
        return response


    @extend_schema(
        request=CaseUpdateSerializer,
        parameters=[OpenApiParameter(
            "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
            description="The ETag you read; if the case changed since, 412 and nothing changes",
        )],
        responses={
            200: CaseSerializer, 400: OpenApiResponse(description="Invalid fields"),
            412: OpenApiResponse(description="The case changed since your ETag"),
        },
        summary="Change a case's details",
    )
    def patch(self, request, reference):
        case = self.get_object()
        incoming = CaseUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = work.edit_case(case, incoming.validated_data, by=acting_as(request),
                              if_match=request.headers.get("If-Match"))
        case = cases_for(request).get(pk=case.pk)
        response = Response(self.get_serializer(case).data)
        response["ETag"] = case.etag
        return response


@extend_schema_view(get=extend_schema(description=(
    "People read every event. An integration's key reads the events its webhooks announce, "
    "with what a webhook carries (no notes but its own, no costs, findings or decisions, "
    "and `Recovery Desk` for whoever at the desk acted).")))
class TimelineView(generics.ListAPIView):
    """The case's events, oldest first (all of them: a timeline is read whole)."""

    serializer_class = EventSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no case
            return CaseEvent.objects.none()
        case = get_object_or_404(cases_for(self.request), reference=self.kwargs["reference"])
        events = case.events.select_related("actor", "api_key")
        if is_integration(self.request):
            events = disclosure.timeline_for_integration(events, self.request.auth)
        return events


class NotesView(generics.GenericAPIView):
    serializer_class = NoteInputSerializer

    @extend_schema(request=NoteInputSerializer, responses={201: EventSerializer},
                   parameters=[idempotency.PARAMETER],
                   summary="Add an internal note (never shown to the customer)")
    @idempotency.idempotent
    def post(self, request, reference):
        case = get_object_or_404(cases_for(request), reference=reference)
        incoming = NoteInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        event = work.add_note(case, incoming.validated_data["text"], by=acting_as(request))
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


class RevokeLinksView(generics.GenericAPIView):
    serializer_class = RevokedLinksSerializer

    @extend_schema(
        request=None,
        responses={200: RevokedLinksSerializer,
                   403: OpenApiResponse(description="An integration's key: a person revokes"),
                   404: OpenApiResponse(description="No such case, or another integration's")},
        summary="Revoke the customer's status and survey links (a new status link, once)",
    )
    def post(self, request, reference):
        case = get_object_or_404(cases_for(request), reference=reference)
        revoked = links.revoke(case, by=acting_as(request))
        return Response(RevokedLinksSerializer(revoked._asdict()).data)
