"""What holds a case in its conversation with the customer — unreachable by email, waiting
on the customer's answer, reopened by the customer — in the case's JSON, as filters of the
API's list and of the queue, and as badges in the queue's rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
QUEUE = reverse("cases:queue")
NEW = {"customer": {"email": "ana@example.net", "name": "Ana Souza"},
       "title": "Parcel delivered to the wrong address", "category": "shipping",
       "severity": "high"}


@pytest.fixture
def cases():
    """One case of each kind, and a plain one."""
    now = timezone.now()
    made = {name: CaseFactory(title=f"The {name} case")
            for name in ("plain", "unreachable", "waiting", "reopened")}
    Case.objects.filter(pk=made["unreachable"].pk).update(customer_unreachable_at=now)
    Case.objects.filter(pk=made["waiting"].pk).update(waiting_on_customer_since=now)
    Case.objects.filter(pk=made["reopened"].pk).update(reopened_by_customer_at=now)
    return {name: case.reference for name, case in made.items()}


def listed(client, **query):
    response = client.get(CASES, query)
    assert response.status_code == 200, response.content
    return {case["reference"] for case in response.json()["results"]}


def test_a_case_in_json_says_what_holds_it(agent_api, cases):
    body = agent_api.get(f"{CASES}{cases['plain']}/").json()
    assert (body["waiting_on_customer"], body["customer_unreachable"]) == (False, False)
    assert body["remedy_requested"] == "" and "first_responded_at" in body
    assert "next_update_due_at" in body
    assert agent_api.get(f"{CASES}{cases['unreachable']}/").json()["customer_unreachable"]
    assert agent_api.get(f"{CASES}{cases['waiting']}/").json()["waiting_on_customer"]


@pytest.mark.acknowledging
def test_the_acknowledgement_sets_first_response_and_next_update(
        api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        posted = api.post(CASES, NEW, format="json")
    assert posted.status_code == 201
    body = api.get(posted.json()["url"]).json()
    assert body["first_responded_at"] is not None
    assert body["next_update_due_at"] > body["first_responded_at"]


def test_an_integration_logs_what_the_customer_asked_for(api):
    posted = api.post(CASES, {**NEW, "remedy_requested": "A new vase,\nor my money back."},
                      format="json")
    assert posted.status_code == 201, posted.content
    assert posted.json()["remedy_requested"] == "A new vase,\nor my money back."
    case = Case.objects.get(reference=posted.json()["reference"])
    assert case.remedy_requested == "A new vase,\nor my money back."
    # and its key reads it back with the flags
    body = api.get(posted.json()["url"]).json()
    assert body["remedy_requested"] == "A new vase,\nor my money back."
    assert body["customer_unreachable"] is False and body["waiting_on_customer"] is False


@pytest.mark.parametrize("remedy, error", [
    ("x" * 2001, "2000"),
    ("A refund\x07 please", "control characters"),
    (["a list"], "Not a valid string"),
])
def test_a_bad_remedy_requested_is_a_field_error(api, remedy, error):
    response = api.post(CASES, {**NEW, "remedy_requested": remedy}, format="json")
    assert response.status_code == 400
    assert error in str(response.json()["remedy_requested"])
    assert not Case.objects.exists()


@pytest.mark.parametrize("flag", ["unreachable", "waiting", "reopened_by_customer"])
def test_the_api_lists_cases_by_what_holds_them(agent_api, cases, flag):
    name = {"reopened_by_customer": "reopened"}.get(flag, flag)
    assert listed(agent_api, **{flag: "true"}) == {cases[name]}
    assert listed(agent_api, **{flag: "false"}) == set(cases.values()) - {cases[name]}
    assert listed(agent_api, **{flag: "perhaps"}) == set(cases.values())  # not a filter


def test_the_filters_combine(agent_api, cases):
    Case.objects.filter(reference=cases["waiting"]).update(
        customer_unreachable_at=timezone.now())
    assert listed(agent_api, unreachable="true", waiting="true") == {cases["waiting"]}


def test_the_queue_offers_the_filters_in_plain_words(agent_client, cases):
    page = agent_client.get(QUEUE).content.decode()
    for label in ("Customer can&#x27;t be emailed", "Waiting for the customer&#x27;s answer",
                  "Reopened by the customer"):
        assert label in page, label
    assert 'name="unreachable" id="id_unreachable"' in page


@pytest.mark.parametrize("flag, name", [("unreachable", "unreachable"),
                                        ("waiting", "waiting"),
                                        ("reopened_by_customer", "reopened")])
def test_ticking_a_filter_in_the_queue_shows_only_those_cases(agent_client, cases, flag, name):
    response = agent_client.get(QUEUE, {flag: "on"})
    shown = {case.reference for case in response.context["page"].object_list}
    assert shown == {cases[name]}
    assert f'id="id_{flag}" checked' in response.content.decode()


def test_the_queue_rows_carry_badges(agent_client, cases):
    rows = {}
    page = agent_client.get(QUEUE).content.decode()
    for line in page.split("<tr data-href=")[1:]:  # one per case
        reference = line.split('name="case" value="')[1].split('"')[0]
        rows[reference] = line
    assert "Can't be emailed" in rows[cases["unreachable"]]
    assert "Waiting for customer" in rows[cases["waiting"]]
    assert "Reopened by customer" in rows[cases["reopened"]]
    for badge in ("Can't be emailed", "Waiting for customer", "Reopened by customer"):
        assert badge not in rows[cases["plain"]]
