"""Managers correct a customer's details on the desk (the admin is superusers' only): the
email after a bounce, the name, company and tier."""

import pytest

from cases.intake import CustomerDetails
from cases.models import Customer

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(agent):
    return CaseFactory(by=agent, customer=CustomerDetails(
        email="pat@example.com", name="Pat Doe")).customer


def details(**changes):
    return {"email": "pat@example.com", "name": "Pat Doe", "company": "", "tier": "standard",
            **changes}


def url(customer):
    return f"/customers/{customer.pk}/edit/"


def test_a_manager_corrects_the_details_and_the_page_shows_them(manager_client, customer):
    assert "Correct details" in manager_client.get(f"/customers/{customer.pk}/").content.decode()
    response = manager_client.post(url(customer), details(
        email=" Pat.Doe@Example.org ", name="Pat Doe-Smith", company="Acme", tier="gold"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.email, customer.name, customer.company, customer.tier) == (
        "pat.doe@example.org", "Pat Doe-Smith", "Acme", "gold")
    page = manager_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "pat.doe@example.org" in page and "Gold tier" in page


def test_an_email_of_another_customer_is_a_field_error(manager_client, customer, agent):
    CaseFactory(by=agent, customer=CustomerDetails(email="sam@example.com"))
    response = manager_client.post(url(customer), details(email="SAM@example.com",
                                                          name="Changed"))
    assert response.status_code == 200
    assert "Another customer has this email address." in response.content.decode()
    customer.refresh_from_db()
    assert customer.email == "pat@example.com" and customer.name == "Pat Doe"


@pytest.mark.parametrize("field, value, message", [
    ("email", "not an email", "Enter a valid email address."),
    ("tier", "diamond", "Select a valid choice"),
    ("name", "Pat\r\nBcc: x@evil.example", "Use a single line")])
def test_bad_input_is_a_field_error_and_changes_nothing(manager_client, customer, field,
                                                        value, message):
    response = manager_client.post(url(customer), details(**{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    assert Customer.objects.get(pk=customer.pk).name == "Pat Doe"


def test_agents_cannot_correct_a_customer(agent_client, customer):
    assert "Correct details" not in agent_client.get(
        f"/customers/{customer.pk}/").content.decode()
    assert agent_client.get(url(customer)).status_code == 403
    assert agent_client.post(url(customer), details(tier="platinum")).status_code == 403
    assert Customer.objects.get(pk=customer.pk).tier == "standard"
