"""POST/GET /api/v1/cases/ and GET /api/v1/cases/{reference}/."""

import json

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey
from cases.models import Case, CaseEvent, Customer

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"

BODY = {
    "customer": {"email": "Ana.Souza@Example.net", "name": "Ana Souza", "tier": "gold"},
    "title": "Parcel delivered to the wrong address",
    "description": "Left with a neighbour three streets away.",
    "channel": "web",
    "category": "shipping",
    "severity": "high",
    "occurred_at": "2026-01-02T10:00:00Z",
    "external_id": "order-1042",
    "tags": ["vip", "courier"],
}

CASE_FIELDS = {
    "reference", "url", "status", "stage", "title", "description", "channel", "category",
    "severity", "customer", "assignee", "external_id", "tags", "first_response_due_at",
    "resolution_due_at", "breached", "created_at", "updated_at",
}


def test_integration_logs_a_case(api, integration_key):
    response = api.post(CASES, BODY, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert CASE_FIELDS <= set(body)
    case = Case.objects.get()
    assert body["reference"] == case.reference
    assert body["url"] == f"http://testserver/api/v1/cases/{case.reference}/"
    assert response["Location"] == body["url"]
    assert response["ETag"]
    assert body["status"] == "open" and body["stage"] == "restore_value"
    assert body["customer"] == {
        "email": "ana.souza@example.net", "name": "Ana Souza", "company": "", "tier": "gold",
    }
    assert (body["category"], body["severity"], body["channel"]) == ("shipping", "high", "web")
    assert body["tags"] == ["vip", "courier"] and body["external_id"] == "order-1042"
    assert body["assignee"] is None and body["breached"] is False
    assert case.source_key == integration_key[0]
    event = case.events.get()
    assert (event.kind, event.api_key, event.actor) == ("opened", integration_key[0], None)


def test_minimal_body_is_enough(api):
    response = api.post(
        CASES,
        {"customer": {"email": "a@example.com"}, "title": "Broken", "category": "other",
         "severity": "low"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "api"


def test_a_users_key_acts_as_that_user(agent_api, agent):
    response = agent_api.post(CASES, BODY, format="json")
    assert response.status_code == 201
    assert Case.objects.get().events.get().actor == agent


def test_the_same_customer_is_reused_whatever_the_email_case(api):
    api.post(CASES, BODY, format="json")
    api.post(CASES, {**BODY, "customer": {"email": "ANA.SOUZA@example.NET"},
                     "external_id": "order-1043"}, format="json")
    assert Customer.objects.count() == 1
    assert Case.objects.count() == 2


def test_get_one_case_with_etag(api):
    reference = api.post(CASES, BODY, format="json").json()["reference"]
    response = api.get(f"{CASES}{reference}/")
    assert response.status_code == 200
    assert response.json()["reference"] == reference
    assert response["ETag"].startswith('"')


def test_unknown_case_is_404_json(api):
    response = api.get(f"{CASES}SR-2026-424242/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Case matches the given query."}


def test_an_integration_sees_only_its_own_cases(api):
    other = CaseFactory()  # logged by someone else
    mine = api.post(CASES, BODY, format="json").json()["reference"]
    listed = [case["reference"] for case in api.get(CASES).json()["results"]]
    assert listed == [mine]
    assert api.get(f"{CASES}{other.reference}/").status_code == 404


def test_a_users_key_sees_every_case(agent_api):
    CaseFactory()
    CaseFactory()
    assert len(agent_api.get(CASES).json()["results"]) == 2


def test_list_filters(agent_api, agent):
    high = CaseFactory(severity="high")
    low = CaseFactory(severity="low")
    by_severity = agent_api.get(CASES, {"severity": "high"}).json()["results"]
    assert [case["reference"] for case in by_severity] == [high.reference]
    by_email = agent_api.get(CASES, {"customer_email": low.customer.email.upper()}).json()
    assert [case["reference"] for case in by_email["results"]] == [low.reference]
    assert agent_api.get(CASES, {"status": "closed"}).json()["results"] == []
    assert len(agent_api.get(CASES, {"stage": "restore_value"}).json()["results"]) == 2
    assert agent_api.get(CASES, {"breaching": "true"}).json()["results"] == []
    assert len(agent_api.get(CASES, {"created_after": "2000-01-01T00:00:00Z"})
               .json()["results"]) == 2
    assert agent_api.get(CASES, {"assignee": "me"}).json()["results"] == []


def test_filter_by_external_id(api):
    api.post(CASES, BODY, format="json")
    api.post(CASES, {**BODY, "external_id": "order-2000"}, format="json")
    results = api.get(CASES, {"external_id": "order-2000"}).json()["results"]
    assert [case["external_id"] for case in results] == ["order-2000"]


def test_cursor_pagination_with_page_size(agent_api):
    for _ in range(5):
        CaseFactory()
    first = agent_api.get(CASES, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["previous"] is None and first["next"]
    second = agent_api.get(first["next"]).json()
    seen = {c["reference"] for c in first["results"]} | {c["reference"] for c in second["results"]}
    assert len(seen) == 4


@pytest.mark.parametrize("query", ["cursor=not-a-cursor", "created_after=not-a-date"])
def test_unreadable_list_parameters_are_400_naming_them(agent_api, query):
    response = agent_api.get(f"{CASES}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_date_filter_with_any_iso_offset_works(agent_api, agent):
    CaseFactory(by=agent)
    # ISO 8601 allows offsets PostgreSQL refuses; the filter turns them to UTC first
    response = agent_api.get(f"{CASES}?created_after=2000-01-01T00:00:00-21:48")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_list_query_count_does_not_grow(agent_api, django_assert_max_num_queries):
    for _ in range(3):
        CaseFactory()
    with django_assert_max_num_queries(6) as few:
        agent_api.get(CASES)
    for _ in range(20):
        CaseFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = agent_api.get(CASES)
    assert len(response.json()["results"]) == 23


def test_list_reads_the_choices_only_of_the_filters_it_is_given(
        agent_api, agent, django_assert_num_queries):
    """The category and assignee choices are read only to check a value given for them: a
    plain list is the key (with its user's role, in the same query) and the page of cases."""
    CaseFactory(assignee=agent)
    with django_assert_num_queries(2):
        assert agent_api.get(CASES).status_code == 200
    with django_assert_num_queries(4):  # both lists read once, to check the values
        response = agent_api.get(f"{CASES}?category=shipping&assignee={agent.email}")
    assert response.status_code == 200
    response = agent_api.get(f"{CASES}?category=no-such-category")
    assert response.status_code == 400
    assert "category" in response.json()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"customer": {"email": "not-an-email"}}, "customer"),
        ({"customer": None}, "customer"),
        ({"title": ""}, "title"),
        ({"title": "x" * 100_000}, "title"),
        ({"title": "nul\x00byte"}, "title"),
        ({"category": "space_weather"}, "category"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"channel": "pigeon"}, "channel"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at"),
        ({"tags": "vip"}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
    ],
)
def test_bad_fields_are_400_with_the_field_named(api, change, field):
    response = api.post(CASES, {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Case.objects.count() == 0 and Customer.objects.count() == 0


def test_missing_fields_are_listed(api):
    response = api.post(CASES, {}, format="json")
    assert response.status_code == 400
    assert {"customer", "title", "category", "severity"} <= set(response.json())


@pytest.mark.parametrize("raw", ['{"title": ', "[1, 2]", '"just a string"', "null"])
def test_malformed_or_non_object_json_is_400(api, raw):
    response = api.post(CASES, raw, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json() or "non_field_errors" in response.json()


def test_nul_byte_in_a_nested_field_is_400(api):
    body = json.dumps({**BODY, "customer": {"email": "a@example.com", "name": "a\u0000b"}})
    response = api.post(CASES, body, content_type="application/json")
    assert response.status_code == 400
    assert CaseEvent.objects.count() == 0


@pytest.mark.parametrize("text", [r"Broken \udaee vase", r"Broken \udc00\ud800 vase"])
def test_an_unpaired_surrogate_is_400_not_a_server_error(api, text):
    body = json.dumps(BODY).replace('"title": "', f'"title": "{text} ', 1)
    response = api.post(CASES, body, content_type="application/json")
    assert response.status_code == 400
    assert "surrogate" in response.json()["title"][0]
    assert CaseEvent.objects.count() == 0


def test_a_nul_in_a_looked_up_field_is_400_naming_it(api):
    response = api.post(CASES, {**BODY, "category": "shipping\u0000"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"category": ["Null characters are not allowed."]}


def test_a_paired_surrogate_is_an_ordinary_character(api):
    body = json.dumps(BODY).replace('"title": "', '"title": "\\ud83d\\ude22 ', 1)
    response = api.post(CASES, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["title"].startswith("\U0001F622")


def test_no_key_is_401_with_the_scheme_named():
    response = APIClient().get(CASES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "header", ["Api-Key nonsense", "Api-Key abc.def", "Api-Key ", "Bearer xyz", "Api-Key a\x00b"]
)
def test_a_bad_key_is_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.post(CASES, BODY, format="json").status_code == 401
    assert Case.objects.count() == 0


def test_a_revoked_key_is_401(api, integration_key):
    key = integration_key[0]
    key.revoked = True
    key.save()
    assert api.get(CASES).status_code == 401


def test_a_key_of_a_user_without_a_role_is_403(outsider):
    _, raw = ApiKey.objects.create_key(name="stray", user=outsider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(CASES).status_code == 403


def test_session_users_use_the_api_with_csrf(agent):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.get(CASES).status_code == 200
    assert client.post(CASES, BODY, format="json").status_code == 403  # no CSRF token
    assert Case.objects.count() == 0


def test_keys_are_stored_hashed(integration_key):
    key, raw = integration_key
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw.split(".")[1] not in stored.hashed_key
    assert stored.hashed_key.startswith("sha512$$")


def test_unknown_api_path_is_json_404(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_each_listed_case_links_to_itself_in_the_api_and_the_browser(api):
    """The links are resolved once per response (a speed-up): each case still gets its own."""
    references = [api.post(CASES, {**BODY, "title": f"Case {n}"}, format="json").json()["reference"]
                  for n in range(3)]
    listed = {case["reference"]: case for case in api.get(CASES).json()["results"]}
    for reference in references:
        assert listed[reference]["url"] == f"http://testserver/api/v1/cases/{reference}/"
        assert listed[reference]["web_url"] == f"http://testserver/cases/{reference}/"


def test_intake_numbers_the_case_late_and_answers_from_the_written_row(api):
    """The busiest write: the reference counter's row stays locked until commit, so it is
    taken just before the case's INSERT; and the answer is built from the case as written,
    not read back."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.post(CASES, {**BODY, "external_id": ""}, format="json")  # the customer exists now
    with CaptureQueriesContext(connection) as queries:
        response = api.post(CASES, {**BODY, "external_id": "", "title": "Second"}, format="json")
    assert response.status_code == 201
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    counter = next(i for i, sql in enumerate(statements) if "cases_referencecounter" in sql)
    insert = next(i for i, sql in enumerate(statements)
                  if sql.startswith('INSERT INTO "cases_case"'))
    assert insert == counter + 1
    before = " ".join(statements[:counter])
    assert "cases_customer" in before
    # the SLA targets, calendar and reminder policy are kept by the process (recovery.settled)
    assert not any(table in sql for sql in statements for table in (
        "cases_slatarget", "cases_reminderpolicy", "cases_businesscalendar", "cases_holiday"))
    assert not any(sql.startswith("SELECT") and 'FROM "cases_case"' in sql
                   for sql in statements[insert:])
    # key, customer, counter, case, event, reminders
    assert len(statements) == 6, statements
    assert response.json()["customer"]["email"] == "ana.souza@example.net"


def test_the_filter_form_is_built_only_when_a_filter_is_asked_for(agent_api, monkeypatch):
    from cases.filters import CaseFilter

    CaseFactory(severity="high")
    CaseFactory(severity="low")
    built = []
    original = CaseFilter.__init__
    monkeypatch.setattr(CaseFilter, "__init__",
                        lambda self, *a, **k: built.append(1) or original(self, *a, **k))
    everything = agent_api.get(CASES, {"page_size": 10})
    assert everything.status_code == 200 and len(everything.json()["results"]) == 2
    assert built == []
    high = agent_api.get(CASES, {"severity": "high"}).json()["results"]
    assert [case["severity"] for case in high] == ["high"] and built == [1]
    assert agent_api.get(CASES, {"severity": "nonsense"}).status_code == 400


# The bench's rows (bench/RESULTS.md): what each costs in queries is pinned here, so a change
# that adds a round trip to the busiest write or list is seen before `make bench` runs.


@pytest.mark.acknowledging
def test_intake_with_its_acknowledgement_takes_a_fixed_number_of_queries(
        api, django_assert_num_queries):
    """As `make bench` posts it: a known customer, acknowledged at once."""
    body = {**BODY, "external_id": "", "tags": []}
    api.post(CASES, body, format="json")  # the customer exists now
    # the key, then one transaction: the customer, the counter, the case, its event, the
    # reminders, the acknowledgement and its event (the category, the SLA targets, calendar,
    # reminder policy, both templates and the webhook subscriptions are kept by the process)
    with django_assert_num_queries(8):
        response = api.post(CASES, {**body, "title": "Second"}, format="json")
    assert response.status_code == 201


def test_an_integration_s_list_takes_two_queries(api, django_assert_num_queries):
    """The key (with its role) and the page of cases, whatever the page holds."""
    for n in range(3):
        api.post(CASES, {**BODY, "external_id": f"order-{n}"}, format="json")
    with django_assert_num_queries(2):
        response = api.get(CASES)
    assert len(response.json()["results"]) == 3
    for n in range(3, 30):
        api.post(CASES, {**BODY, "external_id": f"order-{n}"}, format="json")
    with django_assert_num_queries(2):
        response = api.get(CASES)
    assert len(response.json()["results"]) == 25
