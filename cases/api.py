"""The case endpoints of the REST API. Thin: parse, call the domain, render."""

import hashlib

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from accounts.actors import acting_as
from accounts.permissions import is_integration

from .filters import CaseFilter
from .intake import CustomerDetails, open_case
from .models import Case
from .serializers import CaseCreateSerializer, CaseSerializer


class CasePagination(CursorPagination):
    ordering = "-created_at"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def cases_for(request):
    """The cases this caller may see: all of them for desk users, only its own for an
    integration's key (another integration's case is a 404, not a 403)."""
    cases = Case.objects.for_list()
    if is_integration(request):
        cases = cases.created_via(request.auth)
    return cases


def case_etag(case) -> str:
    version = f"{case.pk}:{case.updated_at.isoformat()}"
    return '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'


class CaseListView(generics.ListAPIView):
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CasePagination

    def get_queryset(self):
        return cases_for(self.request)

    @extend_schema(
        request=CaseCreateSerializer,
        responses={201: CaseSerializer, 400: OpenApiResponse(description="Invalid fields")},
        summary="Log a case",
    )
    def post(self, request):
        incoming = CaseCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        case = open_case(
            customer=CustomerDetails(**data["customer"]),
            title=data["title"],
            description=data["description"],
            channel=data["channel"],
            category=data["category"],
            severity=data["severity"],
            occurred_at=data["occurred_at"],
            external_id=data["external_id"],
            tags=data["tags"],
            by=acting_as(request),
        )
        case = cases_for(request).get(pk=case.pk)
        body = CaseSerializer(case, context={"request": request}).data
        return Response(
            body,
            status=status.HTTP_201_CREATED,
            headers={"Location": body["url"], "ETag": case_etag(case)},
        )


class CaseDetailView(generics.RetrieveAPIView):
    serializer_class = CaseSerializer

    def get_object(self):
        return get_object_or_404(cases_for(self.request), reference=self.kwargs["reference"])

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        response = Response(self.get_serializer(case).data)
        response["ETag"] = case_etag(case)
        return response
