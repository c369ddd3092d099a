from django.urls import path

from . import api

urlpatterns = [
    path("webhooks/", api.SubscriptionListView.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", api.SubscriptionDetailView.as_view(), name="webhook-detail"),
    path("webhooks/<int:pk>/deliveries/", api.DeliveryListView.as_view(),
         name="webhook-deliveries"),
    path("webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
         api.RedeliverView.as_view(), name="webhook-redeliver"),
]
