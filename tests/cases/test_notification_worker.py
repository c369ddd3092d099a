"""Notification emails grouped by case through real Celery workers on Redis: the email
waits NOTIFICATION_GROUP_SECONDS for what else happens to the case, then goes once, even
with two workers each holding one of the group's tasks."""

import time

import pytest

from cases import notify
from cases.models import Notification

from ..factories import CaseFactory
from ..workers import wait_for

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_what_happens_to_a_case_within_the_window_is_one_email(agent, manager, celery_workers,
                                                              settings):
    settings.NOTIFICATION_GROUP_SECONDS = 3  # here, and in the workers started below
    celery_workers.start()
    celery_workers.start()
    case, other = CaseFactory(by=agent), CaseFactory(by=agent, title="Another matter")
    started = time.monotonic()
    # autocommit: each enqueues its email task at once, to run 3 s later
    notify.notify(manager, "Low survey score: 2 of 5", case=case, kind="low_score")
    time.sleep(1)
    notify.notify(manager, "Reopened by the customer", case=case, kind="reopened_by_customer")
    notify.notify(manager, "Low survey score: 1 of 5", case=other, kind="low_score")
    assert celery_workers.emails() == []  # the window is open: nothing yet
    assert wait_for(lambda: len(celery_workers.emails()) >= 2, timeout=20)
    assert time.monotonic() - started >= 3
    celery_workers.wait_until_idle()
    emails = celery_workers.emails()
    grouped = [e for e in emails if f"2 notifications about {case.reference}" in e]
    alone = [e for e in emails if "Subject: Low survey score: 1 of 5" in e]
    assert len(emails) == 2 and len(grouped) == 1 and len(alone) == 1, emails
    assert "Reopened by the customer" in grouped[0] and "2 of 5" in grouped[0]

    # after the email went, the case's next news starts a window of its own
    notify.notify(manager, "Email to the customer bounced", case=case,
                  kind="customer_unreachable")
    assert wait_for(lambda: len(celery_workers.emails()) == 3, timeout=20)
    celery_workers.wait_until_idle()
    assert len(celery_workers.emails()) == 3
    assert "Subject: Email to the customer bounced" in celery_workers.emails()[-1]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
