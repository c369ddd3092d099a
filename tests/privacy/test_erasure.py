"""Erasing a customer: none of their identifiers left in any text column of any table, nor
in storage, and the figures on /insights/ unchanged."""

import io
import json
import os
import re
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Case, CaseEvent, Customer, SavedView
from conversation.models import Attachment, InboundEmail
from insights import figures
from insights.period import default_period
from privacy.models import AccessRecord, Action, CaseErasure, Erasure

from .helpers import EMAIL, IDENTIFIERS, NAME, OWN_WORD, customer_with_everything

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("text", "character varying", "jsonb", "json", "tsvector")


def identifiers_in_database(needles) -> list[str]:
    """Every (table.column: needle) where a needle occurs, over every text-like column of
    every table in the schema (information_schema, not a list kept by hand)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s)",
            [list(TEXT_TYPES)])
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{needle}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}: {needle}")
    return found


def identifiers_in_storage(root, needles) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            content = open(os.path.join(folder, name), "rb").read().lower()
            found += [f"{name}: {needle}" for needle in needles
                      if needle.lower().encode() in content]
    return found


def numbers(user):
    """The dashboard's figures as numbers and dates only (words may change, these not)."""
    period = default_period(timezone.localdate())
    shown = {}
    for figure in figures.dashboard(user, period):
        shown[figure.slug] = (
            [[cell for cell in row if figures.is_number(cell) or isinstance(cell, date)]
             for row in figure.rows],
            re.findall(r"\d+(?:\.\d+)?", figure.summary))
    return shown


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def customer(media, agent, manager, manager_api, api):
    return customer_with_everything(agent, manager, manager_api, api)


def test_the_data_is_there_before_the_erase(customer, media):
    assert identifiers_in_database([NAME, EMAIL, OWN_WORD]) != []
    assert identifiers_in_storage(media, [NAME, EMAIL]) != []


def test_export_holds_every_kind_then_erase_leaves_no_identifier_anywhere(
        customer, manager, manager_api, manager_client, media,
        django_capture_on_commit_callbacks):
    page = manager_client.get(f"/customers/{customer.pk}/")
    assert "Export personal data" in page.content.decode()
    exported = manager_api.get(f"/api/v1/customers/{customer.pk}/export/")
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(exported.streaming_content)))
    names = zipped.namelist()
    held = json.loads(zipped.read("customer.json"))  # the one document (CONTRACT.md)
    assert held["customer"]["email"] == EMAIL
    for kind in ("cases", "apology_steps", "apologies_sent", "timeline",
                 "messages", "attachments", "raw_emails", "surveys", "archived_apologies",
                 "webhook_deliveries", "stored_api_answers", "notifications", "access_log"):
        assert held[kind] and all("id" in row for row in held[kind]), f"no {kind}"
    assert OWN_WORD in json.dumps(held["surveys"])
    answered = [case for case in held["cases"] if case["survey"]]
    assert answered and OWN_WORD in json.dumps(answered[0]["survey"])  # each case whole
    assert all(case["timeline"] for case in held["cases"])
    assert sum(name.startswith("attachments/") for name in names) == 2  # the label, receipt
    raw = [name for name in names if name.startswith("raw_emails/")]
    assert len(raw) == 1 and EMAIL.encode() in zipped.read(raw[0])

    before = numbers(manager)
    with django_capture_on_commit_callbacks(execute=True):
        erased = manager_client.post(f"/customers/{customer.pk}/erase/", {"confirm": "ERASE"})
    assert erased.status_code == 302

    assert identifiers_in_database(IDENTIFIERS) == []
    assert identifiers_in_storage(media, IDENTIFIERS) == []
    assert numbers(manager) == before
    customer.refresh_from_db()
    assert customer.name == "Erased customer"
    assert customer.email == f"erased-{customer.pk}@erased.invalid"
    assert Attachment.objects.filter(case__customer=customer).count() == 0
    assert not InboundEmail.objects.exclude(raw="").exists()
    cases = Case.objects.filter(customer=customer)
    assert CaseErasure.objects.filter(case__in=cases).count() == cases.count() == 3
    erased_events = CaseEvent.objects.filter(kind="personal_data_erased")
    assert {event.actor for event in erased_events} == {manager}
    assert erased_events.count() == 3
    log = AccessRecord.objects.get(action=Action.ERASED)
    assert (log.person, log.customer_id) == (manager, customer.pk)
    assert Erasure.objects.get().by == manager
    views = dict(SavedView.objects.values_list("name", "query"))
    assert views == {"[customer]'s cases": "status=active&q=%5Bemail%5D",  # filters kept
                     "Bo's cases": "q=bo%40example.se"}  # another customer's: not theirs


def test_a_wrong_confirmation_changes_nothing(customer, manager_client, manager_api):
    page = manager_client.post(f"/customers/{customer.pk}/erase/", {"confirm": "erase it"})
    assert page.status_code == 400
    assert "Type the customer" in page.content.decode()
    answer = manager_api.post(f"/api/v1/customers/{customer.pk}/erase/",
                              {"confirm": "someone@else.example"}, format="json")
    assert answer.status_code == 400 and "confirm" in answer.json()
    assert Customer.objects.get(pk=customer.pk).email == EMAIL
    assert not Erasure.objects.exists()


def test_erase_by_api_with_the_email_then_again_is_409(customer, manager_api, agent_api):
    assert agent_api.post(f"/api/v1/customers/{customer.pk}/erase/", {"confirm": EMAIL},
                          format="json").status_code == 403
    first = manager_api.post(f"/api/v1/customers/{customer.pk}/erase/", {"confirm": EMAIL},
                             format="json")
    assert first.status_code == 200, first.content
    assert first.json()["customer"] == customer.pk
    again = manager_api.post(f"/api/v1/customers/{customer.pk}/erase/", {"confirm": "ERASE"},
                             format="json")
    assert again.status_code == 409


def test_agents_cannot_export_or_erase(customer, agent_client, agent_api):
    assert agent_client.post(f"/customers/{customer.pk}/export/").status_code == 403
    assert agent_client.get(f"/customers/{customer.pk}/erase/").status_code == 403
    assert agent_api.get(f"/api/v1/customers/{customer.pk}/export/").status_code == 403
    assert Customer.objects.get(pk=customer.pk).email == EMAIL
