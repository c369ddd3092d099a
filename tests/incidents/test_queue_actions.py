""""Add to incident" in the queue's bulk bar: each chosen case linked as from its own page
(one timeline event each), a case whose apology was already sent skipped and named."""

import pytest
from django.contrib.messages import get_messages

from cases.models import CaseEvent, EventKind
from incidents import linking
from incidents.models import IncidentStatus

from ..archive.helpers import closed_case
from ..factories import CaseFactory
from .helpers import make_incident

pytestmark = pytest.mark.django_db
BACK = "/cases/?assignee=none"


def add(client, cases, incident):
    return client.post("/cases/bulk/", {"action": "incident", "incident": incident,
                                        "case": [c.reference for c in cases], "next": BACK})


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_bar_offers_the_open_incidents(agent_client, agent):
    incident = make_incident(agent)
    resolved = make_incident(agent, title="Old outage")
    linking.save_incident(resolved, {"status": IncidentStatus.RESOLVED}, None, by=agent)
    CaseFactory()
    page = agent_client.get("/cases/").content.decode()
    assert f'<option value="{incident.pk}">{incident.reference} Checkout outage</option>' in page
    assert "Old outage" not in page
    assert 'for="bulk-incident">Incident' in page and ">Add to incident</button>" in page


def test_chosen_cases_join_the_incident_and_a_sent_one_is_skipped(agent_client, agent):
    incident = make_incident(agent)
    fresh = [CaseFactory(by=agent) for _ in range(2)]
    sent = closed_case(agent)
    already = CaseFactory(by=agent)
    linking.link(incident, [already], by=agent)
    response = add(agent_client, [*fresh, sent, already], incident.pk)
    assert response["Location"] == BACK
    assert said(response) == [
        f"2 cases added to {incident.reference}: {fresh[0].reference}, {fresh[1].reference}. "
        f"1 already was: {already.reference}.",
        f"1 skipped: {sent.reference} (its apology was already sent).",
    ]
    assert set(incident.cases.all()) == {*fresh, already}
    for case in [*fresh, already]:
        assert CaseEvent.objects.filter(case=case, kind=EventKind.INCIDENT_LINKED).count() == 1
    assert not CaseEvent.objects.filter(case=sent, kind=EventKind.INCIDENT_LINKED).exists()


@pytest.mark.parametrize("chosen", ["", "999", "abc", "resolved"])
def test_no_such_open_incident_links_nothing(agent_client, agent, chosen):
    incident = make_incident(agent)
    if chosen == "resolved":
        linking.save_incident(incident, {"status": IncidentStatus.RESOLVED}, None, by=agent)
        chosen = incident.pk
    case = CaseFactory(by=agent)
    response = add(agent_client, [case], chosen)
    assert said(response) == ["Choose the incident to add the cases to." if chosen == "" else
                              "There is no such open incident: choose one from the list."]
    assert not incident.cases.exists()


def test_queries_grow_by_a_few_per_case(agent_client, agent, django_assert_num_queries):
    incident = make_incident(agent)
    cases = [CaseFactory(by=agent) for _ in range(21)]
    agent_client.get("/cases/")
    # once: session, person (with their groups), incident, cases; per case: its transaction
    # (here a savepoint and its release), the lock, the update, the event
    with django_assert_num_queries(4 + 1 * 5):
        add(agent_client, cases[:1], incident.pk)
    with django_assert_num_queries(4 + 20 * 5):
        add(agent_client, cases[1:], incident.pk)
    assert incident.cases.count() == 21
