from django.urls import path

from . import public_views, views

app_name = "archive"

urlpatterns = [
    path("archive/", views.archive, name="archive"),
    path("archive/<int:pk>/", views.detail, name="detail"),
    path("archive/<int:pk>/review/", views.review_view, name="review"),
    path("archive/<int:pk>/start/", views.start_from, name="start"),
    path("archive/<int:pk>/publish/", views.publish, name="publish"),
    path("archive/<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("public/apologies/", public_views.published, name="public"),
    path("public/apologies/feed/", public_views.PublishedFeed(), name="public-feed"),
    path("public/apologies/<int:pk>/", public_views.published_one, name="public-detail"),
]
