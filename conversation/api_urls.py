from django.urls import path

from . import api

urlpatterns = [
    path("cases/<str:reference>/messages/", api.MessagesView.as_view(), name="case-messages"),
]
