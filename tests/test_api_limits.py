"""The API's limits: per-key throttling (429 with Retry-After) and body size (413), in JSON."""

import json

import pytest

from accounts.throttling import PerKeyThrottle

from .cases.test_intake_api import BODY, CASES

pytestmark = pytest.mark.django_db


def test_each_key_has_its_own_budget(api, agent_api, monkeypatch):
    monkeypatch.setattr(PerKeyThrottle, "THROTTLE_RATES", {"api": "3/min"})
    assert [api.get(CASES).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(CASES)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"]
    assert agent_api.get(CASES).status_code == 200  # another key is not affected


def test_a_body_over_the_limit_is_413(api, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = api.post(CASES, {**BODY, "description": "x" * 2000}, format="json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "bytes" in response.json()["detail"]


def test_the_budget_is_one_small_counter_per_key_and_window(api, integration_key, monkeypatch):
    """DRF's own throttle kept every request's time in one list, read and written whole
    on every call; the counter stays one number however many requests are made."""
    from django.core.cache import cache

    monkeypatch.setattr(PerKeyThrottle, "THROTTLE_RATES", {"api": "5/hour"})
    monkeypatch.setattr("accounts.throttling.time.time", lambda: 7200.0 + 10)  # 10 s in
    assert [api.get(CASES).status_code for _ in range(6)] == [200] * 5 + [429]
    key = f"throttle:api:key:{integration_key[0].pk}:2"
    assert cache.get(key) == 6
    refused = api.get(CASES)
    assert int(refused["Retry-After"]) == 3600 - 10  # until the window ends
    monkeypatch.setattr("accounts.throttling.time.time", lambda: 3 * 3600.0)  # next window
    assert api.get(CASES).status_code == 200


@pytest.mark.parametrize("idempotency_key", [None, "deep-1"])
@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_too_deep_is_400_and_logs_nothing(api, depth, idempotency_key):
    """Python's JSON decoder recurses once per level: ~1,000 levels raised RecursionError,
    a 500 on every POST (and in the Idempotency-Key fingerprint, which reads the body
    first). Deep nesting is refused before anything walks it."""
    from cases.models import Case

    deep = "[" * depth + "]" * depth
    body = json.dumps({**BODY, "tags": "__deep__"}).replace('"__deep__"', deep)
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    response = api.post(CASES, body, content_type="application/json", headers=headers)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert "nested" in response.json()["detail"]
    assert not Case.objects.exists()


def test_json_at_the_depth_limit_still_parses(api):
    """The limit is far above any body the API takes (a step's commitments are 3 deep)."""
    from recovery.parsers import MAX_JSON_DEPTH

    inner = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)  # + the outer object
    body = json.dumps({**BODY, "tags": "__deep__"}).replace('"__deep__"', inner)
    response = api.post(CASES, body, content_type="application/json")
    assert response.status_code == 400  # tags must be strings: the serializer saw it
    assert "tags" in response.json()
