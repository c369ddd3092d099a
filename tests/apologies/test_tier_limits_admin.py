"""Approval limits by customer tier are the managers' to keep, on a desk page
(/people/approval-limits/); agents have no way in, and the admin is superusers' only."""

from decimal import Decimal

import pytest

from apologies.models import TierApprovalLimit

pytestmark = pytest.mark.django_db
PAGE = "/people/approval-limits/"
ADMIN = "/admin/apologies/tierapprovallimit/"


def limits(**tiers):
    return {"standard": "", "silver": "", "gold": "", "platinum": "", **tiers}


def test_a_manager_sets_changes_and_clears_a_tiers_limit(manager_client):
    page = manager_client.get(PAGE)
    assert page.status_code == 200 and "Gold customers" in page.content.decode()
    response = manager_client.post(PAGE, limits(gold="200.00"))
    assert response.status_code == 302, response.content
    assert TierApprovalLimit.objects.get(tier="gold").limit == Decimal("200.00")
    manager_client.post(PAGE, limits(gold="150.00", silver="80"))
    assert dict(TierApprovalLimit.objects.values_list("tier", "limit")) == {
        "gold": Decimal("150.00"), "silver": Decimal("80.00")}
    assert 'value="150.00"' in manager_client.get(PAGE).content.decode()
    manager_client.post(PAGE, limits(silver="80"))  # gold emptied: the desk's default again
    assert list(TierApprovalLimit.objects.values_list("tier", flat=True)) == ["silver"]


@pytest.mark.parametrize("value, message", [("lots", "Enter a number."),
                                            ("-1", "greater than or equal to 0")])
def test_a_bad_limit_is_a_field_error_and_changes_nothing(manager_client, value, message):
    TierApprovalLimit.objects.create(tier="gold", limit=Decimal("200.00"))
    response = manager_client.post(PAGE, limits(gold="100", silver=value))
    assert response.status_code == 200 and message in response.content.decode()
    assert dict(TierApprovalLimit.objects.values_list("tier", "limit")) == {
        "gold": Decimal("200.00")}


def test_an_agent_cannot_reach_the_limits(agent_client):
    assert agent_client.get(PAGE).status_code == 403
    assert agent_client.post(PAGE, limits(gold="100000.00")).status_code == 403
    for path in (ADMIN, f"{ADMIN}add/"):
        assert agent_client.get(path)["Location"].startswith("/admin/login/")
    assert not TierApprovalLimit.objects.exists()


def test_the_admin_keeps_the_limits_for_a_superuser_only(manager_client, root_client):
    assert manager_client.get(ADMIN)["Location"].startswith("/admin/login/")
    response = root_client.post(f"{ADMIN}add/", {"tier": "gold", "limit": "200.00"})
    assert response.status_code == 302
    twice = root_client.post(f"{ADMIN}add/", {"tier": "gold", "limit": "10.00"})
    assert twice.status_code == 200 and "already exists" in twice.content.decode()


def test_the_admin_shows_a_waiting_remedys_extra_read_only(root_client, agent, settings):
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
    page = root_client.get(f"/admin/apologies/remedyapproval/{approval.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "A vase cloth" in html and 'name="extra_description"' not in html
