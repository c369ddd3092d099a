from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new_case, name="new"),
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
