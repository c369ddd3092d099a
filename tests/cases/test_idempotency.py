"""Idempotency-Key on the API's POSTs: a retry is harmless, a conflict is visible."""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import IdempotentRequest
from cases.models import Case

from .test_intake_api import BODY, CASES

pytestmark = pytest.mark.django_db


def post(client, body=BODY, key="order-1042-attempt", **headers):
    return client.post(CASES, body, format="json", HTTP_IDEMPOTENCY_KEY=key, **headers)


def test_a_repeat_replays_the_first_answer_and_creates_nothing(api):
    first = post(api)
    again = post(api)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert Case.objects.count() == 1


def test_the_same_body_in_another_key_order_is_the_same_request(api):
    post(api)
    reordered = json.loads(json.dumps(dict(reversed(list(BODY.items())))))
    assert post(api, reordered)["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_422(api):
    post(api)
    response = post(api, {**BODY, "title": "Something else"})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Case.objects.count() == 1


def test_a_repeat_while_the_first_is_in_flight_is_409(api):
    post(api)
    IdempotentRequest.objects.update(completed_at=None)  # as if the first were still running
    response = post(api)
    assert response.status_code == 409
    assert response["Retry-After"] == "1"
    assert Case.objects.count() == 1


def test_a_key_left_in_flight_by_a_dead_worker_is_taken_over_by_the_retry(api):
    # the first attempt's worker died mid-request: its transaction rolled back, no case
    first = post(api, key="order-77")
    Case.objects.all().delete()
    IdempotentRequest.objects.update(completed_at=None, response_status=None)
    assert post(api, key="order-77").status_code == 409  # it might still be running
    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        retry = post(api, key="order-77")
        assert retry.status_code == 201 and "Idempotent-Replayed" not in retry
        assert Case.objects.count() == 1
        assert post(api, key="order-77")["Idempotent-Replayed"] == "true"
    assert first.status_code == 201


def test_keys_belong_to_one_api_key(api, agent_api):
    post(api)
    assert post(agent_api).status_code == 201
    assert Case.objects.count() == 2


def test_a_key_is_remembered_for_a_day(api):
    post(api)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = post(api, {**BODY, "external_id": "order-1042-b"})
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Case.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve"])
def test_a_malformed_key_is_400(api, key):
    response = post(api, key=key)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not Case.objects.exists()


def test_errors_are_replayed_too(api):
    first = post(api, {**BODY, "severity": "urgent"})
    again = post(api, {**BODY, "severity": "urgent"})
    assert first.status_code == again.status_code == 400
    assert again["Idempotent-Replayed"] == "true"


def test_the_send_endpoint_honours_the_key(agent_api, agent):
    from ..apologies.steps import complete
    from ..factories import CaseFactory

    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    url = f"{CASES}{case.reference}/apology/send/"
    first = agent_api.post(url, HTTP_IDEMPOTENCY_KEY="send-1")
    again = agent_api.post(url, HTTP_IDEMPOTENCY_KEY="send-1")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert agent_api.post(url).status_code == 409  # without the key: already sent
    assert case.events.filter(kind="apology_sent").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_48_identical_requests_from_16_threads_make_one_case(live_server, integration_key):
    _, raw_key = integration_key
    data = json.dumps(BODY).encode()

    def send(_):
        request = urllib.request.Request(
            f"{live_server.url}{CASES}", data=data, method="POST",
            headers={"Authorization": f"Api-Key {raw_key}", "Content-Type": "application/json",
                     "Idempotency-Key": "burst-1"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get("Idempotent-Replayed")
        except urllib.error.HTTPError as error:
            return error.code, None

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(send, range(48)))
    statuses = [status for status, _ in answers]
    assert set(statuses) <= {201, 409}, statuses
    assert sum(1 for status, replayed in answers if status == 201 and not replayed) == 1
    assert Case.objects.count() == 1
