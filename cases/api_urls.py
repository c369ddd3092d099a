from django.urls import path

from . import api

urlpatterns = [
    path("cases/", api.CaseListView.as_view(), name="case-list"),
    path("cases/<str:reference>/", api.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<str:reference>/timeline/", api.TimelineView.as_view(), name="case-timeline"),
    path("cases/<str:reference>/notes/", api.NotesView.as_view(), name="case-notes"),
    path("cases/<str:reference>/links/revoke/", api.RevokeLinksView.as_view(),
         name="case-revoke-links"),
]
