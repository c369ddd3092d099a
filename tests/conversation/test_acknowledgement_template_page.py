"""The acknowledgement's template, edited by managers on a page and in the admin with the
same checks: banned wording and unknown placeholders are field errors."""

import re

import pytest
from django.urls import reverse

from conversation.models import AcknowledgementTemplate

pytestmark = pytest.mark.django_db
URL = "/apologies/acknowledgement/"
GOOD = {
    "subject": "We are sorry: {{ title }}",
    "body": "Dear {{ customer_name }},\n\nWe are sorry this happened. Your reference is "
            "{{ reference }}; we will write again by {{ next_update_by }}.",
    "skip_channels": ["phone", "chat"],
}


def test_the_url_is_the_named_page():
    assert reverse("conversation:acknowledgement-template") == URL


def test_a_manager_saves_the_words_and_the_channels_skipped(manager_client):
    page = manager_client.get(URL).content.decode()
    assert "Acknowledgement template" in page and "In person" in page  # a checkbox each
    response = manager_client.post(URL, GOOD, follow=True)
    assert "Acknowledgement template saved." in response.content.decode()
    saved = AcknowledgementTemplate.objects.get(pk=1)
    assert (saved.subject, saved.body) == (GOOD["subject"], GOOD["body"])
    assert saved.skip_channels == ["phone", "chat"]
    page = manager_client.get(URL).content.decode()
    assert re.search(r'<input[^>]*value="chat"[^>]*checked>', page)
    assert not re.search(r'<input[^>]*value="email"[^>]*checked>', page)


def test_agents_are_refused(agent_client):
    assert agent_client.get(URL).status_code == 403
    assert agent_client.post(URL, GOOD).status_code == 403
    assert not AcknowledgementTemplate.objects.exists()


def test_banned_wording_is_a_field_error(manager_client):
    response = manager_client.post(URL, {**GOOD, "body": "Sorry, it's our policy."})
    assert response.status_code == 200
    [error] = response.context["form"].errors["body"]
    assert "it's our policy" in error
    assert not AcknowledgementTemplate.objects.exists()


def test_a_probing_question_is_refused_in_the_first_message(manager_client):
    response = manager_client.post(URL, {**GOOD, "body": "Did you read the instructions?"})
    assert "body" in response.context["form"].errors


def test_an_unknown_placeholder_is_a_field_error(manager_client):
    response = manager_client.post(URL, {**GOOD, "subject": "Sorry {{ agent_name }}"})
    assert response.context["form"].errors["subject"] == ["Unknown placeholder: agent_name."]
    assert not AcknowledgementTemplate.objects.exists()


def test_an_unknown_channel_is_a_field_error(manager_client):
    response = manager_client.post(URL, {**GOOD, "skip_channels": ["pigeon"]})
    assert "skip_channels" in response.context["form"].errors


def test_the_admin_checks_the_same(root_client):
    response = root_client.post("/admin/conversation/acknowledgementtemplate/add/",
                                {**GOOD, "body": "It's our policy. {{ mood }}"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert any("it's our policy" in error.lower() for error in errors)
    assert "Unknown placeholder: mood." in errors
    assert not AcknowledgementTemplate.objects.exists()


def test_the_lexicon_page_links_to_it_for_managers(manager_client, agent_client):
    assert URL in manager_client.get("/lexicon/").content.decode()
    assert URL not in agent_client.get("/lexicon/").content.decode()
