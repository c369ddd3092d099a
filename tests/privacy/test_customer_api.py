"""Finding a customer by email and reading their record through the API (CONTRACT.md,
"Customers' personal data"): people only, every customer shown on the access log."""

import pytest

from cases.intake import CustomerDetails
from privacy import erasure
from privacy.models import AccessRecord, Action

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(agent):
    ines = CustomerDetails(email="ines@example.fr", name="Inès Moreau")
    older = CaseFactory(by=agent, customer=ines, title="Vase broken")
    newer = CaseFactory(by=agent, customer=ines, title="Refund late")
    CaseFactory(by=agent, customer=CustomerDetails(email="bo@example.se"))
    return older, newer


def test_an_agent_finds_a_customer_by_email_whatever_its_case(agent_api, agent, cases):
    older, newer = cases
    answer = agent_api.get("/api/v1/customers/", {"email": " Ines@Example.FR "})
    assert answer.status_code == 200
    [found] = answer.json()
    assert (found["id"], found["email"], found["name"]) == (
        older.customer_id, "ines@example.fr", "Inès Moreau")
    assert found["cases"] == [newer.reference, older.reference]
    assert found["erased"] is False
    assert found["web_url"].endswith(f"/customers/{older.customer_id}/")
    assert AccessRecord.objects.filter(person=agent, customer_id=older.customer_id,
                                       action=Action.VIEWED_CUSTOMER).count() == 1


def test_an_unknown_address_finds_nobody(agent_api, cases):
    answer = agent_api.get("/api/v1/customers/", {"email": "nobody@example.com"})
    assert answer.status_code == 200 and answer.json() == []
    assert not AccessRecord.objects.exists()


def test_finding_needs_an_address_not_a_list_of_everyone(agent_api, cases):
    answer = agent_api.get("/api/v1/customers/")
    assert answer.status_code == 400
    assert answer.json() == {"email": ["Give the customer's email address."]}


def test_one_customer_with_their_cases_references(manager_api, manager, cases,
                                                  django_assert_max_num_queries):
    older, newer = cases
    with django_assert_max_num_queries(6):  # key, customer, cases, the log's INSERT
        answer = manager_api.get(f"/api/v1/customers/{older.customer_id}/")
    assert answer.status_code == 200
    assert answer.json()["cases"] == [newer.reference, older.reference]
    assert AccessRecord.objects.filter(person=manager, action=Action.VIEWED_CUSTOMER).exists()
    assert manager_api.get("/api/v1/customers/999999/").status_code == 404


def test_an_erased_customer_reads_as_erased(manager_api, manager, cases):
    customer = cases[0].customer
    erasure.erase(customer, by=manager, confirm=customer.email)
    body = manager_api.get(f"/api/v1/customers/{customer.pk}/").json()
    assert body["erased"] is True
    assert "ines" not in body["email"] and body["name"] != "Inès Moreau"


def test_an_integration_never_reads_the_desk_s_record(api, cases):
    customer_id = cases[0].customer_id
    assert api.get("/api/v1/customers/", {"email": "ines@example.fr"}).status_code == 403
    assert api.get(f"/api/v1/customers/{customer_id}/").status_code == 403
