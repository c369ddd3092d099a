"""Managers keep the categories on the desk (/categories/; the admin is superusers' only):
add one (its slug chosen once), reword one, make one inactive. Agents are refused."""

import pytest

from cases.models import Category

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_category_with_its_cases(manager_client, agent):
    CaseFactory(by=agent)  # shipping
    html = manager_client.get("/categories/").content.decode()
    assert "Shipping" in html and "shipping" in html and "product_quality" in html


def test_a_manager_adds_a_category_and_agents_can_choose_it(manager_client, agent_client):
    response = manager_client.post("/categories/new/", {
        "name": "Lost in the post", "slug": "", "description": "",
        "customer_wording": "Your parcel"})
    assert response.status_code == 302
    added = Category.objects.get(slug="lost_in_the_post")
    assert added.is_active and added.customer_wording == "Your parcel"
    assert "Lost in the post" in agent_client.get("/cases/new/").content.decode()


@pytest.mark.parametrize("data, message", [
    ({"name": "Deliveries", "slug": "shipping"}, "Another category has the slug"),
    ({"name": "", "slug": "x"}, "This field is required."),
    ({"name": "!!!", "slug": ""}, "Give the category a slug"),
    ({"name": "Two\nlines", "slug": "two"}, "Use a single line"),
    ({"name": "Slug", "slug": "not a slug!"}, "Enter a valid “slug”")])
def test_bad_input_is_a_field_error_and_adds_nothing(manager_client, data, message):
    before = Category.objects.count()
    response = manager_client.post("/categories/new/", {"description": "",
                                                        "customer_wording": "", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Category.objects.count() == before


def test_a_manager_rewords_and_deactivates_a_category_but_not_its_slug(manager_client):
    shipping = Category.objects.get(slug="shipping")
    response = manager_client.post(f"/categories/{shipping.pk}/", {
        "name": "Deliveries", "description": "", "customer_wording": "Your delivery",
        "slug": "hacked"})  # is_active left unticked
    assert response.status_code == 302
    shipping.refresh_from_db()
    assert (shipping.name, shipping.slug, shipping.is_active) == (
        "Deliveries", "shipping", False)


def test_agents_are_refused(agent_client):
    shipping = Category.objects.get(slug="shipping")
    for path in ("/categories/", "/categories/new/", f"/categories/{shipping.pk}/"):
        assert agent_client.get(path).status_code == 403
    agent_client.post(f"/categories/{shipping.pk}/", {"name": "Changed", "is_active": ""})
    shipping.refresh_from_db()
    assert shipping.name != "Changed" and shipping.is_active
