"""The case filters, shared by the agent's queue and `GET /api/v1/cases/`."""

from datetime import UTC

import django_filters as filters
from django import forms
from django.http import QueryDict
from django.utils.functional import Promise
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import FilterSet

from accounts.models import User
from accounts.permissions import is_integration
from recovery import read_cache

from . import sorting
from .choices import ACTIVE_STATUSES, Severity, Stage, Status
from .models import Category, names_one_case

STATUS_CHOICES = [("active", "Active (not closed)"), *Status.choices]


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned to UTC before it reaches the query: PostgreSQL refuses
    offsets beyond ±15:59 that ISO 8601 allows, which would otherwise be a server error."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("This date is out of range.", code="overflow") from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


def desk_users():
    return User.objects.filter(is_active=True, groups__name__in=["agent", "manager"]).distinct()


DESK_PEOPLE = "cases:desk-people"


def desk_people_shown() -> list[tuple[str, str]]:
    """(email, name) of the desk's people, for the case page's assignee drop-down, through
    the cache (`recovery.read_cache`; `accounts.people` forgets it when someone joins, leaves
    or changes role or name). A posted choice is checked against the database."""
    return read_cache.remembered(
        DESK_PEOPLE, lambda: [(user.email, user.display_name) for user in desk_users()])


def forget_desk_people() -> None:
    read_cache.forget(DESK_PEOPLE)


class _ReadOnce(Promise):
    """Choices read from the database when first needed (a drop-down drawn, a value checked)
    and then kept. A Promise, so form fields keep it as it is instead of reading it when the
    form is built: an API list that filters by neither category nor assignee reads neither
    (two queries of five, found by `make bench`)."""

    def __init__(self, load):
        self._load, self._items = load, None

    def _all(self):
        if self._items is None:
            self._items = list(self._load())
        return self._items

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def __getitem__(self, index):
        return self._all()[index]


def _category_choices():
    """Every category (inactive ones too: old cases are filtered by them), as the process
    keeps them (`Category.kept`)."""
    return [(slug, category.name) for slug, category in Category.kept().items()]


def _assignee_choices():
    return [("me", "Mine"), ("none", "Unassigned"), *desk_people_shown()]


class CaseFilter(FilterSet):
    status = filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    stage = filters.ChoiceFilter(choices=Stage.choices, label="Step", empty_label="Any step")
    severity = filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    category = filters.ChoiceFilter(
        field_name="category__slug", label="Category", empty_label="Any category"
    )
    assignee = filters.ChoiceFilter(
        method="filter_assignee",
        empty_label="Anyone",
        help_text="an assignee's email, `me`, or `none` for unassigned",
    )
    customer_email = filters.CharFilter(method="filter_customer_email", label="Customer email")
    external_id = filters.CharFilter(field_name="external_id", label="External id")
    q = filters.CharFilter(method="filter_search", label="Search")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")
    breaching = filters.BooleanFilter(method="filter_breaching", label="Breaching an SLA target")
    # What holds a case in the conversation with the customer (`conversation`): true, the
    # cases it holds; false, the others.
    unreachable = filters.BooleanFilter(
        field_name="customer_unreachable_at", lookup_expr="isnull", exclude=True,
        label="The customer is unreachable by email (an email to them bounced)")
    waiting = filters.BooleanFilter(
        field_name="waiting_on_customer_since", lookup_expr="isnull", exclude=True,
        label="Waiting on the customer to answer a question")
    reopened_by_customer = filters.BooleanFilter(
        field_name="reopened_by_customer_at", lookup_expr="isnull", exclude=True,
        label="Reopened by the customer (a low survey score)")

    class Meta:
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].extra["choices"] = _ReadOnce(_category_choices)
        self.filters["assignee"].extra["choices"] = _ReadOnce(_assignee_choices)

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(status__in=ACTIVE_STATUSES)
        return queryset.filter(status=value)

    def filter_assignee(self, queryset, name, value):
        if value == "none":
            return queryset.unassigned()
        if value == "me":
            user = getattr(self.request, "user", None)
            if user is None or not user.is_authenticated:
                return queryset.none()  # an integration key is nobody's assignee
            return queryset.assigned_to(user)
        return queryset.filter(assignee__email=value)

    def filter_customer_email(self, queryset, name, value):
        return queryset.filter(customer__email=value.strip().lower())

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        # An integration searches its cases' customers as it told us of them, not the
        # desk's record (which holds what others told us).
        return queryset.search(value, as_told=is_integration(self.request))

    def filter_breaching(self, queryset, name, value):
        if value is None:
            return queryset
        breaching = queryset.breaching()
        return breaching if value else queryset.exclude(pk__in=breaching.values("pk"))


