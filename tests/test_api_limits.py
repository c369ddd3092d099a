"""The API's limits: per-key throttling (429 with Retry-After) and body size (413), in JSON."""

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
