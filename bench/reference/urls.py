from django.urls import path

from . import views

urlpatterns = [
    path("nothing/", views.nothing),
    path("insert/", views.insert),
    path("rows/", views.rows),
    path("drf-rows/", views.DrfRows.as_view()),
    path("html-rows/", views.html_rows),
    path("jinja-rows/", views.jinja_rows),
]
