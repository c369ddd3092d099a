from django.urls import path

from . import views

urlpatterns = [
    path("nothing/", views.nothing),
    path("insert/", views.insert),
    path("rows/", views.rows),
]
