"""Writing to the customer from the case page: an update or a question, and the
acknowledgement by hand; refusals next to the field, one banner on success."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from conversation.models import MessageKind

from .helpers import logged_case

pytestmark = pytest.mark.django_db


def send_url(case):
    return reverse("conversation:send", kwargs={"reference": case.reference})


def ack_url(case):
    return reverse("conversation:acknowledge", kwargs={"reference": case.reference})


def banners(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def case(agent):
    return logged_case(agent)


@pytest.mark.acknowledging
def test_an_update_goes_out_once_and_the_page_says_so(
        agent_client, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(send_url(case), {"kind": "update",
                                                      "body": "A new vase leaves today."})
    assert response.status_code == 302
    assert response["Location"] == f"{case.get_absolute_url()}#conversation"
    assert banners(response) == ["Update sent to ines@example.fr."]
    [email] = mail.outbox  # the acknowledgement was not run: only the update
    assert email.to == ["ines@example.fr"]
    assert "A new vase leaves today." in email.body
    assert f"[{case.reference}]" in email.subject
    page = agent_client.get(response["Location"]).content.decode()
    assert "A new vase leaves today." in page and "Sent" in page


@pytest.mark.acknowledging
def test_a_question_puts_the_case_waiting_on_the_customer(agent_client, case):
    agent_client.post(send_url(case), {"kind": "question",
                                       "body": "Did you keep the box for the courier?"})
    case.refresh_from_db()
    assert case.waiting_on_customer
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Waiting on the customer since" in page
    assert "resolution clock is paused" in page


def test_banned_wording_is_a_field_error_listing_the_findings(agent_client, case):
    response = agent_client.post(send_url(case), {
        "kind": "update", "body": "Sorry, it's our policy to wait for the courier."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot go to the customer" in response.context["form"].errors["body"][0]
    assert "Must change" in page and "it&#x27;s our policy" in page
    assert "Sorry, it&#x27;s our policy to wait for the courier.</textarea>" in page
    assert case.messages.count() == 0 and mail.outbox == []


def test_probing_before_the_acknowledgement_is_refused(agent_client, case):
    response = agent_client.post(send_url(case), {"kind": "question",
                                                  "body": "Did you keep the box?"})
    assert response.status_code == 200
    assert "Apologise before you probe" in response.content.decode()
    assert case.messages.count() == 0


@pytest.mark.parametrize("body, error", [
    ("", "This field is required."),
    ("x" * 5001, "Ensure this value has at most 5000 characters"),
    ("Hello\x00there", "Remove the control characters from the text."),
])
def test_empty_oversized_or_control_characters_are_field_errors(agent_client, case, body,
                                                                error):
    response = agent_client.post(send_url(case), {"kind": "update", "body": body})
    assert response.status_code == 200
    assert error in response.context["form"].errors["body"][0]
    assert case.messages.count() == 0


def test_an_unknown_kind_is_a_field_error(agent_client, case):
    response = agent_client.post(send_url(case), {"kind": "apology", "body": "Hello"})
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors


def test_without_an_acknowledgement_the_page_offers_to_send_it(
        agent_client, case, django_capture_on_commit_callbacks):
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Send acknowledgement" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(ack_url(case))
    assert banners(response) == ["Acknowledgement sent to ines@example.fr."]
    [email] = mail.outbox
    assert case.reference in email.body and "We are sorry this happened" in email.body
    assert case.messages.get().kind == MessageKind.ACKNOWLEDGEMENT
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Send acknowledgement" not in page


@pytest.mark.acknowledging
def test_a_second_acknowledgement_is_refused_with_a_message(agent_client, case):
    response = agent_client.post(ack_url(case))
    assert response.status_code == 302
    assert banners(response) == ["The customer was acknowledged already."]
    assert case.messages.count() == 1


def test_the_form_page_opens_alone(agent_client, case):
    response = agent_client.get(send_url(case))
    assert response.status_code == 200
    assert "Write to Inès Moreau" in response.content.decode()


def test_people_without_a_desk_role_and_integrations_cannot_write(client, outsider, case):
    assert client.post(send_url(case), {"kind": "update", "body": "Hi"})["Location"] \
        .startswith("/accounts/login/")
    keyed = client.post(ack_url(case), HTTP_AUTHORIZATION="Api-Key whatever")
    assert keyed["Location"].startswith("/accounts/login/")  # no browser session
    client.force_login(outsider)
    assert client.post(send_url(case), {"kind": "update", "body": "Hi"}).status_code == 403
    assert client.post(ack_url(case)).status_code == 403
    assert case.messages.count() == 0


def test_an_unknown_case_is_404(agent_client):
    assert agent_client.post("/cases/SR-2026-999999/messages/",
                             {"kind": "update", "body": "Hi"}).status_code == 404
