"""Managers review and publish; agents read. The public page and its feed show only the
redacted text — never the customer's identity, costs or notes."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from archive.models import ArchivedApology
from cases import work

from .helpers import closed_case

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PRIVATE_TEXT = {"acknowledge": {"content": (
    "We made a mistake, Jordan: we told you to call 020 7946 0958 or write to "
    "jordan.price@example.com, and nobody answered.")}}


@pytest.fixture
def archived(agent):
    case = closed_case(agent, title="Jordan Price's order went missing", texts=PRIVATE_TEXT,
                       customer=_customer("jordan.price@example.com", "Jordan Price",
                                          "Price Holdings"))
    work.add_note(case, "Internal: the courier lost it again", by=agent)
    return ArchivedApology.objects.get(case=case)


def _customer(email, name, company):
    from cases.intake import CustomerDetails

    return CustomerDetails(email=email, name=name, company=company)


def test_a_manager_rates_marks_exemplary_and_notes_lessons(manager_client, archived):
    response = manager_client.post(f"/archive/{archived.pk}/review/", {
        "rating": "5", "exemplary": "on", "lessons": "Answer the phone line we give out."})
    assert response.status_code == 302
    archived.refresh_from_db()
    assert (archived.rating, archived.exemplary, archived.is_reviewed) == (5, True, True)
    assert archived.case.events.filter(kind="archive_reviewed").exists()


def test_agents_see_the_review_but_cannot_rate(agent_client, manager_client, archived):
    manager_client.post(f"/archive/{archived.pk}/review/",
                        {"rating": "4", "lessons": "Answer the phone line we give out."})
    page = agent_client.get(f"/archive/{archived.pk}/").content.decode()
    assert "Rated <strong>4/5</strong>" in page and "Answer the phone line" in page
    assert "Save review" not in page and "Preview and publish" not in page
    assert agent_client.post(f"/archive/{archived.pk}/review/", {"rating": "1"}).status_code == 403
    assert agent_client.get(f"/archive/{archived.pk}/publish/").status_code == 403
    assert agent_client.post(f"/archive/{archived.pk}/publish/",
                             {"title": "x", "text": "y"}).status_code == 403
    assert ArchivedApology.objects.get(pk=archived.pk).published_at is None


def test_a_rating_out_of_range_is_a_field_error(manager_client, archived):
    response = manager_client.post(f"/archive/{archived.pk}/review/", {"rating": "9"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_to_review_list_shows_what_is_not_reviewed(manager_client, archived):
    page = manager_client.get("/archive/?to_review=true").content.decode()
    assert archived.title.replace("'", "&#x27;") in page
    manager_client.post(f"/archive/{archived.pk}/review/", {"rating": "3"})
    assert "No archived apology matches" in manager_client.get(
        "/archive/?to_review=true").content.decode()


def test_the_publish_preview_is_redacted(manager_client, archived):
    page = manager_client.get(f"/archive/{archived.pk}/publish/").content.decode()
    preview = page[page.index("what the public will read"):]
    for private in ["Jordan", "Price", "jordan.price@example.com", "020 7946 0958"]:
        assert private not in preview
    assert "[customer]" in preview and "[phone]" in preview and "[email]" in preview


def test_publish_then_unpublish(manager_client, archived):
    response = manager_client.post(f"/archive/{archived.pk}/publish/", {
        "title": "An order that went missing",
        # the manager's edit slips an address back in: it is redacted again
        "text": "We lost your order <script>alert(1)</script>. Write to jordan.price@example.com",
    })
    assert response.status_code == 302
    public = Client()
    listing = public.get("/public/apologies/").content.decode()
    assert "An order that went missing" in listing
    one = public.get(f"/public/apologies/{archived.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in one and "<script>alert" not in one
    for private in ["jordan.price@example.com", "Jordan", "Price Holdings", "45.00",
                    "courier lost it", archived.reference]:
        assert private not in listing and private not in one
    manager_client.post(f"/archive/{archived.pk}/unpublish/")
    assert public.get(f"/public/apologies/{archived.pk}/").status_code == 404
    assert "An order that went missing" not in public.get("/public/apologies/").content.decode()
    kinds = list(archived.case.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["published", "unpublished"]


def test_the_feed_is_valid_atom_with_escaped_text(manager_client, archived):
    manager_client.post(f"/archive/{archived.pk}/publish/", {
        "title": "Missing order & a <b>lesson</b>", "text": "We lost it <b>and</b> we fixed it."})
    response = Client().get("/public/apologies/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    for required in ["id", "title", "updated", "link"]:
        assert entry.find(f"{ATOM}{required}") is not None
    assert entry.find(f"{ATOM}title").text == "Missing order & a <b>lesson</b>"  # plain text
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "&lt;b&gt;and&lt;/b&gt;" in summary.text  # shown as text by readers, not bold
    assert "jordan" not in response.content.decode().lower()


def test_the_public_pages_need_no_sign_in_and_the_desk_does(archived):
    public = Client()
    assert public.get("/public/apologies/").status_code == 200
    assert public.get("/archive/").status_code == 302
    assert public.get(f"/public/apologies/{archived.pk}/").status_code == 404  # unpublished
