"""The archive in the REST API: search with facets, and one archived apology. For people at
the desk (a user's key or session); an integration's key is refused."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from accounts.permissions import IsDeskPerson

from . import search
from .filters import ArchiveFilter
from .models import ArchivedApology
from .serializers import ArchivedApologySerializer, FoundApologySerializer


class DeskPeopleOnly(IsDeskPerson):
    message = "The archive is for people at the desk; an integration's key cannot read it."


class ArchivePagination(PageNumberPagination):
    """Pages by number (search results are ordered by rank, which a cursor cannot hold),
    over the search's pool (`search.pool`: every match, or the newest SEARCH_POOL when more
    match), with the pool's facets beside them."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # DRF answers a page that is not a number, or past the end, with 404; it is a bad
        # parameter, so 400 naming it (as a bad cursor is on the case list)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise ValidationError({self.page_query_param: [str(error.detail)]}) from None

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count, "count_capped": not self.found.complete,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(), "facets": self.found.facets, "results": data,
        })

    def get_paginated_response_schema(self, schema):
        wrapped = super().get_paginated_response_schema(schema)
        wrapped["properties"]["count"]["description"] = (
            "The results in the pages: every match, or the newest matches when more match "
            "than a search sorts and counts (then `count_capped`)")
        wrapped["properties"]["count_capped"] = {
            "type": "boolean", "description": "More apologies match than `count`: the pages "
            "and the facets hold the newest `count` of them; a word or a filter narrows"}
        wrapped["required"] = [*wrapped.get("required", []), "count_capped"]
        wrapped["properties"]["facets"] = {
            "type": "object", "description": "For each facet, its values and their counts "
            "among the results in the pages",
            "additionalProperties": {"type": "array", "items": {
                "type": "object", "required": ["value", "label", "count"],
                "properties": {"value": {}, "label": {"type": "string"},
                               "count": {"type": "integer"}}}},
        }
        return wrapped


class ArchiveListView(generics.ListAPIView):
    serializer_class = FoundApologySerializer
    permission_classes = [DeskPeopleOnly]
    pagination_class = ArchivePagination
    filterset_class = ArchiveFilter  # run by hand in `get` (it orders after ranking);
    filter_backends = [DjangoFilterBackend]  # named here so the schema lists its parameters

    def get_queryset(self):
        return search.entries()  # what the filters narrow; the page's apologies are read after

    @extend_schema(summary="Search archived apologies (ranked full text, facets)")
    def get(self, request):
        found = ArchiveFilter(request.query_params, queryset=self.get_queryset(),
                              request=request)
        if not found.is_valid():
            raise serializers.ValidationError(found.errors)
        paginator = self.pagination_class()
        paginator.found = found.results()  # the pool the pages cut and the facets count
        page = paginator.paginate_queryset(paginator.found.entries, request, view=self)
        rows = search.apologies(page, found.form.cleaned_data.get("q") or "",
                                ArchivedApology.objects.select_related(
                                    "category", "root_cause", "agent"))
        return paginator.get_paginated_response(
            FoundApologySerializer(rows, many=True, context={"request": request}).data)


class ArchiveDetailView(generics.RetrieveAPIView):
    serializer_class = ArchivedApologySerializer
    permission_classes = [DeskPeopleOnly]
    queryset = ArchivedApology.objects.select_related("category", "root_cause", "agent")

    @extend_schema(summary="One archived apology")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

