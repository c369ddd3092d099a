"""Notification emails grouped by case (issue 20, item 3): what happens to one case within
NOTIFICATION_GROUP_SECONDS reaches a person as one email, sent once however often the task
runs, with no transaction open while it is sent. The task body in-process, time by
time-machine; the window itself with a real worker in test_notification_worker.py."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from cases import notify, reminders
from cases.models import Notification
from cases.tasks import send_notification_email

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
T0 = timezone.now().replace(microsecond=0) + timedelta(days=1)


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent, title="Customer's vase arrived broken")


def told(person, subject, case, at, body=""):
    """`notify` in a transaction of its own at `at`; the email task it enqueued, not run."""
    with time_machine.travel(at, tick=False), \
            TestCase.captureOnCommitCallbacks(execute=False) as enqueued:
        notification = notify.notify(person, subject, body, case=case, kind="low_score")
    return notification, enqueued


def run(callbacks, at):
    """The worker runs the enqueued tasks at `at` (eager: the task body, in this process)."""
    with time_machine.travel(at, tick=False):
        for callback in callbacks:
            callback()


def test_three_things_about_a_case_within_the_window_are_one_email(case, manager, mailoutbox,
                                                                   settings):
    settings.SITE_URL = "http://desk.test"
    first, tasks = told(manager, "Low survey score: 2 of 5", case, T0, "“Too slow.”")
    _, more = told(manager, "Reopened by the customer", case, T0 + timedelta(seconds=40))
    _, most = told(manager, "Email to the customer bounced", case, T0 + timedelta(seconds=90))
    other_case = CaseFactory(title="Another matter")
    _, other = told(manager, "Low survey score: 1 of 5", other_case, T0 + timedelta(seconds=50))
    run(tasks + more + most + other, T0 + timedelta(seconds=120))
    assert sorted(m.subject for m in mailoutbox) == sorted([
        f"3 notifications about {case.reference} Customer's vase arrived broken",
        "Low survey score: 1 of 5",
    ])
    [email] = [m for m in mailoutbox if m.subject.startswith("3 ")]
    body = email.body
    # newest first, each with its time, the case linked once at the end
    assert body.index("Email to the customer bounced") < body.index("Reopened by the customer") \
        < body.index("Low survey score: 2 of 5") < body.index("“Too slow.”")
    assert f"{case.reference}: http://desk.test{case.get_absolute_url()}" in body
    html = email.alternatives[0][0]
    assert html.count("<h2") == 3 and "Customer&#x27;s vase" in html
    assert f'href="http://desk.test{case.get_absolute_url()}"' in html
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_task_run_twice_and_its_group_s_other_tasks_send_once(case, manager, mailoutbox):
    first, tasks = told(manager, "Low survey score: 2 of 5", case, T0)
    second, _ = told(manager, "Reopened by the customer", case, T0 + timedelta(seconds=5))
    with time_machine.travel(T0 + timedelta(seconds=120), tick=False):
        send_notification_email(first.pk)
        send_notification_email(first.pk)  # the broker delivered it twice
        send_notification_email(second.pk)  # the group's other task, later
        assert notify.email_notification(second.pk) is False
    assert len(mailoutbox) == 1 and mailoutbox[0].subject.startswith("2 notifications")


def test_what_arrives_after_the_email_went_is_an_email_of_its_own(case, manager, mailoutbox):
    _, tasks = told(manager, "Low survey score: 2 of 5", case, T0)
    run(tasks, T0 + timedelta(seconds=120))
    _, later = told(manager, "Reopened by the customer", case, T0 + timedelta(seconds=130))
    run(later, T0 + timedelta(seconds=250))
    assert [m.subject for m in mailoutbox] == ["Low survey score: 2 of 5",
                                               "Reopened by the customer"]
    assert mailoutbox[0].extra_headers["Message-ID"] != mailoutbox[1].extra_headers["Message-ID"]


def test_read_or_settled_before_the_window_closed_is_not_emailed(case, manager, mailoutbox):
    _, tasks = told(manager, "Low survey score: 2 of 5", case, T0)
    notify.mark_read(manager, case_id=case.pk)
    run(tasks, T0 + timedelta(seconds=120))
    assert mailoutbox == []


def test_a_due_soon_past_its_target_is_not_emailed(case, agent, mailoutbox):
    """The window (or a slow worker) must not deliver "due soon" after the due time."""
    with time_machine.travel(T0, tick=False), \
            TestCase.captureOnCommitCallbacks(execute=False) as tasks:
        notify.notify(agent, "Commitment due soon", case=case, kind="commitment_due",
                      expires_at=T0 + timedelta(seconds=60))
    run(tasks, T0 + timedelta(seconds=120))
    assert mailoutbox == []
    assert reminders.unsent_notifications(T0 + timedelta(hours=1)) == []


class Refusing(EmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("the mail server went away")


def test_a_send_that_fails_is_sent_by_the_retry(case, manager, settings):
    settings.EMAIL_BACKEND = "tests.cases.test_notification_emails.Refusing"
    first, _ = told(manager, "Low survey score: 2 of 5", case, T0)
    with time_machine.travel(T0 + timedelta(seconds=120), tick=False):
        with pytest.raises(SMTPServerDisconnected):
            notify.email_notification(first.pk)
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        mail.outbox = []
        assert notify.email_notification(first.pk) is True  # the claim was given back
    assert [m.subject for m in mail.outbox] == ["Low survey score: 2 of 5"]


def test_a_claim_left_by_a_dead_worker_is_swept_and_sent_again(case, manager, mailoutbox,
                                                               settings):
    first, _ = told(manager, "Low survey score: 2 of 5", case, T0)
    Notification.objects.filter(pk=first.pk).update(email_claimed_at=T0 + timedelta(minutes=2))
    assert reminders.unsent_notifications(T0 + timedelta(minutes=4)) == []  # still in hand
    later = T0 + timedelta(minutes=2, seconds=settings.REMINDER_CLAIM_TIMEOUT + 1)
    assert reminders.unsent_notifications(later) == [first.pk]
    with time_machine.travel(later, tick=False):
        assert notify.email_notification(first.pk) is True
    assert len(mailoutbox) == 1


class InTransaction(EmailBackend):
    """Notes whether a transaction is open while the email is handed over."""
    seen = []

    def send_messages(self, messages):
        InTransaction.seen.append(connection.in_atomic_block)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_transaction_is_open_while_the_email_is_sent(agent, manager, settings):
    settings.EMAIL_BACKEND = "tests.cases.test_notification_emails.InTransaction"
    case = CaseFactory(by=agent)
    InTransaction.seen = []
    notification = notify.notify(manager, "Low survey score", case=case, kind="low_score")
    assert InTransaction.seen == [False]  # eager: the task ran on commit (autocommit here)
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_subjects_never_show_html_entities(agent, manager, mailoutbox):
    case = CaseFactory(by=agent, title='Tom & Jerry\'s "<b>order</b>"')
    _, tasks = told(manager, f"Low survey score: {case.title}", case, T0)
    _, more = told(manager, "Reopened", case, T0 + timedelta(seconds=1))
    run(tasks, T0 + timedelta(seconds=120))
    [email] = mailoutbox
    assert email.subject == f"2 notifications about {case.reference} " \
                            'Tom & Jerry\'s "<b>order</b>"'
    assert "&#x27;" not in email.subject + email.body and "&amp;" not in email.body
    assert "Tom &amp; Jerry&#x27;s &quot;&lt;b&gt;" in email.alternatives[0][0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_on_one_group_at_once_send_one_email(agent, manager, mailoutbox):
    """Each worker holds a different task of the group; neither deadlocks nor repeats."""
    import threading

    case = CaseFactory(by=agent)
    ids = [notify.notify(manager, f"News {n}", case=case, kind="low_score").pk
           for n in range(6)]
    # autocommit and eager: each went at once; as if their tasks had not run yet
    Notification.objects.filter(pk__in=ids).update(emailed_at=None, email_claimed_at=None)
    mailoutbox.clear()
    barrier, results, errors = threading.Barrier(2), [], []

    def worker(pk):
        try:
            barrier.wait()
            results.append(notify.email_notification(pk))
        except Exception as exc:  # a deadlock would surface here
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in (ids[0], ids[-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [False, True]
    [email] = mailoutbox
    assert email.subject.startswith("6 notifications about")
