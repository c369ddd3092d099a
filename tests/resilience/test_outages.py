"""The desk under gunicorn when PostgreSQL or Redis goes away, and when a web worker is
killed in the middle of a request: clear answers while it lasts, nothing half-written, and
back to normal by itself when the service returns — no restart."""

import os
import signal
import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import ApiKey
from apologies import flow
from apologies.models import ApologyMessage
from cases.models import Case, Customer, ReferenceCounter
from conversation.tasks import redeliver_messages

from ..apologies.steps import complete
from ..factories import CaseFactory
from .served import ServedApp, TcpProxy, broker_port, database_port, until

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NEW_CASE = {"customer": {"email": "kim@example.com"}, "title": "Parcel lost",
            "category": "shipping", "severity": "high", "channel": "api"}


@pytest.fixture
def proxies():
    database, broker = TcpProxy(database_port()), TcpProxy(broker_port())
    yield database, broker
    database.close()
    broker.close()


@pytest.fixture
def served(tmp_path, proxies):
    app = ServedApp(tmp_path, *proxies, IDEMPOTENCY_IN_FLIGHT_SECONDS="2")
    yield app
    app.stop()


def _session_cookie(user) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"Cookie": f"sessionid={session.session_key}"}


def _key(user=None) -> dict:
    return {"Authorization": f"Api-Key {ApiKey.objects.create_key(name='test', user=user)[1]}"}


def test_without_postgresql_clear_503s_and_back_by_itself(served, proxies, agent):
    database, _ = proxies
    browser, api = _session_cookie(agent), _key()
    assert served.request("GET", "/readyz").status == 200
    assert served.request("GET", "/cases/", headers=browser).status == 200

    database.cut()
    ready = served.request("GET", "/readyz")
    assert ready.status == 503 and ready.json()["checks"]["database"] is False
    listed = served.request("GET", "/api/v1/cases/", headers=api)
    assert listed.status == 503 and listed.headers["Retry-After"] == "30"
    assert listed.json()["code"] == "database_unavailable"
    posted = served.request("POST", "/api/v1/cases/", NEW_CASE, headers=api)
    assert posted.status == 503 and "Retry-After" in posted.headers
    page = served.request("GET", "/cases/", headers=browser)
    assert page.status == 503 and "The desk is unavailable for a moment" in page.text
    assert "Traceback" not in page.text and "OperationalError" not in page.text

    database.restore()  # the same gunicorn worker, no restart
    assert until(lambda: served.request("GET", "/readyz").status == 200)
    assert served.request("GET", "/cases/", headers=browser).status == 200
    assert served.request("POST", "/api/v1/cases/", NEW_CASE, headers=api).status == 201
    assert Case.objects.filter(title="Parcel lost").count() == 1


def test_without_redis_the_desk_works_and_nothing_is_lost(
        tmp_path, proxies, agent, celery_workers, request):
    _, broker = proxies
    # the served app and the test's worker share a queue
    served = ServedApp(tmp_path, *proxies, CELERY_QUEUE=celery_workers.queue,
                       CELERY_WEBHOOK_QUEUE=celery_workers.webhook_queue)
    request.addfinalizer(served.stop)
    api = _key(agent)
    case = CaseFactory(by=agent)
    complete(case, *flow.STEP_KEYS, by=agent)

    broker.cut()
    assert served.request("GET", "/readyz").json()["checks"]["broker"] is False
    posted = served.request("POST", "/api/v1/cases/", NEW_CASE, headers=api)
    assert posted.status == 201, posted.text
    assert served.request("GET", f"/cases/{case.reference}/",
                          headers=_session_cookie(agent)).status == 200
    sent = served.request("POST", f"/api/v1/cases/{case.reference}/apology/send/", {},
                          headers=api)
    assert sent.status in (200, 201), sent.text  # the apology is recorded; its email waits
    assert ApologyMessage.objects.get(case=case).delivered_at is None
    assert "Broker unavailable" in served.log()

    broker.restore()
    celery_workers.start()
    # beat's sweep: the apology whose delivery was never enqueued goes out now
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=True):
        redeliver_messages()
    assert until(lambda: ApologyMessage.objects.get(case=case).delivered_at is not None, 30)
    celery_workers.wait_until_idle()
    to = [email for email in celery_workers.emails() if case.reference in email]
    assert len(to) == 1 and case.customer.email in to[0]


def test_a_web_worker_killed_mid_request_writes_nothing_and_the_retry_succeeds(
        served, agent):
    api = {**_key(), "Idempotency-Key": "order-5511"}
    CaseFactory(by=agent)  # this year's reference counter exists
    counter_before = ReferenceCounter.objects.get().last
    # Hold the reference counter's row, so the intake stops in the middle of its transaction.
    with transaction.atomic():
        list(ReferenceCounter.objects.select_for_update())
        answers = []
        request = threading.Thread(target=lambda: answers.append(
            _safe(served.request, "POST", "/api/v1/cases/", NEW_CASE, headers=api)))
        request.start()
        assert until(_waiting_on_lock, 15), "the intake did not reach the counter"
        for pid in served.worker_pids():
            os.kill(pid, signal.SIGKILL)  # mid-request, mid-transaction
        request.join(timeout=15)
    assert answers and answers[0] is None  # the connection was dropped, no answer
    assert not Customer.objects.filter(email="kim@example.com").exists()
    assert not Case.objects.filter(title="Parcel lost").exists()
    assert ReferenceCounter.objects.get().last == counter_before

    # gunicorn starts a new worker; the client retries with the same key
    assert until(lambda: served.request("GET", "/healthz").status == 200)
    # (409 while the dead worker's claim may still be running; then the retry takes it)
    assert until(lambda: served.request("POST", "/api/v1/cases/", NEW_CASE,
                                        headers=api).status == 201, 10)
    assert Case.objects.filter(title="Parcel lost").count() == 1


def _safe(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except OSError:
        return None


def _waiting_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh look inside our transaction
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        return cursor.fetchone()[0] > 0
