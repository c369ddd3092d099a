"""/lexicon/: agents read and try it; managers edit it."""

import pytest

from apologies.models import Phrase

pytestmark = pytest.mark.django_db


def test_agents_read_the_lexicon_but_cannot_edit(agent_client):
    page = agent_client.get("/lexicon/").content.decode()
    assert "it&#x27;s our policy" in page or "it's our policy" in page
    assert "Add a phrase" not in page
    assert agent_client.get("/lexicon/new/").status_code == 403
    assert agent_client.post("/lexicon/new/", {"pattern": "x", "kind": "banned",
                                              "category": "excuse"}).status_code == 403


def test_anonymous_visitors_sign_in_first(client):
    assert client.get("/lexicon/")["Location"].startswith("/accounts/login/")


def test_trying_a_sentence_shows_findings_with_the_better_wording(agent_client):
    page = agent_client.get("/lexicon/", {"text": "Calm down, please.", "step": ""})
    html = page.content.decode()
    assert "“Calm down”" in html and "I understand why you are upset." in html


def test_manager_adds_and_edits_a_phrase(client, manager):
    client.force_login(manager)
    response = client.post("/lexicon/new/", {
        "pattern": "  per   the terms ", "kind": "banned", "category": "policy_speak",
        "better_wording": "Here is what we will do", "explanation": "", "steps": ["regret"],
        "is_active": "on",
    }, follow=True)
    phrase = Phrase.objects.get(pattern="per the terms")
    assert "Saved “per the terms”." in response.content.decode()
    assert phrase.steps == ["regret"]
    client.post(f"/lexicon/{phrase.pk}/", {
        "pattern": "per the terms", "kind": "caution", "category": "policy_speak",
        "better_wording": "x", "explanation": "", "steps": [],
    })
    phrase.refresh_from_db()
    assert (phrase.kind, phrase.is_active, phrase.steps) == ("caution", False, [])


@pytest.mark.parametrize("pattern, error", [("", "This field is required."),
                                           ("!!!", "at least one word"),
                                           ("it's our policy", "already exists")])
def test_bad_phrases_are_field_errors(client, manager, pattern, error):
    client.force_login(manager)
    before = Phrase.objects.count()
    response = client.post("/lexicon/new/", {"pattern": pattern, "kind": "banned",
                                             "category": "excuse"})
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors["pattern"])
    assert Phrase.objects.count() == before


def test_superusers_can_edit_the_lexicon_in_the_admin(client, superuser):
    client.force_login(superuser)
    phrase = Phrase.objects.first()
    assert client.get(f"/admin/apologies/phrase/{phrase.pk}/change/").status_code == 200
