"""The archive's search form, shared by `/archive/` and `GET /api/v1/archive/`."""

import django_filters as filters
from django_filters.rest_framework import FilterSet

from apologies.models import RemedyType, RootCause
from cases.models import Category

from . import search
from .models import Outcome, SearchEntry


class ArchiveFilter(FilterSet):
    q = filters.CharFilter(method="filter_q", label="Search",
                           help_text="Words, \"a phrase\", or, -exclude")
    category = filters.ModelChoiceFilter(
        field_name="category", to_field_name="slug", queryset=Category.objects.all(),
        empty_label="Any category")
    root_cause = filters.ModelChoiceFilter(
        field_name="root_cause", to_field_name="slug", queryset=RootCause.objects.all(),
        empty_label="Any root cause")
    remedy_type = filters.ChoiceFilter(choices=RemedyType.choices, empty_label="Any remedy")
    min_rating = filters.NumberFilter(field_name="rating", lookup_expr="gte", min_value=1,
                                      max_value=5, label="Rated at least")
    exemplary = filters.BooleanFilter(label="Exemplary only")
    outcome = filters.ChoiceFilter(choices=Outcome.choices, empty_label="Any outcome")
    to_review = filters.BooleanFilter(field_name="reviewed_at", lookup_expr="isnull",
                                      label="Not reviewed yet")
    sort = filters.ChoiceFilter(choices=list(search.SORTS.items()), method="filter_sort",
                                empty_label=None, label="Sort")

    class Meta:
        model = SearchEntry  # the apologies' narrow copies (see archive.search)
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return search.matching(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in `results`, once the search has ranked

    def results(self) -> search.Found:
        """The newest matches of the filtered search entries in the chosen order, with
        their facets (see `search.pool`)."""
        data = self.form.cleaned_data
        sort = data.get("sort") or ("relevance" if data.get("q") else "newest")
        return search.pool(self.qs, sort)
