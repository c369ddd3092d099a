"""Integrations share customers but not what they know of them: each integration's key
reads back the customer as it told us with its case, and its details never overwrite what
the desk or another integration recorded; people at the desk see one customer with all
their cases."""

import json

import pytest

from accounts.models import ApiKey
from cases.intake import CustomerDetails, find_or_create_customer
from cases.models import Case, Customer
from incidents import linking, sending
from webhooks.models import Delivery, Subscription

from ..factories import CaseFactory, client_with_key
from ..incidents.helpers import make_incident

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
ALICE = {"email": "alice@example.com", "name": "Alice Adams", "company": "Acme",
         "tier": "gold"}



@pytest.fixture
def shop():
    key, raw = ApiKey.objects.create_key(name="Web shop")
    return key, client_with_key(raw)


@pytest.fixture
def crm():
    key, raw = ApiKey.objects.create_key(name="CRM")
    return key, client_with_key(raw)



def _log(client, customer, title="Parcel lost", **extra):
    response = client.post(CASES, {"customer": customer, "title": title,
                                   "category": "shipping", "severity": "high", **extra},
                           format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_another_integration_gets_back_only_what_it_sent(shop, crm):
    _log(shop[1], ALICE)

    posted = _log(crm[1], {"email": "ALICE@example.com", "tier": "silver"})

    told = {"email": "alice@example.com", "name": "", "company": "", "tier": "silver"}
    assert posted["customer"] == told
    assert crm[1].get(posted["url"]).json()["customer"] == told
    listed = crm[1].get(CASES).json()["results"]
    assert [case["customer"] for case in listed] == [told]
    assert "Alice Adams" not in json.dumps(listed) and "Acme" not in json.dumps(listed)


def test_a_tier_not_told_reads_back_as_null(shop, crm):
    _log(shop[1], ALICE)
    posted = _log(crm[1], {"email": "alice@example.com", "name": "Al"})
    assert posted["customer"] == {"email": "alice@example.com", "name": "Al", "company": "",
                                  "tier": None}


def test_another_integrations_tier_changes_neither_the_first_ones_case_nor_the_desk(
        shop, crm, manager_api):
    first = _log(shop[1], ALICE)

    _log(crm[1], {"email": "alice@example.com", "name": "Ally", "tier": "standard"})

    assert shop[1].get(first["url"]).json()["customer"] == ALICE
    desk = Customer.objects.get()
    assert (desk.name, desk.company, desk.tier) == ("Alice Adams", "Acme", "gold")
    # people see one customer, as the desk knows them, on every one of their cases
    for case in manager_api.get(CASES).json()["results"]:
        assert case["customer"] == ALICE
    assert Case.objects.filter(customer=desk).count() == 2


def test_the_integration_that_recorded_the_customer_keeps_its_tier_up_to_date(shop, crm):
    first = _log(shop[1], ALICE)
    second = _log(shop[1], {**ALICE, "name": "Alice B. Adams", "tier": "platinum"})

    desk = Customer.objects.get()
    assert (desk.name, desk.tier) == ("Alice Adams", "platinum")  # a name recorded stays
    # each of its cases reads back what it told us with that case
    assert shop[1].get(first["url"]).json()["customer"]["tier"] == "gold"
    assert second["customer"] == {**ALICE, "name": "Alice B. Adams", "tier": "platinum"}


def test_once_a_person_records_the_customer_no_integration_changes_their_tier(shop, manager):
    _log(shop[1], {"email": "alice@example.com", "tier": "gold"})
    CaseFactory(customer=CustomerDetails(email="alice@example.com", name="Alice Adams",
                                         tier="silver"), by=manager)
    _log(shop[1], {"email": "alice@example.com", "tier": "platinum"})

    desk = Customer.objects.get()
    assert (desk.name, desk.tier, desk.details_from) == ("Alice Adams", "silver", None)


def test_another_integration_fills_blanks_for_the_desk_but_never_overwrites():
    shop = ApiKey.objects.create_key(name="Web shop")[0]
    crm = ApiKey.objects.create_key(name="CRM")[0]
    find_or_create_customer(CustomerDetails(email="bo@example.com", name="Bo"), integration=shop)
    customer = find_or_create_customer(
        CustomerDetails(email="bo@example.com", name="Robert", company="Bo & Co", tier="gold"),
        integration=crm)
    assert (customer.name, customer.company, customer.tier) == ("Bo", "Bo & Co", "standard")
    assert customer.details_from == shop


def test_another_integration_cannot_find_the_first_ones_case(shop, crm):
    _log(shop[1], ALICE, title="Wrong size")
    mine = _log(crm[1], {"email": "alice@example.com"}, title="Late delivery")

    by_email = crm[1].get(CASES, {"customer_email": "Alice@Example.com"}).json()["results"]
    assert [case["reference"] for case in by_email] == [mine["reference"]]
    # the desk's name for her is the first integration's: it finds nothing for the second
    assert crm[1].get(CASES, {"q": "Adams"}).json()["results"] == []
    assert crm[1].get(CASES, {"q": "Wrong size"}).json()["results"] == []
    # its own words do find its case
    assert _log(crm[1], {"email": "al@example.com", "name": "Al Jones"})["customer"]["name"]
    assert [c["customer"]["name"] for c in crm[1].get(CASES, {"q": "Jones"}).json()["results"]
            ] == ["Al Jones"]
    # and the first one finds hers by the name it gave
    found = shop[1].get(CASES, {"q": "Adams"}).json()["results"]
    assert [case["title"] for case in found] == ["Wrong size"]


def test_webhook_payloads_carry_nothing_of_the_customer(shop, crm, manager):
    _log(shop[1], ALICE)
    Subscription.objects.create(url="https://crm.example.com/hook", events=["case.created"],
                                api_key=crm[0], owner=None)
    _log(crm[1], {"email": "alice@example.com"})

    payload = json.dumps(Delivery.objects.get(subscription__api_key=crm[0]).payload)
    assert "alice" not in payload.lower() and "Acme" not in payload and "gold" not in payload


def test_an_incidents_remedy_follows_the_desks_tier_not_another_integrations(
        shop, crm, manager, django_capture_on_commit_callbacks):
    _log(shop[1], {"email": "alice@example.com", "tier": "gold"})
    theirs = _log(crm[1], {"email": "alice@example.com", "tier": "standard"})
    incident = make_incident(manager)
    case = Case.objects.get(reference=theirs["reference"])
    linking.link(incident, [case], by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(incident, by=manager)
    restore = case.steps.get(key="restore_value")
    assert "40 euro" in restore.content  # the gold remedy: the desk knows her as gold


def test_a_person_editing_the_customer_in_the_admin_makes_the_record_the_desks(
        shop, admin_client):
    _log(shop[1], {"email": "alice@example.com", "tier": "gold"})
    customer = Customer.objects.get()
    assert customer.details_from == shop[0]
    response = admin_client.post(f"/admin/cases/customer/{customer.pk}/change/", {
        "email": "alice@example.com", "name": "Alice Adams", "company": "", "tier": "silver"})
    assert response.status_code == 302, response.content

    _log(shop[1], {"email": "alice@example.com", "tier": "platinum"})
    customer.refresh_from_db()
    assert (customer.tier, customer.details_from) == ("silver", None)


def test_an_integrations_list_reads_its_key_and_one_page_of_cases(
        shop, crm, django_assert_num_queries):
    """The customer as told is on the case row: no query per case, and no more than
    a person's list (the key, then the page)."""
    _log(shop[1], ALICE)
    for n in range(5):
        _log(crm[1], {"email": f"c{n}@example.com", "name": f"C {n}"}, title=f"Case {n}")
    with django_assert_num_queries(2):
        listed = crm[1].get(CASES).json()["results"]
    assert sorted(case["customer"]["name"] for case in listed) == [f"C {n}" for n in range(5)]
    with django_assert_num_queries(2):
        assert len(crm[1].get(CASES, {"q": "C 3"}).json()["results"]) == 1
