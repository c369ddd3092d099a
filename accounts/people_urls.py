from django.urls import path

from . import key_views, people_views

app_name = "people"

urlpatterns = [
    path("", people_views.people_list, name="list"),
    path("invite/", people_views.invite, name="invite"),
    path("api-keys/", key_views.api_keys, name="api-keys"),
    path("api-keys/<str:prefix>/revoke/", key_views.revoke_key, name="revoke-key"),
    path("<int:pk>/", people_views.person_page, name="person"),
    path("<int:pk>/invitation/", people_views.resend_invitation, name="resend"),
    path("<int:pk>/deactivate/", people_views.deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", people_views.reactivate, name="reactivate"),
]
