"""/healthz and /readyz: public probes for load balancers."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.tasks import dispatch_reminders
from recovery.celery import app as celery_app
from recovery.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


def test_readyz_tells_that_beat_dispatches_after_a_cycle(client):
    assert client.get("/readyz").json()["beat"]["dispatching"] is False  # never yet
    dispatch_reminders.delay()
    beat = client.get("/readyz").json()["beat"]
    assert beat["dispatching"] is True
    assert beat["last_dispatch_at"] is not None


def test_readyz_tells_when_beat_has_not_dispatched_for_several_intervals(client, settings):
    settings.REMINDER_DISPATCH_SECONDS = 60
    Heartbeat.objects.create(name=Heartbeat.REMINDER_DISPATCH,
                             at=timezone.now() - timedelta(minutes=4))
    response = client.get("/readyz")
    assert response.status_code == 200  # the web still serves; the operator is told
    assert response.json()["beat"] == {
        "dispatching": False, "late_after_seconds": 180,
        "last_dispatch_at": Heartbeat.objects.get().at.isoformat()}


def test_beat_status_command_fails_when_beat_is_late(capsys):
    with pytest.raises(CommandError, match="has not dispatched reminders for over 180 s"):
        call_command("beat_status")
    dispatch_reminders.delay()
    call_command("beat_status")
    assert '"dispatching": true' in capsys.readouterr().out


def test_readyz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}


def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False
