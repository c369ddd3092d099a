"""The admin is for superusers only: no desk role gets in (recovery/admin_site.py). Every
model in the admin is one of: read-only there (the domain writes it, with its
timeline events, reminders and lexicon), changed there through the same domain function or
form as the desk's own page, or the desk's configuration. A model registered without a
place in this list fails here, so the next ModelAdmin cannot quietly become a second door
(CONVENTIONS.md 18)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import User

READ_ONLY = {
    "cases.case", "cases.caseevent", "cases.reminder", "cases.survey",
    "apologies.remedyapproval", "apologies.apologymessage",
    "archive.archivedapology",
    "incidents.incident", "incidents.bulksend",
    "conversation.message",  # what the customer was sent or wrote, as it was
    "conversation.inboundemail", "conversation.attachment",
    "accounts.peoplechange",  # what the People pages did
}
THROUGH_THE_DOMAIN = {
    "cases.commitment",  # `work.change_commitment`, `work.keep_commitment`
    "apologies.phrase", "apologies.messagetemplate",  # the lexicon page's own forms
    # the People pages (accounts.people) for managers; the admin, superusers' alone, is their
    # way round them: tests/accounts/test_admin.py
    "accounts.user", "accounts.apikey", "auth.group",
    # a superuser only removes a lost authenticator, through `two_factor.turn_off`
    "otp_totp.totpdevice",
}
CONFIGURATION = {
    "cases.category", "cases.slatarget", "cases.reminderpolicy", "apologies.rootcause",
    "apologies.tierapprovallimit",  # approval limits by customer tier
    "cases.businesscalendar", "cases.holiday",  # holidays: an inline of the calendar
    "conversation.acknowledgementtemplate",  # lexicon-checked by its form
    "conversation.inboundroute",  # billing@… → billing
    "cases.customer",  # a customer's details (the intake updates them too)
    "webhooks.subscription", "webhooks.delivery",  # see webhooks/admin.py
    # django-axes' sign-in records: a superuser lifts a lockout by deleting its attempt
    "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
}


def registered():
    return {model._meta.label_lower: model_admin
            for model, model_admin in admin.site._registry.items()}


def test_every_model_in_the_admin_has_a_door_we_chose():
    unplaced = set(registered()) - READ_ONLY - THROUGH_THE_DOMAIN - CONFIGURATION
    assert not unplaced, f"Decide how the admin may change {sorted(unplaced)}"


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_read_only_models_refuse_adding_changing_and_deleting_even_to_a_superuser(label):
    model_admin = registered().get(label)
    if model_admin is None:
        pytest.skip(f"{label} is not in the admin")
    request = RequestFactory().get("/admin/")
    request.user = User(email="root@desk.test", is_superuser=True, is_staff=True, is_active=True)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_every_admin_list_opens_for_a_superuser(root_client, make_case, agent):
    make_case(by=agent)
    for label in registered():
        app, model = label.split(".")
        response = root_client.get(f"/admin/{app}/{model}/")
        assert response.status_code == 200, label


@pytest.mark.parametrize("who", ["manager", "agent"])
def test_no_admin_page_opens_for_a_desk_role(client, who, request, make_case, agent):
    make_case(by=agent)
    client.force_login(request.getfixturevalue(who))
    for label in registered():
        app, model = label.split(".")
        for path in (f"/admin/{app}/{model}/", f"/admin/{app}/{model}/add/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/admin/login/"), path
