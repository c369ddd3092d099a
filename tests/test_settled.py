"""The desk's configuration kept per process (recovery.settled): read once, read again when
any process changes it, never stale inside the process that changed it, and read from the
database when the cache is unreachable."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from apologies.models import MessageTemplate
from cases.models import ReminderPolicy, SlaTarget
from recovery import settled

pytestmark = pytest.mark.django_db
OPENED = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def respond_minutes() -> int:
    due, _ = SlaTarget.due_times("high", OPENED)
    return int((due - OPENED).total_seconds() // 60)


def test_a_change_made_by_another_process_is_seen_by_the_next_read(
        django_assert_num_queries):
    before = respond_minutes()
    # Another process edits the row and, once it commits, replaces the version: here the row
    # is written without signals, so only the version tells this process.
    SlaTarget.objects.filter(severity="high").update(first_response_minutes=before + 30)
    with django_assert_num_queries(0):
        assert respond_minutes() == before  # kept: nothing said it changed
    cache.set(settled.VERSION_KEY, "set by another process", None)
    assert respond_minutes() == before + 30


def test_a_change_saved_here_is_seen_at_once_even_before_commit(
        django_capture_on_commit_callbacks):
    respond_minutes()
    target = SlaTarget.objects.get(severity="high")
    target.first_response_minutes = 7
    target.save()  # still inside the test's transaction
    assert respond_minutes() == 7
    version = cache.get(settled.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        target.save()
    assert cache.get(settled.VERSION_KEY) != version  # the other processes will read again


def test_callers_get_a_copy_an_edit_form_may_change(django_assert_num_queries):
    template = MessageTemplate.current()
    template.organisation = "Changed but never saved"
    with django_assert_num_queries(0):
        assert MessageTemplate.current().organisation != "Changed but never saved"


def test_with_the_cache_unreachable_the_rows_come_from_the_database(
        monkeypatch, django_assert_num_queries):
    ReminderPolicy.current()

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", unreachable)
    ReminderPolicy.objects.update_or_create(pk=1, defaults={"warn_at_percent": 55})
    with django_assert_num_queries(1):
        assert ReminderPolicy.current().warn_at_percent == 55


def test_a_request_reads_the_version_once(monkeypatch):
    ReminderPolicy.current()  # the desk's first read sets the version
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(a) or real_get(*a, **k))
    with settled.one_version():
        for _ in range(3):
            SlaTarget.due_times("high", OPENED)
            ReminderPolicy.current()
    assert reads.count((settled.VERSION_KEY,)) == 1


def test_each_request_reads_it_in_its_own_scope(agent_client, monkeypatch):
    ReminderPolicy.current()  # the desk's first read sets the version
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(a) or real_get(*a, **k))
    agent_client.get("/notifications/settings/")  # shows the desk's time zone
    agent_client.get("/notifications/settings/")
    assert reads.count((settled.VERSION_KEY,)) == 2


def test_a_change_rolled_back_is_not_kept(django_assert_num_queries):
    from django.db import transaction

    before = respond_minutes()
    try:
        with transaction.atomic():
            target = SlaTarget.objects.get(severity="high")
            target.first_response_minutes = before + 99
            target.save()
            assert respond_minutes() == before + 99  # read, not kept
            raise RuntimeError("the request failed after the change")
    except RuntimeError:
        pass
    assert respond_minutes() == before


def test_a_category_made_inactive_or_added_is_seen_by_the_next_intake(
        api, django_capture_on_commit_callbacks):
    from cases.models import Category

    from .cases.test_intake_api import BODY, CASES

    body = {**BODY, "external_id": ""}
    assert api.post(CASES, body, format="json").status_code == 201  # shipping is kept now
    shipping = Category.objects.get(slug="shipping")
    shipping.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        shipping.save()  # a save anywhere: the categories page, the admin
    refused = api.post(CASES, body, format="json")
    assert refused.status_code == 400
    assert "Unknown category “shipping”." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(slug="luggage", name="Luggage")
    assert api.post(CASES, {**body, "category": "luggage"}, format="json").status_code == 201
    for odd in (["shipping"], {"slug": "luggage"}, None):
        assert api.post(CASES, {**body, "category": odd}, format="json").status_code == 400


def test_without_a_shared_cache_a_row_is_kept_ten_seconds(monkeypatch, django_assert_num_queries):
    """The embedded desk's web process and worker each have their own cache (no Redis):
    neither hears of the other's changes, so neither keeps a row long."""
    clock = [1000.0]
    monkeypatch.setattr(settled.time, "monotonic", lambda: clock[0])
    ReminderPolicy.current()
    with django_assert_num_queries(0):
        ReminderPolicy.current()
    clock[0] += settled.LOCAL_SECONDS + 1
    with django_assert_num_queries(1):
        ReminderPolicy.current()
