"""Retention: beat erases cases closed longer ago than RETENTION_DAYS, in resumable
batches, and the customer once none of their cases is left unexpired."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as live_settings
from django.utils import timezone

from cases.intake import CustomerDetails
from cases.models import Case, Customer
from privacy import anonymise, tasks
from privacy.models import CaseErasure, Erasure

from ..archive.helpers import closed_case
from ..factories import CaseFactory
from .test_erasure import identifiers_in_database, numbers

pytestmark = pytest.mark.django_db

ANN = CustomerDetails(email="ann.oldcase@example.org", name="Annabel Oldcase")
BOB = CustomerDetails(email="bob.stillhere@example.org", name="Bobby Stillhere")


@pytest.fixture
def retention(settings):
    settings.RETENTION_DAYS = 30
    settings.RETENTION_BATCH_SIZE = 2


@pytest.fixture
def closed(agent):
    """Ann: two closed cases. Bob: one closed, one still open."""
    return [closed_case(agent, customer=ANN, title="Annabel Oldcase's vase"),
            closed_case(agent, customer=ANN, title="Second vase"),
            closed_case(agent, customer=BOB, title="Bobby Stillhere's lamp"),
            CaseFactory(by=agent, customer=BOB, title="Bobby Stillhere's chair")]


def test_beat_runs_the_retention_task():
    assert live_settings.CELERY_BEAT_SCHEDULE["apply-retention"]["task"] == \
        "privacy.tasks.apply_retention"


def test_nothing_is_erased_without_retention_days(closed, settings):
    settings.RETENTION_DAYS = 0
    with time_machine.travel(timezone.now() + timedelta(days=3650)):
        assert tasks.apply_retention() == 0
    assert not CaseErasure.objects.exists()


def test_cases_are_erased_in_batches_after_the_period_and_then_the_customer(
        retention, closed, manager):
    before = numbers(manager)
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert tasks.apply_retention.delay().get() == 0  # not yet
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert tasks.apply_retention.delay().get() == 2  # a batch: Ann's two
        assert identifiers_in_database(["Annabel", "Oldcase", "ann.oldcase"]) == []
        ann = Customer.objects.get(pk=closed[0].customer_id)
        assert ann.name == "Erased customer"
        assert Erasure.objects.get().customer == ann

        assert tasks.apply_retention() == 1  # Bob's closed case; his open one stays
        assert tasks.apply_retention() == 0
    bob = Customer.objects.get(pk=closed[2].customer_id)
    assert bob.email == BOB.email  # a case of his is not expired: he stays
    assert "Bobby" not in Case.objects.get(pk=closed[2].pk).title
    assert Case.objects.get(pk=closed[3].pk).title == "Bobby Stillhere's chair"
    events = closed[0].events.filter(kind="personal_data_erased")
    assert [(event.actor, event.data["reason"]) for event in events] == [(None, "retention")]
    assert numbers(manager) == before


def test_a_run_that_dies_resumes_with_the_next_case(retention, closed, monkeypatch):
    real, calls = anonymise.erase_cases, []

    def dies_on_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(anonymise, "erase_cases", dies_on_the_second)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        with pytest.raises(RuntimeError):
            tasks.apply_retention()
        assert list(CaseErasure.objects.values_list("case_id", flat=True)) == [closed[0].pk]
        monkeypatch.setattr(anonymise, "erase_cases", real)
        assert tasks.apply_retention() == 2  # the second, then Bob's closed one
    assert CaseErasure.objects.count() == 3


@pytest.mark.parametrize("raw, expected", [("", 0), ("365", 365)])
def test_retention_days_come_from_the_environment(raw, expected):
    assert _settings_with(RETENTION_DAYS=raw) == (0, f"{expected}\n")


@pytest.mark.parametrize("raw", ["-1", "a year"])
def test_a_retention_that_is_no_number_of_days_stops_start_up(raw):
    code, output = _settings_with(RETENTION_DAYS=raw)
    assert code != 0 and "RETENTION_DAYS must be" in output


def _settings_with(**env):
    import os
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; "
                               "print(settings.RETENTION_DAYS)"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "recovery.settings", **env})
    return result.returncode, result.stdout if result.returncode == 0 else result.stderr
