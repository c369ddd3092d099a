from django.urls import path

from . import api

urlpatterns = [
    path("archive/", api.ArchiveListView.as_view(), name="archive-list"),
    path("archive/<int:pk>/", api.ArchiveDetailView.as_view(), name="archive-detail"),
]
