from django.urls import path

from . import api, attachments_api, inbound_api

urlpatterns = [
    path("cases/<str:reference>/messages/", api.MessagesView.as_view(), name="case-messages"),
    path("cases/<str:reference>/attachments/", attachments_api.AttachmentsView.as_view(),
         name="case-attachments"),
    path("cases/<str:reference>/attachments/<int:pk>/",
         attachments_api.AttachmentView.as_view(), name="case-attachment"),
    path("inbound-email/", inbound_api.InboundEmailView.as_view(), name="inbound-email"),
]
