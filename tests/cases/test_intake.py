"""Logging a case: references, SLA targets, customers, the opening event."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from cases.intake import CustomerDetails, find_or_create_customer, open_case
from cases.models import Case, Customer, SlaTarget

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_reference_is_readable_and_counts_up_within_the_year():
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC)):
        first, second = CaseFactory(), CaseFactory()
    assert re.fullmatch(r"SR-2026-\d{6}", first.reference)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_reference_numbering_starts_again_each_year():
    with time_machine.travel(datetime(2026, 12, 31, 23, 0, tzinfo=UTC)):
        CaseFactory()
    with time_machine.travel(datetime(2027, 1, 1, 0, 5, tzinfo=UTC)):
        new_year = CaseFactory()
    assert new_year.reference == "SR-2027-000001"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_references_are_unique_when_cases_are_logged_concurrently():
    """Sixteen threads, each with its own PostgreSQL connection, log cases at once."""
    assert connection.vendor == "postgresql"
    CaseFactory()  # the year's counter row exists; the race is on incrementing it
    references, errors = [], []
    start = threading.Barrier(16)

    def log_cases():
        try:
            start.wait()
            for _ in range(5):
                references.append(CaseFactory().reference)
        except Exception as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_cases) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == 80
    assert len(set(references)) == 80
    assert Case.objects.count() == 81


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_first_cases_of_a_year_logged_concurrently_get_distinct_references():
    """No counter row yet: concurrent upserts must still hand out distinct numbers."""
    references, errors = [], []
    start = threading.Barrier(8)

    def log_case():
        try:
            start.wait()
            references.append(CaseFactory().reference)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_case) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(int(ref[-6:]) for ref in references) == list(range(1, 9))


@pytest.mark.parametrize(
    "severity, respond, resolve",
    [("critical", 60, 1440), ("high", 240, 4320), ("medium", 480, 7200), ("low", 1440, 14400)],
)
def test_sla_targets_come_from_the_severity(severity, respond, resolve):
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        case = CaseFactory(severity=severity)
    assert case.first_response_due_at == now + timedelta(minutes=respond)
    assert case.resolution_due_at == now + timedelta(minutes=resolve)


def test_sla_targets_edited_in_the_admin_apply_to_new_cases():
    SlaTarget.objects.filter(severity="high").update(
        first_response_minutes=30, resolution_minutes=600
    )
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        case = CaseFactory(severity="high")
    assert case.first_response_due_at == now + timedelta(minutes=30)
    assert case.resolution_due_at == now + timedelta(minutes=600)


def test_a_case_still_gets_targets_if_its_severity_row_was_deleted():
    SlaTarget.objects.filter(severity="low").delete()
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        case = CaseFactory(severity="low")
    assert case.first_response_due_at == now + timedelta(hours=24)


def test_customer_is_found_by_email_whatever_its_case():
    first = CaseFactory(customer=CustomerDetails(email="Ann.Lee@Example.com", name="Ann Lee"))
    second = CaseFactory(customer=CustomerDetails(email="ann.lee@example.COM "))
    assert first.customer_id == second.customer_id
    assert Customer.objects.count() == 1
    assert first.customer.email == "ann.lee@example.com"


def test_existing_customer_keeps_their_name_and_gets_blanks_filled():
    find_or_create_customer(CustomerDetails(email="bo@example.com", name="Bo"))
    customer = find_or_create_customer(
        CustomerDetails(email="BO@example.com", name="Robert", company="Bo & Co", tier="gold")
    )
    assert (customer.name, customer.company, customer.tier) == ("Bo", "Bo & Co", "gold")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_cases_for_a_new_customer_make_one_customer():
    errors = []
    start = threading.Barrier(8)

    def log_case():
        try:
            start.wait()
            CaseFactory(customer=CustomerDetails(email="Same.Person@example.com"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_case) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Customer.objects.filter(email="same.person@example.com").count() == 1
    assert Case.objects.count() == 8


def test_a_new_case_is_open_at_the_first_step_with_an_opening_event(agent):
    case = CaseFactory(by=agent, title="Lost parcel")
    assert (case.status, case.stage) == ("open", "restore_value")
    events = list(case.events.all())
    assert [(e.kind, e.actor, e.note) for e in events] == [("opened", agent, "Lost parcel")]


def test_logging_with_an_assignee_records_the_assignment(agent):
    case = open_case(
        customer=CustomerDetails(email="x@example.com"),
        title="Broken",
        category=CaseFactory().category,
        severity="low",
        channel="phone",
        assignee=agent,
        by=agent,
    )
    assert case.assignee == agent
    assert [e.kind for e in case.events.all()] == ["opened", "assigned"]


def test_timeline_events_cannot_be_rewritten(agent):
    event = CaseFactory(by=agent).events.get()
    event.note = "rewritten history"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
