"""The lexicon and the message template edited in the admin (a superuser's; managers use
/lexicon/ and /apologies/template/) obey the same rules as on the lexicon page: the admin
uses the page's forms."""

from apologies.models import MessageTemplate, Phrase


def test_a_phrase_without_a_word_is_refused_in_the_admin(root_client):
    response = root_client.post("/admin/apologies/phrase/add/", {
        "pattern": " ?! ", "kind": "banned", "category": "policy_speak"})
    assert response.status_code == 200
    assert "at least one word" in response.content.decode()
    assert not Phrase.objects.filter(pattern__in=["?!", " ?! "]).exists()


def test_a_phrase_added_in_the_admin_is_tidied_as_on_the_page(root_client):
    response = root_client.post("/admin/apologies/phrase/add/", {
        "pattern": "  that is   not  our   job ", "kind": "banned", "category": "brush_off",
        "steps": ["regret"], "is_active": "on"})
    assert response.status_code == 302
    phrase = Phrase.objects.get(pattern="that is not our job")
    assert phrase.steps == ["regret"]


def test_an_unknown_placeholder_is_refused_in_the_admin(root_client):
    template = MessageTemplate.current()
    before = template.subject
    response = root_client.post(f"/admin/apologies/messagetemplate/{template.pk}/change/", {
        "subject": "Sorry {{ secret_key }}", "greeting": template.greeting,
        "sign_off": template.sign_off, "organisation": template.organisation})
    assert response.status_code == 200
    assert "Unknown placeholder: secret_key" in response.content.decode()
    assert MessageTemplate.objects.get(pk=template.pk).subject == before
