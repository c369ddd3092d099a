"""The queue's bulk bar (POST /cases/bulk/): assign, unassign, change severity and add a tag
to the chosen cases, each through its one-by-one door (one timeline event per case), the
skipped ones named, bad input refused before anything changes, back to the same queue."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cases import bulk, work
from cases.models import Case, CaseEvent, EventKind

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
BULK = reverse("cases:bulk")
QUEUE = reverse("cases:queue")
BACK = f"{QUEUE}?severity=medium&sort=oldest&page=1"


def post(client, action, cases, **fields):
    data = {"action": action, "case": [getattr(c, "reference", c) for c in cases],
            "next": BACK, **fields}
    return client.post(BULK, data)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def events(case, kind) -> int:
    return CaseEvent.objects.filter(case=case, kind=kind).count()


def test_the_queue_shows_the_bar_as_a_form_that_works_without_script(agent_client, other_agent):
    CaseFactory()
    page = agent_client.get(QUEUE).content.decode()
    assert f'action="{BULK}"' in page and 'method="post"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    for words in ('for="bulk-assignee">Assign to', 'for="bulk-severity">Severity',
                  'for="bulk-tag">Tag', "Choose all on this page", 'id="bulk-count"',
                  'aria-live="polite"', f'value="{other_agent.email}">Sam Second',
                  'value="none">Nobody (unassign)', 'value="critical">Critical',
                  "/static/js/bulk-actions.js"):
        assert words in page, words
    # the old "Add to incident" form that sent the ticks to another page is folded in
    assert 'action="/incidents/link/"' not in page
    assert "No open incident." in page  # none open: the bar says so, and links to start one


def test_agent_assigns_the_chosen_cases_to_a_colleague_each_on_its_timeline(
        agent_client, agent, other_agent):
    cases = [CaseFactory() for _ in range(3)]
    response = post(agent_client, "assign", cases, assignee=other_agent.email)
    assert response.status_code == 302 and response["Location"] == BACK
    refs = ", ".join(c.reference for c in cases)
    assert said(response) == [f"3 cases assigned to Sam Second: {refs}."]
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == other_agent
        assert events(case, EventKind.ASSIGNED) == 1
        event = case.events.get(kind=EventKind.ASSIGNED)
        assert (event.actor, event.to_value) == (agent, other_agent.email)


def test_assign_to_me_and_unassign(agent_client, agent, other_agent):
    mine, theirs, nobodys = CaseFactory(), CaseFactory(), CaseFactory()
    work.assign(theirs, other_agent, by=other_agent)
    response = post(agent_client, "assign", [mine, theirs], assignee="me")
    assert said(response) == [f"2 cases assigned to Alex Agent: {mine.reference}, "
                              f"{theirs.reference}."]
    agent_client.get(QUEUE)  # the messages read
    response = post(agent_client, "assign", [mine, theirs, nobodys], assignee="none")
    assert said(response) == [f"2 cases unassigned: {mine.reference}, {theirs.reference}. "
                              f"1 already was: {nobodys.reference}."]
    assert not Case.objects.filter(assignee__isnull=False).exists()
    assert events(nobodys, EventKind.UNASSIGNED) == 0
    assert events(mine, EventKind.UNASSIGNED) == events(theirs, EventKind.UNASSIGNED) == 1


def test_a_case_already_so_records_nothing(agent_client, other_agent):
    case = CaseFactory()
    work.assign(case, other_agent, by=other_agent)
    response = post(agent_client, "assign", [case], assignee=other_agent.email)
    assert said(response) == [f"Nothing to change: {case.reference} was already assigned to "
                              "Sam Second."]
    assert events(case, EventKind.ASSIGNED) == 1  # the first assignment only


def test_manager_changes_severity_and_the_targets_move(manager_client):
    cases = [CaseFactory(severity="low") for _ in range(2)]
    before = [c.first_response_due_at for c in cases]
    response = post(manager_client, "severity", cases, severity="critical")
    assert said(response) == [f"2 cases set to critical severity: {cases[0].reference}, "
                              f"{cases[1].reference}."]
    for case, due in zip(cases, before, strict=True):
        case.refresh_from_db()
        assert case.severity == "critical" and case.first_response_due_at < due
        event = case.events.get(kind=EventKind.EDITED)
        assert event.data["changes"] == {"severity": ["low", "critical"]}


def test_a_tag_is_added_to_the_tags_each_case_has(agent_client):
    tagged, plain, has_it = CaseFactory(), CaseFactory(), CaseFactory()
    Case.objects.filter(pk=tagged.pk).update(tags=["refund"])
    Case.objects.filter(pk=has_it.pk).update(tags=["VIP"])
    response = post(agent_client, "tag", [tagged, plain, has_it], tag=" vip ")
    assert said(response) == [f"2 cases tagged “vip”: {tagged.reference}, {plain.reference}. "
                              f"1 already was: {has_it.reference}."]
    assert Case.objects.get(pk=tagged.pk).tags == ["refund", "vip"]
    assert Case.objects.get(pk=plain.pk).tags == ["vip"]
    assert Case.objects.get(pk=has_it.pk).tags == ["VIP"]
    assert [events(c, EventKind.EDITED) for c in (tagged, plain, has_it)] == [1, 1, 0]


def test_cases_the_rules_refuse_are_skipped_and_named_the_others_changed(agent_client):
    full, fine = CaseFactory(), CaseFactory()
    Case.objects.filter(pk=full.pk).update(tags=[f"t{n}" for n in range(bulk.MAX_TAGS)])
    response = post(agent_client, "tag", [full, "RD-2026-999999", fine, "x" * 500], tag="vip")
    assert said(response) == [
        f"1 case tagged “vip”: {fine.reference}.",
        f"3 skipped: {full.reference} (it has 20 tags already, the most a case may have), "
        f"RD-2026-999999 (no such case), {'x' * 40} (no such case).",
    ]
    assert events(full, EventKind.EDITED) == 0 and len(Case.objects.get(pk=full.pk).tags) == 20
    assert Case.objects.get(pk=fine.pk).tags == ["vip"]


def test_a_case_changed_meanwhile_is_skipped_not_overwritten(agent_client, agent, monkeypatch):
    case = CaseFactory()
    real_edit = work.edit_case

    def someone_else_first(on, changes, **kwargs):  # a tag added in another tab just now
        Case.objects.filter(pk=on.pk).update(tags=["theirs"], updated_at=on.updated_at.replace(
            year=on.updated_at.year + 1))
        return real_edit(on, changes, **kwargs)

    monkeypatch.setattr(work, "edit_case", someone_else_first)
    response = post(agent_client, "tag", [case], tag="mine")
    assert said(response) == [f"1 skipped: {case.reference} (Someone else changed this case "
                              "since you opened it: reload it and try again)."]
    assert Case.objects.get(pk=case.pk).tags == ["theirs"]


@pytest.mark.parametrize(("action", "fields", "message"), [
    ("assign", {}, "Choose who to assign the cases to."),
    ("assign", {"assignee": "stranger@example.com"},
     "stranger@example.com is not an agent or manager at the desk."),
    ("severity", {}, "Choose the severity to set."),
    ("severity", {"severity": "catastrophic"},
     "catastrophic is no severity: choose low, medium, high or critical."),
    ("tag", {"tag": "  "}, "Write the tag to add."),
    ("tag", {"tag": "a,b"}, "One tag of up to 50 characters, without commas."),
    ("tag", {"tag": "x" * 51}, "One tag of up to 50 characters, without commas."),
    ("tag", {"tag": "two\nlines"}, "A tag is one line of text."),
    ("", {}, "Choose what to do with the chosen cases."),
    ("explode", {}, "Choose what to do with the chosen cases."),
])
def test_bad_input_says_what_is_wrong_and_changes_nothing(agent_client, action, fields,
                                                          message):
    case = CaseFactory()
    before = CaseEvent.objects.count()
    response = post(agent_client, action, [case], **fields)
    assert response.status_code == 302 and response["Location"] == BACK
    assert said(response) == [message]
    assert CaseEvent.objects.count() == before


def test_nothing_chosen_or_too_many_is_refused(agent_client, other_agent):
    response = post(agent_client, "assign", [], assignee=other_agent.email)
    assert said(response) == ["Choose at least one case: tick it in the queue."]
    agent_client.get(QUEUE)  # the message read
    too_many = [f"RD-2026-{n}" for n in range(bulk.MAX_CASES + 1)]
    response = post(agent_client, "assign", too_many, assignee=other_agent.email)
    assert said(response) == ["Choose at most 100 cases at once (101 were chosen)."]


@pytest.mark.parametrize("wanted", [
    "https://evil.example.com/cases/", "//evil.example.com/cases/?x=1", "/cases/new/",
    "/incidents/", "javascript:alert(1)", "",
])
def test_back_goes_only_to_the_queue(agent_client, wanted):
    case = CaseFactory()
    response = agent_client.post(BULK, {"action": "tag", "tag": "x", "case": case.reference,
                                        "next": wanted})
    assert response["Location"] == QUEUE


def test_only_post_with_a_csrf_token(agent, other_agent):
    case = CaseFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    assert browser.get(BULK).status_code == 405
    refused = browser.post(BULK, {"action": "assign", "assignee": other_agent.email,
                                  "case": case.reference})
    assert refused.status_code == 403
    assert Case.objects.get(pk=case.pk).assignee is None


def test_people_without_a_desk_role_cannot(client, outsider):
    case = CaseFactory()
    assert client.post(BULK, {"action": "tag", "tag": "x", "case": case.reference}
                       )["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.post(BULK, {"action": "tag", "tag": "x", "case": case.reference}
                       ).status_code == 403
    assert Case.objects.get(pk=case.pk).tags == []


@pytest.mark.parametrize(("action", "fields", "fixed", "per_case"), [
    # once: session, person (with their groups), (the assignee), the chosen cases; per case: a
    # savepoint or transaction, the lock, the update, the event — and for a new severity the
    # reminders moved, as one by one (the SLA targets and calendar are kept by the process)
    ("assign", {"assignee": "sam"}, 5, 5),
    ("severity", {"severity": "high"}, 3, 9),
    ("tag", {"tag": "vip"}, 3, 5),
])
def test_queries_grow_by_a_few_per_case_not_more(agent_client, other_agent, action, fields,
                                                 fixed, per_case, django_assert_num_queries):
    """Each case goes through its own door (lock, write, event: a few queries); what the
    request reads once (the session, the person, the cases, the target) stays once."""
    if fields.get("assignee") == "sam":
        fields = {"assignee": other_agent.email}
    cases = [CaseFactory() for _ in range(21)]
    agent_client.get(QUEUE)  # the session's first read done
    with django_assert_num_queries(fixed + 1 * per_case):
        post(agent_client, action, cases[:1], **fields)
    with django_assert_num_queries(fixed + 20 * per_case):
        response = post(agent_client, action, cases[1:], **fields)
    assert said(response)[-1].startswith("20 cases")
