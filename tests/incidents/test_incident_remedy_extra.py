"""An incident's run keeps a case's own remedy whole: the extra of a personalised remedy, and
of a remedy drafted (say from the archive), goes out with it; the tier defaults have none and
still go out (no extra is a warning, never a refusal)."""

from decimal import Decimal

import pytest

from apologies import flow
from apologies.models import ApologyStep
from cases.intake import CustomerDetails
from incidents import linking, sending
from incidents.models import Incident

from ..factories import CaseFactory
from .helpers import REMEDIES, TEXTS, make_incident

pytestmark = pytest.mark.django_db

EXTRA = {"extra_type": "expedite", "extra_description": "Priority support for a year",
         "extra_value_to_customer": Decimal("25.00"), "extra_cost": Decimal("2.00")}
OWN = {"content": "We have added a 15 euro credit to your account.", "remedy_type": "credit",
       "value_to_customer": Decimal("15.00"), "cost": Decimal("15.00"), "currency": "EUR"}


def test_the_run_sends_personalised_and_drafted_extras_and_defaults_without(
        manager, agent, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    plain, personalised, drafted = (
        CaseFactory(by=agent, customer=CustomerDetails(email=f"{name}@example.com"))
        for name in ("plain", "own", "draft"))
    linking.link(incident, [plain, personalised, drafted], by=agent)
    linking.personalise(personalised, remedy={**OWN, **EXTRA}, by=agent)
    flow.draft_steps(drafted, {"restore_value": {**OWN, **EXTRA}}, by=agent, source="test")

    with django_capture_on_commit_callbacks(execute=True):
        bulk = sending.start(incident, by=manager)
    bulk.refresh_from_db()

    assert sending.progress(bulk)["sent"] == 3
    steps = {step.case_id: step for step in ApologyStep.objects.filter(key="restore_value")}
    assert not steps[plain.pk].has_extra and steps[plain.pk].is_complete
    for case in (personalised, drafted):
        step = steps[case.pk]
        assert (step.extra_type, step.total_cost) == ("expedite", Decimal("17.00"))


def test_a_tiers_default_remedy_carries_its_extra_to_each_customer(
        manager, agent, django_capture_on_commit_callbacks):
    gold_extra = {"tier": "gold", "remedy_type": "credit", "content": "A 40 euro credit.",
                  "value_to_customer": Decimal("40.00"), "cost": Decimal("40.00"),
                  "currency": "EUR", **EXTRA}
    incident = make_incident(manager, remedies=[REMEDIES[0], gold_extra])
    gold = CaseFactory(by=agent, customer=CustomerDetails(email="g@example.com", tier="gold"))
    standard = CaseFactory(by=agent, customer=CustomerDetails(email="s@example.com"))
    linking.link(incident, [gold, standard], by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(incident, by=manager)
    steps = {step.case_id: step for step in ApologyStep.objects.filter(key="restore_value")}
    assert steps[gold.pk].extra_description == "Priority support for a year"
    assert steps[gold.pk].total_cost == Decimal("42.00")
    assert not steps[standard.pk].has_extra


def _form(**changes):
    data = {"title": "Checkout outage", "status": "investigating",
            "started_at": "2026-11-20T14:00", "summary": "Orders failed for two hours.",
            **TEXTS, "root_cause": "", "remedies-TOTAL_FORMS": "4",
            "remedies-INITIAL_FORMS": "0", "remedies-MIN_NUM_FORMS": "4",
            "remedies-MAX_NUM_FORMS": "4"}
    for n, tier in enumerate(["standard", "silver", "gold", "platinum"]):
        data[f"remedies-{n}-tier"] = tier
    data.update({"remedies-0-remedy_type": "credit", "remedies-0-content": "A 10 euro credit.",
                 "remedies-0-value_to_customer": "10", "remedies-0-cost": "10"})
    data.update(changes)
    return data


def test_the_incident_page_takes_a_tiers_extra_all_or_nothing(agent_client):
    half = agent_client.post("/incidents/new/", _form(**{"remedies-0-extra_type": "gift"}))
    assert half.status_code == 400 and "Say what the extra is." in half.content.decode()
    assert not Incident.objects.exists()
    whole = agent_client.post("/incidents/new/", _form(**{
        "remedies-0-extra_type": "gift", "remedies-0-extra_description": "A free month",
        "remedies-0-extra_value_to_customer": "9", "remedies-0-extra_cost": "1"}))
    assert whole.status_code == 302
    remedy = Incident.objects.get().remedies.get()
    assert (remedy.extra_type, remedy.total_cost) == ("gift", Decimal("11.00"))
    page = agent_client.get(Incident.objects.get().get_absolute_url()).content.decode()
    assert "Gift: A free month" in page


def test_the_api_takes_and_shows_a_tiers_extra(agent_api):
    body = {"title": "Checkout outage", "summary": "Orders failed.", **TEXTS,
            "root_cause": "system", "remedies": [{
                "tier": "standard", "remedy_type": "credit", "content": "A 10 euro credit.",
                "value_to_customer": "10.00", "cost": "10.00", "extra_type": "gift",
                "extra_description": "A free month", "extra_value_to_customer": "9.00",
                "extra_cost": "1.00"}]}
    response = agent_api.post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["remedies"][0]["extra_description"] == "A free month"
    body["remedies"][0].pop("extra_cost")
    refused = agent_api.post("/api/v1/incidents/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["remedies"][0] == {"extra_cost": ["What does the extra cost us?"]}


def test_personalising_starts_from_the_tiers_extra_and_keeps_it(agent_client, agent, manager):
    gold_extra = {"tier": "gold", "remedy_type": "credit", "content": "A 40 euro credit.",
                  "value_to_customer": Decimal("40.00"), "cost": Decimal("40.00"),
                  "currency": "EUR", **EXTRA}
    incident = make_incident(manager, remedies=[REMEDIES[0], gold_extra])
    case = CaseFactory(by=agent, remedy_requested="Just fix it, please.",
                       customer=CustomerDetails(email="g@example.com", tier="gold"))
    linking.link(incident, [case], by=agent)
    url = f"/incidents/cases/{case.reference}/personalise/"
    form = agent_client.get(url).content.decode()
    assert 'value="Priority support for a year"' in form
    assert "The customer asked for:" in form and "Just fix it, please." in form
    body = {"content": "A 40 euro credit.", "remedy_type": "credit",
            "value_to_customer": "40", "cost": "40", "extra_type": "expedite",
            "extra_description": "Priority support for a year",
            "extra_value_to_customer": "25", "extra_cost": "", "regret": TEXTS["regret"]}
    half = agent_client.post(url, body)
    assert half.status_code == 400 and "What does the extra cost us?" in half.content.decode()
    assert agent_client.post(url, {**body, "extra_cost": "2"}).status_code == 302
    step = ApologyStep.objects.get(case=case, key="restore_value")
    assert step.is_complete and step.extra_type == "expedite"
