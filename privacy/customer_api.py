"""Finding a customer and reading the desk's record of them in the REST API: the way to the
export and the erasure for a request that names only an email address. People at the desk
only (an integration's key reads what it told us, never the desk's record), and every
customer shown is a view on the access log, as on the customer page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.actors import acting_as
from accounts.permissions import IsDeskPerson
from cases.models import Case, Customer

from . import access_log
from .models import Action


class CustomerRecordSerializer(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField(help_text="Their cases' references, newest first")
    web_url = serializers.SerializerMethodField(help_text="The customer page in the browser")
    erased = serializers.SerializerMethodField(help_text="Their personal data was erased")

    class Meta:
        model = Customer
        fields = ["id", "email", "name", "company", "tier", "created_at", "erased", "cases",
                  "web_url"]
        read_only_fields = fields

    def get_cases(self, customer) -> list[str]:
        return [case.reference for case in customer.cases.all()]

    def get_web_url(self, customer) -> str:
        return reverse("customer", args=[customer.pk], request=self.context.get("request"))

    def get_erased(self, customer) -> bool:
        return hasattr(customer, "erasure")


def _records():
    newest_first = Case.objects.only("reference", "customer_id").order_by("-created_at", "-id")
    return Customer.objects.select_related("erasure").prefetch_related(
        Prefetch("cases", queryset=newest_first))


def _viewed(request, customers):
    for customer in customers:
        access_log.record(acting_as(request), customer.pk, Action.VIEWED_CUSTOMER)


class CustomerFindView(generics.ListAPIView):
    permission_classes = [IsDeskPerson]
    serializer_class = CustomerRecordSerializer
    pagination_class = None  # one address is one customer: a list of none or one

    @extend_schema(
        parameters=[OpenApiParameter("email", str, required=True,
                                     description="The customer's email address (any case)")],
        responses={200: CustomerRecordSerializer(many=True),
                   400: OpenApiResponse(description="No `email` given"),
                   403: OpenApiResponse(description="An integration's key")},
        summary="Find a customer by email address (people only)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema reads the model here
            return Customer.objects.none()
        # No listing of every customer: one request, one person's record.
        email = self.request.query_params.get("email", "").strip().lower()
        if not email:
            raise ValidationError({"email": ["Give the customer's email address."]})
        return _records().filter(email=email)

    def list(self, request, *args, **kwargs):
        customers = list(self.get_queryset())
        _viewed(request, customers)
        return Response(self.get_serializer(customers, many=True).data)


class CustomerRecordView(generics.RetrieveAPIView):
    permission_classes = [IsDeskPerson]
    serializer_class = CustomerRecordSerializer

    @extend_schema(
        responses={200: CustomerRecordSerializer,
                   403: OpenApiResponse(description="An integration's key"),
                   404: OpenApiResponse(description="No such customer")},
        summary="One customer, with their cases' references (people only)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        customer = get_object_or_404(_records(), pk=self.kwargs["pk"])
        _viewed(self.request, [customer])
        return customer
