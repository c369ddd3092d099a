"""A commitment changed in the admin (a superuser's) goes through the domain, as on the case
page: the timeline says who moved it, its reminders move with it, and a kept promise is kept
only by "Mark kept" (never by typing a date)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from cases import work
from cases.models import Commitment, Reminder, ReminderKind

from ..factories import make_user


@pytest.fixture
def commitment(make_case, agent):
    case = make_case(by=agent, assignee=agent)
    return work.add_commitment(case, "We call you back with the courier's answer",
                               timezone.now() + timedelta(days=2), by=agent)


def change_url(commitment):
    return f"/admin/cases/commitment/{commitment.pk}/change/"


def form(commitment, *, owner=None, due_at=None, **more):
    due = timezone.localtime(due_at or commitment.due_at)
    return {"owner": (owner or commitment.owner).pk, "due_at_0": due.strftime("%Y-%m-%d"),
            "due_at_1": due.strftime("%H:%M:%S"), **more}


def pending(commitment):
    return {r.kind: r.due_at for r in Reminder.objects.filter(commitment=commitment).pending()}


def test_moving_a_commitment_in_the_admin_is_on_the_timeline_and_moves_its_reminders(
        root_client, superuser, commitment):
    new_owner = make_user(Role.AGENT)
    new_due = (timezone.now() + timedelta(days=5)).replace(microsecond=0)

    response = root_client.post(change_url(commitment),
                                   form(commitment, owner=new_owner, due_at=new_due))

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.owner == new_owner and commitment.due_at == new_due
    event = commitment.case.events.get(kind="commitment_changed")
    assert event.actor == superuser
    assert event.data["commitment"] == commitment.pk
    assert event.note == commitment.description
    assert pending(commitment) == {
        ReminderKind.COMMITMENT_DUE: new_due - timedelta(hours=24),
        ReminderKind.COMMITMENT_OVERDUE: new_due + timedelta(hours=2),
    }


def test_a_kept_date_or_new_wording_cannot_be_typed_in(root_client, commitment):
    kept = timezone.localtime() - timedelta(days=1)
    root_client.post(change_url(commitment), form(
        commitment, description="We promised nothing", kept_at_0=kept.strftime("%Y-%m-%d"),
        kept_at_1=kept.strftime("%H:%M:%S")))

    commitment.refresh_from_db()
    assert commitment.kept_at is None
    assert commitment.description == "We call you back with the courier's answer"
    assert len(pending(commitment)) == 2
    assert not commitment.case.events.filter(kind__startswith="commitment_").exclude(
        kind="commitment_added").exists()


def test_mark_kept_in_the_admin_keeps_it_through_the_domain(root_client, superuser,
                                                            commitment):
    response = root_client.post("/admin/cases/commitment/", {
        "action": "mark_kept", "_selected_action": [commitment.pk]})

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.kept_at is not None
    assert commitment.case.events.get(kind="commitment_kept").actor == superuser
    assert pending(commitment) == {}


def test_a_due_time_in_the_past_is_refused_with_the_form_and_nothing_changes(
        root_client, commitment):
    before = commitment.due_at
    response = root_client.post(change_url(commitment), form(
        commitment, due_at=timezone.now() - timedelta(days=1)))

    assert response.status_code == 200
    assert "must be due in the future" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.due_at == before
    assert not commitment.case.events.filter(kind="commitment_changed").exists()


def test_saving_the_form_unchanged_records_nothing(root_client, commitment):
    response = root_client.post(change_url(commitment), form(commitment))
    assert response.status_code == 302
    assert not commitment.case.events.filter(kind="commitment_changed").exists()
    assert Commitment.objects.get(pk=commitment.pk).due_at == commitment.due_at


def test_commitments_are_not_deleted_in_the_admin_even_by_a_superuser(root_client, commitment):
    assert root_client.post(f"/admin/cases/commitment/{commitment.pk}/delete/",
                               {"post": "yes"}).status_code == 403
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_a_kept_commitment_is_read_only_in_the_admin(root_client, agent, commitment):
    work.keep_commitment(commitment, by=agent)
    page = root_client.get(change_url(commitment))
    assert page.status_code == 200 and 'name="due_at_0"' not in page.content.decode()
    root_client.post(change_url(commitment), form(
        commitment, due_at=timezone.now() + timedelta(days=9)))
    assert Commitment.objects.get(pk=commitment.pk).due_at == commitment.due_at


def test_only_someone_at_the_desk_can_own_a_commitment(root_client, outsider, commitment):
    response = root_client.post(change_url(commitment), form(commitment, owner=outsider))
    assert response.status_code == 200
    assert "is not an agent or manager" in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).owner == commitment.owner


def test_the_case_page_shows_the_move_on_the_timeline(root_client, agent_client, commitment):
    root_client.post(change_url(commitment), form(
        commitment, due_at=timezone.now() + timedelta(days=4)))
    page = agent_client.get(commitment.case.get_absolute_url())
    assert page.status_code == 200 and "Commitment moved" in page.content.decode()
