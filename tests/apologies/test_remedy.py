"""The remedy in two parts (make the customer whole, then something extra), its totals and
value per unit of cost, the customer's own request beside it, and approval limits by the
customer's tier: through the flow, the step page, the case page and the approvals page."""

from decimal import Decimal

import pytest

from apologies import flow
from apologies.flow import approvals
from apologies.models import ApologyStep, RemedyApproval, TierApprovalLimit
from cases.intake import CustomerDetails

from ..factories import CaseFactory, make_user
from .steps import GOOD

pytestmark = pytest.mark.django_db

EXTRA = {"extra_type": "upgrade", "extra_description": "Free gift wrapping on your next order",
         "extra_value_to_customer": Decimal("15.00"), "extra_cost": Decimal("1.00")}


def case_for(agent, tier="standard", remedy_requested=""):
    return CaseFactory(by=agent, assignee=agent, remedy_requested=remedy_requested,
                       customer=CustomerDetails(email=f"{tier}@example.fr", name="Inès Moreau",
                                                tier=tier))


def remedy(**changes):
    return {**GOOD["restore_value"], **changes}


def step_url(case):
    return f"/cases/{case.reference}/steps/restore_value/"


def form_post(**changes):
    body = {"content": GOOD["restore_value"]["content"], "remedy_type": "refund",
            "value_to_customer": "80.00", "cost": "45.00", "currency": "EUR",
            "extra_type": "", "extra_description": "", "extra_value_to_customer": "",
            "extra_cost": ""}
    body.update(changes)
    return body


# -- the flow --------------------------------------------------------------------------


def test_the_step_keeps_both_parts_and_the_timeline_records_the_extra(agent):
    case = case_for(agent)
    flow.complete_step(case, "restore_value", remedy(**EXTRA), by=agent)
    step = ApologyStep.objects.get(case=case, key="restore_value")
    assert (step.extra_type, step.extra_description) == ("upgrade", EXTRA["extra_description"])
    assert (step.total_cost, step.total_value_to_customer) == (Decimal("46.00"), Decimal("95.00"))
    assert step.value_for_cost == Decimal("2.07")  # 95 / 46
    event = case.events.get(kind="step_completed")
    assert event.data["extra_type"] == "upgrade"
    assert event.data["extra_cost"] == "1.00" and event.data["total_cost"] == "46.00"


def test_the_total_cost_decides_the_approval(agent, settings):
    """Make whole within the limit, the extra pushing it over: it waits for a manager."""
    settings.APPROVAL_LIMIT = Decimal("50.00")
    case = case_for(agent)
    outcome = flow.complete_step(case, "restore_value", remedy(
        **{**EXTRA, "extra_cost": Decimal("10.00")}), by=agent)
    assert outcome.waiting_for_approval
    approval = RemedyApproval.objects.get(case=case)
    assert (approval.cost, approval.extra_cost, approval.total_cost) == (
        Decimal("45.00"), Decimal("10.00"), Decimal("55.00"))
    assert approval.extra_description == EXTRA["extra_description"]
    assert case.events.get(kind="approval_requested").to_value == "55.00 EUR"


def test_an_approved_remedy_keeps_its_extra(agent, manager, settings):
    settings.APPROVAL_LIMIT = Decimal("40.00")
    case = case_for(agent)
    approval = flow.complete_step(case, "restore_value", remedy(**EXTRA), by=agent).approval
    approvals.approve_remedy(approval, by=manager)
    step = ApologyStep.objects.get(case=case, key="restore_value")
    assert step.is_complete and step.extra_type == "upgrade"
    assert step.total_cost == Decimal("46.00")


def test_a_remedy_without_an_extra_completes_with_a_warning_only(agent):
    case = case_for(agent)
    outcome = flow.complete_step(case, "restore_value", remedy(), by=agent)
    assert outcome.step.is_complete and not outcome.step.has_extra
    assert outcome.step.value_for_cost == Decimal("1.78")


# -- approval limits by the customer's tier ---------------------------------------------


def test_a_gold_customers_higher_limit_needs_no_approval(agent, settings):
    settings.APPROVAL_LIMIT = Decimal("50.00")
    TierApprovalLimit.objects.create(tier="gold", limit=Decimal("200.00"))
    big = remedy(cost=Decimal("150.00"), value_to_customer=Decimal("300.00"))
    gold = flow.complete_step(case_for(agent, "gold"), "restore_value", dict(big), by=agent)
    assert not gold.waiting_for_approval and gold.step.is_complete
    silver = flow.complete_step(case_for(agent, "silver"), "restore_value", dict(big), by=agent)
    assert silver.waiting_for_approval


def test_a_tier_limit_can_be_lower_than_the_desks(agent, settings):
    settings.APPROVAL_LIMIT = Decimal("50.00")
    TierApprovalLimit.objects.create(tier="standard", limit=Decimal("20.00"))
    outcome = flow.complete_step(case_for(agent), "restore_value", remedy(), by=agent)
    assert outcome.waiting_for_approval  # 45 is within the desk's 50, not the tier's 20


def test_an_agents_own_limit_still_wins_over_the_tiers(agent, settings):
    TierApprovalLimit.objects.create(tier="gold", limit=Decimal("200.00"))
    agent.approval_limit = Decimal("10.00")
    agent.save()
    outcome = flow.complete_step(case_for(agent, "gold"), "restore_value", remedy(), by=agent)
    assert outcome.waiting_for_approval


