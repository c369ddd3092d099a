"""Timeline kinds are `EventKind` members: a misspelt kind fails loudly where it is written
(recording, or registering a listener), and every kind the desk records has a member."""

import pytest

from cases import timeline
from cases.models import EventKind, ReminderKind
from cases.models.reminder import ESCALATIONS

from ..factories import CaseFactory


@pytest.mark.django_db
def test_recording_a_misspelt_kind_raises_and_writes_nothing(agent):
    case = CaseFactory(by=agent)
    before = case.events.count()
    with pytest.raises(TypeError, match="EventKind"):
        timeline.record(case, "clsoed", by=agent)
    with pytest.raises(TypeError, match="EventKind"):
        timeline.record(case, "closed", by=agent)  # the right word, but not the member
    assert case.events.count() == before


def test_a_listener_for_a_misspelt_kind_fails_when_registered():
    with pytest.raises(TypeError, match="EventKind"):
        timeline.listen("clsoed")
    with pytest.raises(TypeError):
        timeline.listen()


@pytest.mark.django_db
def test_a_listener_hears_only_its_kinds(agent, monkeypatch):
    heard = []
    monkeypatch.setattr(timeline, "_listeners", type(timeline._listeners)(list))
    timeline.listen(EventKind.NOTE)(heard.append)
    case = CaseFactory(by=agent)
    event = timeline.record(case, EventKind.NOTE, by=agent, note="Called the customer")
    timeline.record(case, EventKind.EDITED, by=agent)
    assert heard == [event] and event.kind == "note"


def test_every_reminder_the_timeline_records_has_a_kind():
    for kind in ReminderKind:
        if kind not in ESCALATIONS:
            assert EventKind(f"reminder_{kind}").label.startswith("Reminder")
