"""Approval limits by customer tier are the managers' to keep, in the admin; agents have no
way in."""

from decimal import Decimal

import pytest

from apologies.models import TierApprovalLimit

pytestmark = pytest.mark.django_db
LIST = "/admin/apologies/tierapprovallimit/"


def test_a_manager_adds_and_changes_a_tiers_limit(manager_client):
    assert manager_client.get(LIST).status_code == 200
    response = manager_client.post(f"{LIST}add/", {"tier": "gold", "limit": "200.00"})
    assert response.status_code == 302, response.content
    limit = TierApprovalLimit.objects.get(tier="gold")
    assert limit.limit == Decimal("200.00")
    response = manager_client.post(f"{LIST}{limit.pk}/change/", {"tier": "gold",
                                                                 "limit": "150.00"})
    assert response.status_code == 302
    limit.refresh_from_db()
    assert limit.limit == Decimal("150.00")
    assert "Gold" in manager_client.get(LIST).content.decode()


def test_one_limit_per_tier_and_a_number(manager_client):
    TierApprovalLimit.objects.create(tier="gold", limit=Decimal("200.00"))
    twice = manager_client.post(f"{LIST}add/", {"tier": "gold", "limit": "10.00"})
    assert twice.status_code == 200 and "already exists" in twice.content.decode()
    words = manager_client.post(f"{LIST}add/", {"tier": "silver", "limit": "lots"})
    assert words.status_code == 200 and "Enter a number." in words.content.decode()
    assert TierApprovalLimit.objects.count() == 1


def test_an_agent_cannot_reach_the_limits(agent_client):
    for path in (LIST, f"{LIST}add/"):
        response = agent_client.get(path)
        assert response.status_code == 302  # not staff: the admin asks them to sign in
        assert response["Location"].startswith("/admin/login/")
    agent_client.post(f"{LIST}add/", {"tier": "gold", "limit": "100000.00"})
    assert not TierApprovalLimit.objects.exists()


def test_the_admin_shows_a_waiting_remedys_extra_read_only(manager_client, agent, settings):
    from apologies import flow
    from apologies.models import RemedyApproval

    from ..factories import CaseFactory
    from .steps import GOOD

    settings.APPROVAL_LIMIT = Decimal("10.00")
    case = CaseFactory(by=agent)
    flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"], "extra_type": "gift", "extra_description": "A vase cloth",
        "extra_value_to_customer": Decimal("20.00"), "extra_cost": Decimal("4.00")}, by=agent)
    approval = RemedyApproval.objects.get()
    page = manager_client.get(f"/admin/apologies/remedyapproval/{approval.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "A vase cloth" in html and 'name="extra_description"' not in html
