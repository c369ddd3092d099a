"""Saved views of the queue: saving the filters, sort and search under a name, personal or
shared (managers), opening one, renaming and deleting; who may do what; the limit."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role
from cases import saved_views
from cases.models import SavedView

from ..factories import CaseFactory, make_user

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")
VIEWS = reverse("cases:views")


def save(client, name, query, **extra):
    return client.post(VIEWS, {"name": name, "query": query, **extra})


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def view_links(page: str) -> list[tuple[str, bool]]:
    """(name, marked current) of the links in the saved views' navigation."""
    nav = re.search(r'<nav aria-label="Saved views".*?</nav>', page, re.S).group(0)
    return [(name.strip(), bool(current)) for current, name in re.findall(
        r'<a class="nav-link[^"]*" href="[^"]*"( aria-current="page")?>([^<]*)', nav)]


def refs(response):
    return {case.reference for case in response.context["page"].object_list}


def test_agent_saves_the_queue_as_it_is_and_opens_it_again(agent_client, agent):
    high, _ = CaseFactory(severity="high"), CaseFactory(severity="low")
    page = agent_client.get(QUEUE, {"severity": "high", "sort": "oldest", "page": "1"})
    # the queue's "Save this view" form carries its query (without the page)
    assert 'name="query" value="severity=high&amp;sort=oldest"' in page.content.decode()
    response = save(agent_client, "High ones", "severity=high&sort=oldest")
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?severity=high&sort=oldest"
    assert said(response) == ["View “High ones” saved."]
    view = SavedView.objects.get()
    assert (view.owner, view.query, view.shared) == (agent, "severity=high&sort=oldest", False)

    opened = agent_client.get(response["Location"])
    assert refs(opened) == {high.reference}
    assert view_links(opened.content.decode()) == [("High ones", True)]
    assert view_links(agent_client.get(QUEUE).content.decode()) == [("High ones", False)]
    assert f'href="{QUEUE}?severity=high&amp;sort=oldest"' in opened.content.decode()


def test_the_query_is_kept_in_one_spelling(agent_client):
    assert saved_views.check_query("?page=3&sort=oldest&utm=x&q=&severity=high&status=") == \
        "status=&severity=high&sort=oldest"  # unknown keys, the page and blanks left out;
    # an empty status stays: it means any status, where no status means the active ones


