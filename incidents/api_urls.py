from django.urls import path

from . import api

urlpatterns = [
    path("incidents/", api.IncidentListView.as_view(), name="incident-list"),
    path("incidents/<int:pk>/", api.IncidentDetailView.as_view(), name="incident-detail"),
    path("incidents/<int:pk>/cases/", api.IncidentCasesView.as_view(), name="incident-cases"),
    path("incidents/<int:pk>/send/", api.IncidentSendView.as_view(), name="incident-send"),
    path("incidents/<int:pk>/send/preview/", api.IncidentSendPreviewView.as_view(),
         name="incident-send-preview"),
]
