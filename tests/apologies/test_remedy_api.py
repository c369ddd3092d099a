"""The remedy's two parts over the API: the extra in and out of
`POST /api/v1/cases/{reference}/apology/steps/restore_value/` and `GET …/apology/`, the
totals and value per unit of cost, the warning when there is no extra, the customer's
request beside it, and the total cost (and the customer's tier) deciding the approval."""

from decimal import Decimal

import pytest

from apologies.models import ApologyStep, RemedyApproval, TierApprovalLimit
from cases.intake import CustomerDetails

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db

MAKE_WHOLE = {"content": "We have refunded the full price of the vase.",
              "remedy_type": "refund", "value_to_customer": "80.00", "cost": "45.00"}
EXTRA = {"extra_type": "gift", "extra_description": "A hand-painted vase cloth",
         "extra_value_to_customer": "20.00", "extra_cost": "4.00"}


def case_for(agent, tier="standard", remedy_requested=""):
    return CaseFactory(by=agent, assignee=agent, remedy_requested=remedy_requested,
                       customer=CustomerDetails(email=f"{tier}@example.fr", tier=tier))


def step_url(case):
    return f"/api/v1/cases/{case.reference}/apology/steps/restore_value/"


def restore_row(body):
    return next(row for row in body["steps"] if row["key"] == "restore_value")


def test_the_extra_goes_in_and_comes_out_with_totals_and_ratio(agent_api, agent):
    case = case_for(agent, remedy_requested="A new vase, or my money back.")
    response = agent_api.post(step_url(case), {**MAKE_WHOLE, **EXTRA}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["warnings"] == []
    row = restore_row(body)
    assert {name: row[name] for name in (*EXTRA, "total_cost", "total_value_to_customer",
                                         "value_for_cost")} == {
        **EXTRA, "total_cost": "49.00", "total_value_to_customer": "100.00",
        "value_for_cost": "2.04"}
    assert (row["cost"], row["value_to_customer"]) == ("45.00", "80.00")  # make whole
    read = agent_api.get(f"/api/v1/cases/{case.reference}/apology/").json()
    assert restore_row(read)["extra_description"] == "A hand-painted vase cloth"
    assert read["remedy_requested"] == "A new vase, or my money back."
    ack = next(row for row in read["steps"] if row["key"] == "acknowledge")
    assert "extra_type" not in ack and "total_cost" not in ack


def test_without_an_extra_the_step_completes_with_a_warning(agent_api, agent):
    case = case_for(agent)
    response = agent_api.post(step_url(case), MAKE_WHOLE, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [warning["code"] for warning in body["warnings"]] == ["no_extra"]
    assert "No extra yet" in body["warnings"][0]["message"]
    row = restore_row(body)
    assert row["state"] == "done"
    assert (row["extra_type"], row["extra_cost"], row["total_cost"]) == (None, None, "45.00")
    assert row["value_for_cost"] == "1.78"


def test_an_extra_given_in_part_is_400_naming_the_missing_fields(agent_api, agent):
    case = case_for(agent)
    response = agent_api.post(step_url(case), {**MAKE_WHOLE, "extra_type": "gift",
                                               "extra_cost": "4.00"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "extra_description": ["Say what the extra is."],
        "extra_value_to_customer": ["What is the extra worth to the customer?"],
    }
    assert not ApologyStep.objects.filter(case=case).exists()


@pytest.mark.parametrize("field, value", [
    ("extra_cost", "four euros"), ("extra_cost", "-1.00"), ("extra_value_to_customer", "1e400"),
    ("extra_type", "yacht"), ("extra_cost", "1.005"),
])
def test_a_bad_extra_field_is_400(agent_api, agent, field, value):
    case = case_for(agent)
    response = agent_api.post(step_url(case), {**MAKE_WHOLE, **EXTRA, field: value},
                              format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not ApologyStep.objects.filter(case=case).exists()


def test_the_extra_pushing_the_total_over_the_limit_waits_for_approval(
        agent_api, manager_api, agent, settings):
    settings.APPROVAL_LIMIT = Decimal("48.00")  # make whole 45: within; + extra 4: over
    case = case_for(agent)
    response = agent_api.post(step_url(case), {**MAKE_WHOLE, **EXTRA}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert restore_row(body)["state"] == "waiting_for_approval"
    approval = body["approval"]
    assert (approval["cost"], approval["extra_cost"], approval["total_cost"]) == (
        "45.00", "4.00", "49.00")
    assert approval["extra_type"] == "gift" and approval["value_for_cost"] == "2.04"
    decided = manager_api.post(f"/api/v1/cases/{case.reference}/apology/approval/",
                               {"decision": "approve"}, format="json")
    assert decided.status_code == 200, decided.content
    assert restore_row(decided.json())["extra_cost"] == "4.00"


def test_the_customers_tier_sets_the_limit(agent_api, agent, settings):
    settings.APPROVAL_LIMIT = Decimal("20.00")
    TierApprovalLimit.objects.create(tier="gold", limit=Decimal("100.00"))
    gold = agent_api.post(step_url(case_for(agent, "gold")), {**MAKE_WHOLE, **EXTRA},
                          format="json")
    assert gold.status_code == 200, gold.content
    platinum = agent_api.post(step_url(case_for(agent, "platinum")), {**MAKE_WHOLE, **EXTRA},
                              format="json")
    assert platinum.status_code == 202
    assert RemedyApproval.objects.get().case.customer.tier == "platinum"


def test_an_integration_reads_neither_the_remedy_nor_the_request(api, agent):
    response = api.post("/api/v1/cases/", {
        "customer": {"email": "shop-customer@example.com"}, "title": "Late parcel",
        "description": "It did not come.", "channel": "web", "category": "shipping",
        "severity": "low", "remedy_requested": "Refund the shipping."}, format="json")
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    body = api.get(f"/api/v1/cases/{reference}/apology/").json()
    assert "remedy_requested" not in body
    assert "total_cost" not in restore_row(body)