def test_an_invalid_query_is_refused_next_to_its_field(agent_client):
    response = save(agent_client, "Bad", "severity=catastrophic&sort=sideways")
    assert response.status_code == 400
    form = response.context["save_form"]
    assert form.errors["query"] == [
        "These filters cannot be saved — Severity: Select a valid choice. catastrophic is not "
        "one of the available choices.; Sort by: The queue cannot be sorted by “sideways”; "
        "choose an order from the list."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not SavedView.objects.exists()


@pytest.mark.parametrize(("name", "message"), [
    ("   ", "This field is required."),
    ("x" * 61, "Ensure this value has at most 60 characters (it has 61)."),
    ("two\x07parts", "Use a single line: no line breaks, tabs or other control characters."),
])
def test_a_view_needs_a_good_name(agent_client, name, message):
    response = save(agent_client, name, "")
    assert response.status_code == 400
    assert response.context["save_form"].errors["name"] == [message]
    assert not SavedView.objects.exists()


def test_names_are_one_per_person_whatever_the_case(agent_client, agent, other_agent):
    saved_views.save_view("Mine", "assignee=me", by=agent)
    saved_views.save_view("Mine", "assignee=me", by=other_agent)  # another's: fine
    response = save(agent_client, "MINE", "")
    assert response.context["save_form"].errors["name"] == ["You already have a view named “MINE”."]


def test_one_person_keeps_at_most_30(agent_client, agent):
    for n in range(saved_views.MAX_PER_PERSON):
        saved_views.save_view(f"View {n}", f"q=term{n}", by=agent)
    assert "You keep 30 saved views, the most one person may" in \
        agent_client.get(QUEUE).content.decode()
    response = save(agent_client, "One more", "")
    assert response.status_code == 400
    assert response.context["save_form"].errors["name"] == [
        "You keep 30 saved views, the most one person may: delete one you no longer use first."]
    assert SavedView.objects.count() == 30


def test_a_personal_view_is_its_owners_alone(client, agent, other_agent, manager):
    view = saved_views.save_view("Only mine", "severity=high", by=agent)
    for person in (other_agent, manager):
        client.force_login(person)
        assert "Only mine" not in client.get(QUEUE).content.decode()
        assert "Only mine" not in client.get(VIEWS).content.decode()
        rename = client.post(reverse("cases:view-rename", args=[view.pk]),
                             {f"view-{view.pk}-name": "Taken"})
        assert rename.status_code == 404
        assert client.post(reverse("cases:view-delete", args=[view.pk])).status_code == 404
    assert SavedView.objects.get().name == "Only mine"


def test_managers_share_views_agents_see_them_but_cannot_change_them(
        client, agent, manager, manager_client):
    response = save(manager_client, "Breaching", "breaching=on", shared="on")
    assert said(response) == ["View “Breaching” saved and shared with the desk."]
    view = SavedView.objects.get()
    client.force_login(agent)
    queue = client.get(QUEUE).content.decode()
    assert view_links(queue) == [("Breaching", False)]
    assert 'Breaching <span class="badge text-bg-secondary">shared</span>' in queue
    assert client.post(reverse("cases:view-rename", args=[view.pk]),
                       {f"view-{view.pk}-name": "Mine now"}).status_code == 403
    assert client.post(reverse("cases:view-delete", args=[view.pk])).status_code == 403
    page = client.get(VIEWS).content.decode()
    assert "Breaching" in page and "by Morgan Manager" in page and "Rename" not in page
    # another manager may (its owner may be away)
    second = make_user(Role.MANAGER)
    client.force_login(second)
    assert client.post(reverse("cases:view-delete", args=[view.pk])).status_code == 302
    assert not SavedView.objects.exists()


def test_an_agent_cannot_share(agent_client):
    page = agent_client.get(QUEUE).content.decode()
    assert "Share with the desk" not in page
    response = save(agent_client, "For all", "", shared="on")
    assert response.status_code == 403
    assert "Only managers share views with the desk" in response.content.decode()
    assert not SavedView.objects.exists()


def test_the_owner_renames_and_deletes(agent_client, agent):
    view = saved_views.save_view("Old name", "severity=high", by=agent)
    saved_views.save_view("Taken", "", by=agent)
    rename = reverse("cases:view-rename", args=[view.pk])
    refused = agent_client.post(rename, {f"view-{view.pk}-name": "taken"})
    assert refused.status_code == 400
    assert "You already have a view named “taken”." in refused.content.decode()
    response = agent_client.post(rename, {f"view-{view.pk}-name": "  New   name "})
    assert response["Location"] == VIEWS
    assert SavedView.objects.get(pk=view.pk).name == "New name"
    response = agent_client.post(reverse("cases:view-delete", args=[view.pk]),
                                 {"next": f"{QUEUE}?severity=high"})
    assert response["Location"] == f"{QUEUE}?severity=high"
    assert said(response)[-1] == "View “New name” deleted."
    assert not SavedView.objects.filter(pk=view.pk).exists()
    gone = agent_client.post(reverse("cases:view-delete", args=[view.pk]),
                             {"next": "https://evil.example.com/"})
    assert gone.status_code == 404


def test_names_are_escaped(agent_client, agent):
    saved_views.save_view("<script>alert(1)</script>", "", by=agent)
    page = agent_client.get(QUEUE).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_desk_people_and_only_post_changes(client, outsider, agent):
    view = saved_views.save_view("Mine", "", by=agent)
    assert client.get(VIEWS)["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.get(VIEWS).status_code == 403
    client.force_login(agent)
    assert client.get(reverse("cases:view-delete", args=[view.pk])).status_code == 405


def test_the_queue_reads_its_saved_views_in_one_query(agent_client, agent, manager,
                                                      django_assert_num_queries):
    CaseFactory()
    saved_views.save_view("One", "severity=high", by=agent)
    agent_client.get(QUEUE)
    # as tests/cases/test_queue.py pins it: the saved views are one of these
    with django_assert_num_queries(7):
        agent_client.get(QUEUE)
    for n in range(12):
        saved_views.save_view(f"Mine {n}", f"q={n}", by=agent)
        saved_views.save_view(f"Shared {n}", f"q={n}", shared=True, by=manager)
    with django_assert_num_queries(7):
        page = agent_client.get(QUEUE).content.decode()
    assert len(view_links(page)) == 25
