from django.urls import path

from . import api

urlpatterns = [
    path("lint/", api.LintView.as_view(), name="lint"),
]
