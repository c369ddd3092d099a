"""On close, the apology becomes an archived apology: a snapshot that later edits never
change, with the survey's answer added when it arrives."""

import pytest

from apologies import flow, surveys
from archive.models import ArchivedApology, Outcome
from cases import work

from ..factories import CaseFactory
from .helpers import closed_case

pytestmark = pytest.mark.django_db


def test_closing_a_case_archives_its_apology_with_its_context(agent):
    case = closed_case(agent, title="Vase broken in transit")
    archived = ArchivedApology.objects.get(case=case)
    assert archived.title == "Vase broken in transit"
    assert archived.acknowledge.startswith("We made a mistake")
    assert (archived.remedy_type, str(archived.cost), archived.currency) == ("refund", "45.00",
                                                                            "EUR")
    assert archived.category.slug == "shipping" and archived.agent == agent
    assert archived.subject == case.message.subject and archived.message == case.message.text
    assert archived.time_to_first_response is not None
    assert archived.time_to_resolution >= archived.time_to_first_response
    assert archived.outcome == Outcome.NO_ANSWER
    assert case.events.filter(kind="archived").count() == 1


def test_later_edits_of_the_case_never_change_the_snapshot(agent):
    case = closed_case(agent, title="Original title")
    flow.reopen(case, by=agent)
    work.edit_case(case, {"title": "Renamed later", "severity": "critical"}, by=agent)
    flow.resolve(case, by=agent)
    flow.close(case, by=agent)
    archived = ArchivedApology.objects.get(case=case)
    assert (archived.title, archived.severity) == ("Original title", "medium")
    assert ArchivedApology.objects.count() == 1


def test_a_case_is_not_archived_before_it_closes(agent):
    case = CaseFactory(by=agent)
    assert not ArchivedApology.objects.filter(case=case).exists()


def test_the_survey_answer_arriving_later_is_added(agent):
    case = closed_case(agent)
    surveys.record_answer(case, csat=5, nps=9, comment="Really well handled")
    archived = ArchivedApology.objects.get(case=case)
    assert (archived.csat, archived.nps, archived.outcome) == (5, 9, Outcome.RECOVERED)
    assert archived.survey_comment == "Really well handled"


def test_a_low_score_reopens_the_case_and_marks_the_outcome(agent):
    case = closed_case(agent)
    surveys.record_answer(case, csat=1, nps=2)
    assert ArchivedApology.objects.get(case=case).outcome == Outcome.NOT_RECOVERED
