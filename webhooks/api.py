"""Webhook subscriptions in the API: each key (or person) sees and changes its own."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiKey

from . import sending, subscriptions
from .models import Subscription
from .serializers import (
    CreatedSubscriptionSerializer,
    DeliverySerializer,
    SubscriptionSerializer,
)


def own_subscriptions(request):
    if not request.user.is_authenticated and not isinstance(request.auth, ApiKey):
        return Subscription.objects.none()  # schema generation
    if isinstance(request.auth, ApiKey):
        return Subscription.objects.filter(api_key=request.auth)
    return Subscription.objects.filter(owner=request.user, api_key__isnull=True)


class SubscriptionListView(generics.ListCreateAPIView):
    serializer_class = SubscriptionSerializer
    pagination_class = None

    def get_queryset(self):
        return own_subscriptions(self.request)

    @extend_schema(request=SubscriptionSerializer, responses={201: CreatedSubscriptionSerializer},
                   summary="Subscribe a URL to case events")
    def post(self, request):
        incoming = SubscriptionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = request.auth if isinstance(request.auth, ApiKey) else None
        subscription = subscriptions.subscribe(
            **incoming.validated_data, api_key=key, owner=None if key else request.user)
        return Response(CreatedSubscriptionSerializer(subscription).data,
                        status=status.HTTP_201_CREATED)


class SubscriptionDetailView(generics.RetrieveDestroyAPIView):
    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        return own_subscriptions(self.request)


class DeliveryListView(generics.ListAPIView):
    """The delivery log, newest first: status, attempts, the subscriber's answers."""

    serializer_class = DeliverySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        subscription = get_object_or_404(own_subscriptions(self.request), pk=self.kwargs["pk"])
        return subscription.deliveries.all()[:200]


class RedeliverView(APIView):
    @extend_schema(request=None, responses={202: DeliverySerializer},
                   summary="Send a delivery again now (same delivery id)")
    def post(self, request, pk, delivery_pk):
        subscription = get_object_or_404(own_subscriptions(request), pk=pk)
        delivery = get_object_or_404(subscription.deliveries, pk=delivery_pk)
        with transaction.atomic():
            delivery = sending.redeliver(delivery)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
