from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("customers/<int:pk>/export/", views.export_customer, name="export"),
    path("customers/<int:pk>/erase/", views.erase_customer, name="erase"),
    path("privacy/access-log/", views.access_log_page, name="access-log"),
]