def _as_option(value) -> str:
    """A choice or a chosen value as an <option>'s value ("" for none)."""
    return "" if value is None else str(value)


class QueueFilter(CaseFilter):
    """The queue adds sorting, and shows active cases unless asked for others."""

    # A checkbox: ticked shows only breaching cases; unticked does not filter.
    breaching = filters.BooleanFilter(
        method="filter_breaching", widget=forms.CheckboxInput, label="Breaching only"
    )
    unreachable = filters.BooleanFilter(
        field_name="customer_unreachable_at", method="filter_ticked",
        widget=forms.CheckboxInput, label="Customer can't be emailed")
    waiting = filters.BooleanFilter(
        field_name="waiting_on_customer_since", method="filter_ticked",
        widget=forms.CheckboxInput, label="Waiting for the customer's answer")
    reopened_by_customer = filters.BooleanFilter(
        field_name="reopened_by_customer_at", method="filter_ticked",
        widget=forms.CheckboxInput, label="Reopened by the customer")
    # The checkboxes the queue shows beside the search box, in order.
    TICKS = ("breaching", "unreachable", "waiting", "reopened_by_customer")
    # Also the column headings' links (`headers`): the drop-down sorts on phones, where the
    # queue is a list of cards without headings.
    sort = filters.ChoiceFilter(
        choices=sorting.choices(),
        method="filter_sort",
        label="Sort by",
        empty_label=None,
        error_messages={"invalid_choice": "The queue cannot be sorted by “%(value)s”; "
                                          "choose an order from the list."},
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        # A reference typed in the search box finds its case whatever its status.
        if not names_one_case(data.get("q", "")):
            data.setdefault("status", "active")
        if not data.get("sort"):
            data["sort"] = sorting.DEFAULT
        data["sort"] = sorting.ALIASES.get(data["sort"], data["sort"])
        super().__init__(data, *args, **kwargs)
        self.filters["status"].extra["empty_label"] = "Any status"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "sort" not in self.form.cleaned_data:  # not a sort we know: the field says so
            queryset = self.filter_sort(queryset, "sort", sorting.DEFAULT)
        return queryset

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.search(value, partial_references=True)

    @property
    def sort_value(self) -> str:
        """The order the rows are in (the default when the one asked for is unknown)."""
        self.form.is_valid()  # cleans the form once
        return self.form.cleaned_data.get("sort") or sorting.DEFAULT

    def headers(self, query) -> dict:
        return sorting.headers(self.sort_value, query)

    def filter_breaching(self, queryset, name, value):
        return queryset.breaching() if value else queryset

    def filter_ticked(self, queryset, name, value):
        """Ticked: only the cases with this moment set; unticked does not filter."""
        return queryset.filter(**{f"{name}__isnull": False}) if value else queryset

    def ticks(self):
        return [self.form[name] for name in self.TICKS]

    def drop_downs(self):
        """The drop-downs the queue shows, in order: each field with its options as
        (value, label, selected). The chosen value is read once per drop-down, not once per
        option as a template comparison would."""
        form = self.form
        names = ("status", "stage", "severity", "category", "assignee", "sort")
        drop_downs = []
        for name in names:
            field = form[name]
            chosen = _as_option(field.value())
            options = [(_as_option(value), label, _as_option(value) == chosen)
                       for value, label in field.field.choices]
            drop_downs.append((field, options))
        return drop_downs

    def filter_sort(self, queryset, name, value):
        column, descending = sorting.parse(value)
        return queryset.order_by(*column.order(descending))
