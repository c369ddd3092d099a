"""One case at /cases/<reference>/: header, stepper, timeline, notes, assignment."""

import pytest
from django.urls import reverse

from apologies import flow
from cases import work
from cases.intake import CustomerDetails

from ..apologies.steps import GOOD
from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


def url(case, name="detail"):
    return reverse(f"cases:{name}", kwargs={"reference": case.reference})


@pytest.fixture
def case(agent):
    return CaseFactory(
        customer=CustomerDetails(email="chen@example.com", name="Chen Wei", company="Wei Ltd"),
        title="Checkout down during the sale",
        severity="critical",
        by=agent,
    )


def test_anonymous_is_sent_to_sign_in(client, case):
    assert client.get(url(case))["Location"].startswith("/accounts/login/")


def test_outsider_is_refused(client, outsider, case):
    client.force_login(outsider)
    assert client.get(url(case)).status_code == 403
    assert client.post(url(case, "note"), {"text": "hi"}).status_code == 403
    assert client.post(url(case, "assign"), {"assignee": "me"}).status_code == 403
    assert case.events.count() == 1


def test_unknown_reference_is_a_friendly_404(agent_client):
    response = agent_client.get("/cases/SR-2026-999999/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_header_shows_customer_severity_status_assignee_and_sla_timers(agent_client, case):
    page = agent_client.get(url(case)).content.decode()
    for text in [case.reference, "Checkout down during the sale", "Chen Wei", "chen@example.com",
                 "Wei Ltd", "Critical", "Open", "Nobody yet", "First response", "Resolution",
                 "left"]:
        assert text in page, text


def test_stepper_names_the_five_steps_and_marks_the_next(agent_client, case):
    response = agent_client.get(url(case))
    steps = response.context["steps"]
    assert [s["label"] for s in steps] == [
        "Restore lost value", "Acknowledge responsibility", "Explain the problem",
        "Describe the fix", "Express regret",
    ]
    assert [s["state"] for s in steps] == ["next", "todo", "todo", "todo", "todo"]
    assert 'aria-current="step"' in response.content.decode()


def test_stepper_follows_the_apology(agent_client, agent, case):
    for key in ("restore_value", "acknowledge"):
        flow.complete_step(case, key, dict(GOOD[key]), by=agent)
    steps = agent_client.get(url(case)).context["steps"]
    assert [s["state"] for s in steps] == ["done", "done", "next", "todo", "todo"]


def test_assign_to_me(agent_client, agent, case):
    response = agent_client.post(url(case, "assign"), {"assignee": "me"}, follow=True)
    case.refresh_from_db()
    assert case.assignee == agent
    assert "is assigned to you" in response.content.decode()
    event = case.events.last()
    assert (event.kind, event.actor, event.to_value) == ("assigned", agent, agent.email)


def test_reassign_to_a_colleague_and_back_to_nobody(agent_client, agent, other_agent, case):
    agent_client.post(url(case, "assign"), {"assignee": other_agent.email})
    case.refresh_from_db()
    assert case.assignee == other_agent
    agent_client.post(url(case, "assign"), {"assignee": ""})
    case.refresh_from_db()
    assert case.assignee is None
    assert list(case.events.values_list("kind", "from_value", "to_value")) == [
        ("opened", "", "open"),
        ("assigned", "", other_agent.email),
        ("unassigned", other_agent.email, ""),
    ]


def test_reassigning_to_a_stranger_is_refused(agent_client, case):
    response = agent_client.post(url(case, "assign"), {"assignee": "nobody@example.com"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    case.refresh_from_db()
    assert case.assignee is None


def test_assignment_cannot_go_to_a_user_without_a_role(agent, outsider, case):
    from recovery.errors import RecoveryError

    with pytest.raises(RecoveryError):
        work.assign(case, outsider, by=agent)


def test_assign_needs_post(agent_client, case):
    assert agent_client.get(url(case, "assign")).status_code == 405


def test_a_note_lands_on_the_timeline_with_who_and_when(agent_client, agent, case):
    response = agent_client.post(
        url(case, "note"), {"text": "Customer called back <b>angry</b>"}, follow=True
    )
    page = response.content.decode()
    assert "Customer called back &lt;b&gt;angry&lt;/b&gt;" in page  # escaped
    assert "Alex Agent" in page
    note = case.events.get(kind="note")
    assert (note.actor, note.note) == (agent, "Customer called back <b>angry</b>")


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001, "nul\x00"])
def test_a_bad_note_is_a_field_error(agent_client, case, text):
    response = agent_client.post(url(case, "note"), {"text": text})
    assert response.status_code == 200
    assert response.context["note_form"].errors["text"]
    assert not case.events.filter(kind="note").exists()


def test_timeline_shows_events_oldest_first(agent_client, agent, case):
    work.add_note(case, "first note", by=agent)
    work.add_note(case, "second note", by=agent)
    page = agent_client.get(url(case)).content.decode()
    assert page.index("Case opened") < page.index("first note") < page.index("second note")
