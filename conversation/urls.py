"""The conversation's pages. Included at the root, like the apology's case routes, so the
paths read as the case's own (/cases/<reference>/messages/); the case page's own routes
(cases.urls) take one segment after the reference, so these do not clash."""

from django.urls import path

from . import attachment_views, proposal_views, views

app_name = "conversation"

urlpatterns = [
    path("cases/<str:reference>/messages/", views.send, name="send"),
    path("cases/<str:reference>/messages/acknowledge/", views.acknowledge,
         name="acknowledge"),
    path("cases/<str:reference>/messages/<int:pk>/", views.original, name="original"),
    path("cases/<str:reference>/messages/<int:pk>/raw/", views.raw_email, name="raw"),
    path("cases/<str:reference>/attachments/", attachment_views.attach, name="attach"),
    path("cases/<str:reference>/attachments/<int:pk>/", attachment_views.download,
         name="attachment"),
    path("cases/<str:reference>/attachments/<int:pk>/thumbnail/", attachment_views.thumbnail,
         name="attachment-thumbnail"),
    path("cases/<str:reference>/commitments/<int:pk>/kept-and-told/", views.keep_and_tell,
         name="keep-and-tell"),
    path("cases/<str:reference>/promises/track/", proposal_views.track, name="track-promise"),
    path("cases/<str:reference>/promises/dismiss/", proposal_views.dismiss,
         name="dismiss-promise"),
    path("apologies/acknowledgement/", views.edit_acknowledgement,
         name="acknowledgement-template"),
]
