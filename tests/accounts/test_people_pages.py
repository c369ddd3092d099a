"""The People pages: managers see everyone at the desk, change a person's name, role and
approval limit, and every change is recorded on the person's page. Nothing here reaches
staff or superuser."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.models import PeopleChange, Role, User

from ..factories import CaseFactory, make_user

pytestmark = pytest.mark.django_db


def person_url(person):
    return f"/people/{person.pk}/"


def edit(person, **changes):
    data = {"first_name": person.first_name, "last_name": person.last_name,
            "role": person.role or Role.AGENT, "approval_limit": person.approval_limit or ""}
    return {**data, **changes}


# -- the list ---------------------------------------------------------------------------


def test_the_list_shows_role_limit_status_sign_in_and_open_cases(manager_client, agent,
                                                                 manager):
    agent.first_name, agent.approval_limit = "Alexa", Decimal("120.00")
    agent.save()
    CaseFactory(by=agent, assignee=agent)
    CaseFactory(by=agent, assignee=agent)
    page = manager_client.get("/people/")
    assert page.status_code == 200
    rows = {row.split("</tr>")[0] for row in page.content.decode().split("<tr")}
    alexa = next(row for row in rows if agent.email in row)
    assert "Alexa" in alexa and "Agent" in alexa and "120.00" in alexa and "Active" in alexa
    assert alexa.rstrip().endswith('<td class="text-end">2</td>')
    assert "never" in alexa  # has not signed in (force_login sets no last_login for them)
    mine = next(row for row in rows if manager.email in row)
    assert "Manager" in mine


def test_the_list_finds_people_by_name_or_email(manager_client):
    make_user(Role.AGENT, email="sam.lee@desk.test", first_name="Samira", last_name="Lee")
    make_user(Role.AGENT, email="kim@desk.test", first_name="Kim")
    html = manager_client.get("/people/?q=samira").content.decode()
    assert "sam.lee@desk.test" in html and "kim@desk.test" not in html
    html = manager_client.get("/people/?q=KIM@desk").content.decode()
    assert "kim@desk.test" in html and "sam.lee@desk.test" not in html
    assert "Nobody matches" in manager_client.get("/people/?q=zzz").content.decode()


def test_the_list_leaves_out_users_without_a_desk_role(manager_client, outsider):
    assert outsider.email not in manager_client.get("/people/").content.decode()
    assert manager_client.get(person_url(outsider)).status_code == 404


def test_the_pages_make_the_same_queries_for_many_people_and_cases(
        manager_client, agent, django_assert_num_queries):
    for _ in range(30):
        CaseFactory(by=make_user(Role.AGENT), assignee=make_user(Role.AGENT))
        CaseFactory(by=agent, assignee=agent)
    # 3 for the session, the manager (with their groups) and the nav's counts; then the page's
    for path, queries in [("/people/", 5), (person_url(agent), 7),
                          (f"/people/{agent.pk}/deactivate/", 6)]:
        with django_assert_num_queries(queries):
            assert manager_client.get(path).status_code == 200


def test_agents_are_refused_the_people_pages(agent_client, agent):
    for path in ("/people/", "/people/invite/", person_url(agent),
                 f"/people/{agent.pk}/deactivate/", "/people/approval-limits/"):
        assert agent_client.get(path).status_code == 403, path
    response = agent_client.post(person_url(agent), edit(agent, approval_limit="99999"))
    assert response.status_code == 403
    agent.refresh_from_db()
    assert agent.approval_limit is None


def test_the_nav_shows_people_to_managers_only(manager_client, agent_client):
    assert 'href="/people/"' in manager_client.get("/cases/").content.decode()
    assert 'href="/people/"' not in agent_client.get("/cases/").content.decode()


# -- changing a person ------------------------------------------------------------------


def test_a_manager_sets_an_agents_limit_and_name_and_the_page_shows_who_did(manager_client,
                                                                            agent, manager):
    response = manager_client.post(person_url(agent), edit(
        agent, first_name="Alexa", approval_limit="250.00"))
    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.first_name, agent.approval_limit) == ("Alexa", Decimal("250.00"))
    html = manager_client.get(person_url(agent)).content.decode()
    assert "Approval limit" in html and "the default → 250.00" in html
    assert f"by {manager.display_name}" in html and "Alexa" in html
    change = PeopleChange.objects.get(person=agent, what="approval_limit")
    assert change.by == manager


def test_a_blank_limit_returns_to_the_default(manager_client, agent):
    agent.approval_limit = Decimal("80")
    agent.save()
    manager_client.post(person_url(agent), edit(agent, approval_limit=""))
    agent.refresh_from_db()
    assert agent.approval_limit is None


@pytest.mark.parametrize("limit, message", [
    ("-5", "greater than or equal to 0"), ("lots", "Enter a number."),
    ("12345678901", "no more than 10 digits")])
def test_a_bad_limit_is_a_field_error_and_changes_nothing(manager_client, agent, limit,
                                                          message):
    response = manager_client.post(person_url(agent), edit(agent, approval_limit=limit,
                                                           first_name="Changed"))
    assert response.status_code == 200
    assert message in response.content.decode()
    agent.refresh_from_db()
    assert agent.approval_limit is None and agent.first_name != "Changed"
    assert not PeopleChange.objects.exists()


def test_a_name_of_two_lines_is_refused(manager_client, agent):
    response = manager_client.post(person_url(agent), edit(agent, first_name="Al\nBcc: x"))
    assert response.status_code == 200
    agent.refresh_from_db()
    assert "Bcc" not in agent.first_name


def test_a_manager_makes_an_agent_a_manager_and_back(manager_client, agent):
    manager_client.post(person_url(agent), edit(agent, role=Role.MANAGER))
    assert User.objects.get(pk=agent.pk).role == Role.MANAGER
    manager_client.post(person_url(agent), edit(agent, role=Role.AGENT))
    agent = User.objects.get(pk=agent.pk)
    assert agent.role == Role.AGENT and not agent.is_staff
    assert list(agent.groups.values_list("name", flat=True)) == [Role.AGENT]
    assert [(c.from_value, c.to_value) for c in agent.people_changes.filter(what="role")] == [
        (Role.MANAGER, Role.AGENT), (Role.AGENT, Role.MANAGER)]


def test_an_unknown_role_is_a_field_error(manager_client, agent):
    response = manager_client.post(person_url(agent), edit(agent, role="superuser"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert User.objects.get(pk=agent.pk).role == Role.AGENT


def test_the_last_active_manager_cannot_demote_themselves(manager_client, manager):
    response = manager_client.post(person_url(manager), edit(manager, role=Role.AGENT))
    assert response.status_code == 200
    assert "last active manager" in response.content.decode()
    assert User.objects.get(pk=manager.pk).role == Role.MANAGER
    make_user(Role.MANAGER)  # with another manager, they may
    response = manager_client.post(person_url(manager), edit(manager, role=Role.AGENT))
    assert response.status_code == 302
    assert User.objects.get(pk=manager.pk).role == Role.AGENT


def test_a_superuser_is_read_only_on_the_people_pages(manager_client, superuser):
    superuser.groups.add(Group.objects.get(name=Role.MANAGER))
    response = manager_client.post(person_url(superuser), edit(
        superuser, first_name="Changed", role=Role.AGENT))
    assert response.status_code == 200
    assert "changed in the admin only" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.first_name != "Changed" and superuser.is_superuser


# -- no way up --------------------------------------------------------------------------


FORGED = {"is_staff": "on", "is_superuser": "on", "user_permissions": ["1", "2"],
          "groups": ["1", "2"], "email": "taken-over@evil.example", "password": "x",
          "is_active": ""}


def test_a_forged_post_cannot_make_anyone_staff_or_superuser(manager_client, manager, agent):
    for person in (manager, agent):
        response = manager_client.post(person_url(person), {**edit(person), **FORGED})
        assert response.status_code == 302
        person.refresh_from_db()
        assert not (person.is_staff or person.is_superuser)
        assert person.user_permissions.count() == 0 and person.is_active
        assert person.email != "taken-over@evil.example"
    response = manager_client.post("/people/invite/", {
        "email": "new@desk.test", "role": Role.MANAGER, **{k: v for k, v in FORGED.items()
                                                            if k != "email"}})
    assert response.status_code == 302
    invited = User.objects.get(email="new@desk.test")
    assert not (invited.is_staff or invited.is_superuser) and invited.role == Role.MANAGER
    assert not invited.has_usable_password()


def test_the_forms_offer_no_staff_or_superuser_field(manager_client, agent):
    for path in (person_url(agent), "/people/invite/", f"/people/{agent.pk}/deactivate/"):
        html = manager_client.get(path).content.decode()
        assert 'name="is_staff"' not in html and 'name="is_superuser"' not in html
        assert 'name="groups"' not in html and 'name="email"' not in html or "invite" in path
