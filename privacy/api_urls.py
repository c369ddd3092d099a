from django.urls import path

from . import api, customer_api

urlpatterns = [
    path("customers/", customer_api.CustomerFindView.as_view(), name="customer-find"),
    path("customers/<int:pk>/", customer_api.CustomerRecordView.as_view(), name="customer-detail"),
    path("customers/<int:pk>/export/", api.CustomerExportView.as_view(), name="customer-export"),
    path("customers/<int:pk>/erase/", api.CustomerEraseView.as_view(), name="customer-erase"),
]