def test_rewording_an_agreed_remedy_weighs_its_total(agent, manager, settings):
    settings.APPROVAL_LIMIT = Decimal("40.00")
    case = case_for(agent)
    approval = flow.complete_step(case, "restore_value", remedy(**EXTRA), by=agent).approval
    approvals.approve_remedy(approval, by=manager)
    reworded = remedy(**EXTRA, content="We have refunded the vase and added gift wrapping.")
    assert not flow.complete_step(case, "restore_value", reworded, by=agent).waiting_for_approval
    dearer = remedy(**{**EXTRA, "extra_cost": Decimal("2.00")})
    assert flow.complete_step(case, "restore_value", dearer, by=agent).waiting_for_approval


# -- the step page ----------------------------------------------------------------------


def test_an_extra_given_in_part_is_a_field_error_and_nothing_is_saved(agent_client, agent):
    case = case_for(agent)
    response = agent_client.post(step_url(case), form_post(extra_type="gift"))
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Say what the extra is.", "What is the extra worth to the customer?",
                    "What does the extra cost us?"):
        assert message in page
    assert not ApologyStep.objects.filter(case=case).exists()


def test_a_bad_amount_for_the_extra_says_so_once(agent_client, agent):
    case = case_for(agent)
    page = agent_client.post(step_url(case), form_post(
        extra_type="gift", extra_description="A vase cloth", extra_value_to_customer="10",
        extra_cost="lots")).content.decode()
    assert "Enter a number." in page and "What does the extra cost us?" not in page
    assert not ApologyStep.objects.filter(case=case).exists()


def test_without_an_extra_the_step_completes_and_the_warning_is_shown(agent_client, agent):
    case = case_for(agent)
    form = agent_client.get(step_url(case)).content.decode()
    assert "No extra yet" in form  # before submitting, beside the totals
    response = agent_client.post(step_url(case), form_post(), follow=True)
    page = response.content.decode()
    assert "Step 1 “Restore lost value” completed." in page
    assert "No extra yet: making the customer whole only puts things back." in page
    assert "No extra: only making the customer whole." in page  # the step's summary
    assert ApologyStep.objects.get(case=case, key="restore_value").is_complete


def test_the_case_page_shows_both_parts_the_totals_and_the_ratio(agent_client, agent):
    case = case_for(agent)
    agent_client.post(step_url(case), form_post(
        extra_type="upgrade", extra_description="Free gift wrapping",
        extra_value_to_customer="15.00", extra_cost="1.00"))
    page = agent_client.get(case.get_absolute_url()).content.decode()
    summary = page.split('id="step-restore_value"', 1)[1].split("</li>", 1)[0]
    assert "Make whole:</span> Refund" in summary
    assert "Extra:</span> Upgrade, Free gift wrapping" in summary
    assert "value 95.00 EUR · cost 46.00 EUR · value per unit of cost 2.07" in summary
    assert "No extra" not in summary


def test_the_form_shows_the_totals_and_ratio_after_a_refused_submit(agent_client, agent):
    case = case_for(agent)
    page = agent_client.post(step_url(case), form_post(
        content="", extra_type="gift", extra_description="A vase cloth",
        extra_value_to_customer="20.00", extra_cost="5.00")).content.decode()
    summary = page.split('id="remedy-summary"', 1)[1].split("</table>", 1)[1]
    assert '<span class="ratio-figure">2.00</span>' in summary  # 100 / 50
    assert "The extra alone: 4.00 per unit of cost." in summary
    assert "No extra yet" not in page


def test_the_live_summary_answers_what_is_typed(agent_client, agent):
    case = case_for(agent)
    url = f"/cases/{case.reference}/remedy/summary/"
    page = agent_client.post(url, {"value_to_customer": "80", "cost": "45",
                                   "currency": "eur", "extra_type": "gift",
                                   "extra_value_to_customer": "20", "extra_cost": "5"})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<span class="ratio-figure">2.00</span>' in html  # 100 / 50
    assert "each 1 EUR we spend is worth 2.00 to the customer" in html
    free = agent_client.post(url, {"value_to_customer": "10", "cost": "0",
                                   "extra_cost": "nonsense"}).content.decode()
    assert "it costs us nothing" in free and "No extra yet" in free
    for nonsense in ("1e400", "NaN", "-5", "Infinity", "0.0000001"):
        answer = agent_client.post(url, {"value_to_customer": nonsense, "cost": "0.01",
                                         "extra_value_to_customer": "99999999.99",
                                         "extra_cost": nonsense})
        assert answer.status_code == 200, nonsense


def test_the_customers_request_is_beside_the_remedy(agent_client, agent):
    case = case_for(agent, remedy_requested="A new vase before Friday.")
    page = agent_client.get(step_url(case)).content.decode()
    layout = page.split('class="remedy-layout"', 1)[1]
    asked = layout.split(f'id="customer-asked-{case.reference}"', 1)[1]
    assert "The customer asked for:" in asked and "A new vase before Friday." in asked
    assert 'name="extra_type"' in layout.split("customer-asked", 1)[0]  # the same block
    plain = case_for(make_user(), tier="silver")
    other = agent_client.get(step_url(plain)).content.decode()
    assert "The customer did not say what would put it right." in other


def test_the_manager_weighs_both_parts_and_the_customers_request(
        manager_client, agent, settings):
    settings.APPROVAL_LIMIT = Decimal("40.00")
    case = case_for(agent, tier="gold", remedy_requested="My money back.")
    flow.complete_step(case, "restore_value", remedy(**EXTRA), by=agent)
    page = manager_client.get("/approvals/").content.decode()
    assert "Refund and upgrade" in page and "(Gold tier)" in page
    assert "cost to us 46.00 EUR in all, value to the customer 95.00 EUR" in page
    assert "value per unit of cost 2.07" in page
    assert "My money back." in page
