from django.urls import path

from . import queue_views, views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new_case, name="new"),
    # the queue's tools (before "<reference>/", which would take these words for references)
    path("bulk/", queue_views.bulk_change, name="bulk"),
    path("views/", queue_views.saved_view_list, name="views"),
    path("views/<int:pk>/rename/", queue_views.rename_saved_view, name="view-rename"),
    path("views/<int:pk>/delete/", queue_views.delete_saved_view, name="view-delete"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/edit/", views.edit_case, name="edit"),
    path("<str:reference>/assign/", views.assign_case, name="assign"),
    path("<str:reference>/notes/", views.add_note, name="note"),
    path("<str:reference>/links/revoke/", views.revoke_links, name="revoke-links"),
    path("<str:reference>/commitments/<int:pk>/kept/", views.keep_commitment,
         name="commitment-kept"),
    path("<str:reference>/commitments/<int:pk>/release/", views.release_commitment,
         name="commitment-release"),
]
