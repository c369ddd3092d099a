from django.urls import path

from . import api

urlpatterns = [
    path("customers/<int:pk>/export/", api.CustomerExportView.as_view(), name="customer-export"),
    path("customers/<int:pk>/erase/", api.CustomerEraseView.as_view(), name="customer-erase"),
]
