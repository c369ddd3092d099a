"""Schemathesis over the whole API: every operation in /api/schema/ is called with data
generated from the schema (valid and invalid), in process through the WSGI app, against
PostgreSQL. Each answer must not be a server error and must conform to the schema: a
documented status code, content type, headers and body.

Path parameters are drawn half from what the generator invents (mostly 404s) and half from
real objects (cases at three points of the flow, a webhook with a delivery, a commitment),
so the operations' own answers — 200s, 409s, 422s — are exercised too."""

from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiKey, Role
from accounts.throttling import PerKeyThrottle
from apologies import flow
from apologies.flow import STEP_KEYS
from cases import work
from recovery.wsgi import application
from webhooks.models import Delivery, Subscription

from .apologies.steps import complete
from .factories import CaseFactory, make_user


@schemathesis.serializer("message/rfc822")
def raw_email(ctx, value):
    """The mail server's pipe takes one raw email: whatever the generator made, as bytes."""
    if isinstance(value, bytes):
        return value
    return str(value if value is not None else "").encode("utf-8", "surrogatepass")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, as a server
    should; the test's transaction lives on that connection, so keep it open (Django's
    test Client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["manager", "integration", "inbound"])
def desk(request, db, monkeypatch):
    """An API key (a manager's, who may do everything, or an integration's, which is refused
    most writes, or a mail server's inbound key, refused all but the pipe), and real objects
    for the path parameters: the key's own cases."""
    # Every example counts against the key's rate limit; the limit has its own tests
    monkeypatch.setitem(PerKeyThrottle.THROTTLE_RATES, "api", "1000000/minute")
    manager = make_user(Role.MANAGER, email="schema-manager@desk.test")
    if request.param == "manager":
        key, raw = ApiKey.objects.create_key(name="Schema check", user=manager)
    elif request.param == "inbound":
        key, raw = ApiKey.objects.create_key(name="Postfix", is_inbound=True)
    else:
        key, raw = ApiKey.objects.create_key(name="Web shop")
    by = manager if key.is_inbound else key
    fresh = CaseFactory(by=by)
    ready = complete(CaseFactory(by=by), by=manager)
    sent = complete(CaseFactory(by=by), by=manager)
    flow.send_apology(sent, by=manager)
    promise = work.add_commitment(sent, "Call the customer back",
                                  timezone.now() + timedelta(days=2), by=manager)
    hook = Subscription.objects.create(url="http://127.0.0.1:9/hooks", events=["case.created"],
                                       api_key=key, owner=manager)
    delivery = Delivery.objects.create(subscription=hook, event="case.created", case=fresh,
                                       payload={"event": "case.created"})
    real = {
        "reference": [fresh.reference, ready.reference, sent.reference],
        "key": list(STEP_KEYS),
        "delivery_pk": [delivery.pk],
        "id": {"webhooks": [hook.pk], "commitments": [promise.pk]},
    }
    # An inbound key may not read the schema: a manager's reads it, the inbound key calls.
    reader = ApiKey.objects.create_key(name="Schema reader", user=manager)[1] \
        if key.is_inbound else raw
    return raw, real, reader


@pytest.fixture
def api_schema(desk, keep_test_connection):
    _, real, reader = desk
    loaded = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers={"Authorization": f"Api-Key {reader}"},
    )

    @loaded.hook
    def flatmap_path_parameters(context, path_parameters):
        if not path_parameters:
            return st.just(path_parameters)
        path = context.operation.path
        chosen = {}
        for name in path_parameters:
            values = real.get(name, [])
            if isinstance(values, dict):
                values = values["webhooks" if "webhooks" in path else "commitments"]
            if values:
                chosen[name] = st.sampled_from(values)
        real_ones = st.fixed_dictionaries({**path_parameters, **chosen})
        return st.one_of(st.just(path_parameters), real_ones)

    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, desk):
    raw_key, _, _ = desk
    case.call_and_validate(headers={"Authorization": f"Api-Key {raw_key}"}, checks=CHECKS)
