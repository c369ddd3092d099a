from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.edit, name="new"),
    path("link/", views.choose, name="link"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/send/", views.send_all, name="send"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("cases/<str:reference>/remove/", views.unlink, name="unlink"),
    path("cases/<str:reference>/personalise/", views.personalise, name="personalise"),
]
