"""The demo desk's first minute through a real Celery worker (issue 20, item 3): seed_demo,
then beat's cycles and a worker as `make run` starts them; the manager gets a handful of
emails, not the 30 a back-dated demo once sent."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from cases import reminders

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_demo_manager_gets_a_handful_of_emails_in_the_first_minute(celery_workers):
    celery_workers.start()
    call_command("seed_demo", stdout=StringIO())
    started = time.monotonic()
    while time.monotonic() - started < 12:  # beat's cycles, quickened
        reminders.dispatch()
        time.sleep(2)
    celery_workers.wait_until_idle()
    to_manager = [e for e in celery_workers.emails() if "To: manager@example.com" in e]
    subjects = [line for e in to_manager for line in e.splitlines()
                if line.startswith("Subject:")]
    print("manager's emails:", len(to_manager), subjects)
    # what still asks for the manager: the one remedy waiting for approval
    assert [s.split(":")[1].strip() for s in subjects] == ["Remedy waiting for approval"]
