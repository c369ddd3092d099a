"""Incidents in the REST API: list, create, read and change them, link cases, and start or
follow "send to all". An integration's key may read incidents, enough to name one when it
posts a case (`IncidentSerializer`); the rest, and writing them, is people's work. A run's
progress lists every integration's cases, so it is people's too."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.actors import acting_as
from accounts.permissions import is_integration
from apologies.serializers import ConfirmInputSerializer
from cases.api import CasePagination
from cases.models import Case

from . import confirming, linking, sending
from .models import Incident, ItemState
from .serializers import (
    BulkSendSerializer,
    IncidentInputSerializer,
    IncidentSerializer,
    LinkInputSerializer,
    SendPreviewSerializer,
    preview_body,
)

BANNED = OpenApiResponse(description="Banned language in a text every customer would read "
                         "(`findings` lists it); nothing was saved")


def _incidents():
    return (Incident.objects.select_related("root_cause").prefetch_related("remedies")
            .annotate(linked=Count("cases")))


def _people_only(request, doing):
    if is_integration(request):
        raise PermissionDenied(f"An integration's key cannot {doing}; a person at the desk must.")


def _render(incident, request, **kwargs):
    incident = _incidents().get(pk=incident.pk)
    return Response(IncidentSerializer(incident, context={"request": request}).data, **kwargs)


def _save(request, incident, partial):
    incoming = IncidentInputSerializer(data=request.data, partial=partial)
    incoming.is_valid(raise_exception=True)
    data = dict(incoming.validated_data)
    remedies = data.pop("remedies", None)
    return linking.save_incident(incident, data, remedies, by=acting_as(request))


class IncidentPagination(CasePagination):
    ordering = ("-started_at", "-id")


class IncidentListView(generics.ListAPIView):
    serializer_class = IncidentSerializer
    filterset_fields = ["status"]
    pagination_class = IncidentPagination

    def get_queryset(self):
        return _incidents()

    @extend_schema(request=IncidentInputSerializer,
                   responses={201: IncidentSerializer, 422: BANNED},
                   summary="Start an incident")
    def post(self, request):
        _people_only(request, "write incidents")
        incident = _save(request, None, partial=False)
        response = _render(incident, request, status=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response


class IncidentDetailView(generics.RetrieveAPIView):
    serializer_class = IncidentSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return _incidents()

    @extend_schema(request=IncidentInputSerializer,
                   responses={200: IncidentSerializer, 422: BANNED},
                   summary="Change an incident (its shared texts reach every linked case)")
    def patch(self, request, pk):
        _people_only(request, "write incidents")
        incident = _save(request, get_object_or_404(Incident, pk=pk), partial=True)
        return _render(incident, request)


class IncidentCasesView(APIView):
    @extend_schema(request=LinkInputSerializer, responses={
        200: IncidentSerializer,
        409: OpenApiResponse(description="A case's apology was sent already; none was linked")},
        summary="Link cases to the incident")
    def post(self, request, pk):
        _people_only(request, "link cases to incidents")
        incident = get_object_or_404(Incident, pk=pk)
        incoming = LinkInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        references = list(dict.fromkeys(incoming.validated_data["cases"]))
        cases = list(Case.objects.filter(reference__in=references))
        unknown = sorted(set(references) - {case.reference for case in cases})
        if unknown:
            raise ValidationError({"cases": [f"Unknown case “{ref}”." for ref in unknown]})
        linking.link(incident, cases, by=acting_as(request))
        return _render(incident, request)


class IncidentSendView(APIView):
    @extend_schema(responses={200: BulkSendSerializer,
                              403: OpenApiResponse(description="An integration's key"),
                              404: OpenApiResponse(description="No such incident, or nothing "
                                                   "sent for it yet")},
                   summary="The latest send-to-all run (people only)")
    def get(self, request, pk):
        _people_only(request, "follow an incident's send-to-all run")
        bulk = sending.latest(get_object_or_404(Incident, pk=pk))
        if bulk is None:
            return Response({"detail": "Nothing was sent for this incident yet."},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(_bulk_body(bulk))

    @extend_schema(request=ConfirmInputSerializer, responses={
        202: BulkSendSerializer,
        400: OpenApiResponse(description="Invalid `confirm`"),
        409: OpenApiResponse(description="A shared part or the standard remedy is missing"),
        422: OpenApiResponse(description="Cautions in the parts written for everyone not "
                                         "confirmed (`cautions_unconfirmed`, `findings` with "
                                         "their keys): send again with them in `confirm`"),
        403: OpenApiResponse(description="Only managers send to all")},
                   summary="Send every linked case's apology (or resume the run going)")
    def post(self, request, pk):
        _people_only(request, "send an incident's apologies")
        incoming = ConfirmInputSerializer(data=request.data or {})
        incoming.is_valid(raise_exception=True)
        bulk = sending.start(get_object_or_404(Incident, pk=pk), by=acting_as(request),
                             confirmed=incoming.validated_data["confirm"])
        return Response(_bulk_body(bulk), status=status.HTTP_202_ACCEPTED)


class IncidentSendPreviewView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("case", str, description=(
            "The case whose apology to compose (a reference among `to_send`)"))],
        responses={200: SendPreviewSerializer,
                   403: OpenApiResponse(description="An integration's key"),
                   404: OpenApiResponse(description="No such incident")},
        summary="What send-to-all would do now, with one apology as it will read (people "
                "only; writes nothing)")
    def get(self, request, pk):
        _people_only(request, "preview an incident's send-to-all run")
        plan = confirming.plan(get_object_or_404(Incident, pk=pk), by=acting_as(request),
                               sample=request.query_params.get("case", ""))
        return Response(preview_body(plan))


def _bulk_body(bulk):
    counts = sending.progress(bulk)
    failures = [{"case": item.case.reference, "state": item.state, "detail": item.detail}
                for item in bulk.items.filter(state=ItemState.FAILED).select_related("case")[:100]]
    answered = [{"case": item.case.reference, "answered_by": item.answered_by.reference}
                for item in bulk.items.filter(state=ItemState.ANSWERED, answered_by__isnull=False)
                .select_related("case", "answered_by")[:100]]
    return BulkSendSerializer({
        "id": bulk.pk, "status": bulk.status, "started_by": bulk.started_by,
        "started_at": bulk.started_at, "finished_at": bulk.finished_at,
        "failures": failures, "answered_cases": answered, **counts,
    }).data
