"""Sending reminders, once: the dispatcher claims due rows and hands each to a task; the task
sends and records the send in one transaction.

Failure modes, and what happens:
- two dispatchers at once: `FOR UPDATE SKIP LOCKED` gives each row to one of them;
- a worker killed mid-send: its transaction rolls back (no `sent_at`), the broker redelivers
  the task or, if the message is gone (Redis flushed), the claim goes stale after
  REMINDER_CLAIM_TIMEOUT seconds and the next cycle claims the row again;
- the broker down while dispatching: the rows stay claimed and are claimed again later;
- a reminder that raises: `due_at` moves forward (so it cannot crash-loop the dispatcher)
  and it is given up after REMINDER_MAX_ATTEMPTS.
The one remaining gap is a crash after the mail server accepted an email and before the
commit: the retry sends it again (with the same Message-ID, which mail systems de-duplicate).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from recovery.text import one_line

from . import notify, schedule, timeline
from .models import (
    ESCALATIONS,
    TO_CUSTOMER,
    Case,
    EmailMode,
    EventKind,
    Notification,
    NotificationChoices,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    Survey,
)

log = logging.getLogger(__name__)


def claim_due(now=None, limit=None) -> list[int]:
    """Claim up to `limit` due reminders (unclaimed, or claimed too long ago); their ids."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    due = (Reminder.objects.pending().filter(due_at__lte=now)
           .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)).order_by("due_at"))
    # Most cycles find nothing due: one read, not a transaction of three round trips.
    if not due.exists():
        return []
    with transaction.atomic():
        ids = list(
            due.select_for_update(skip_locked=True)  # another dispatcher has those rows
            .values_list("pk", flat=True)[: limit or settings.REMINDER_BATCH_SIZE]
        )
        if ids:
            Reminder.objects.filter(pk__in=ids).update(claimed_at=now, attempts=F("attempts") + 1)
    return ids


def dispatch(now=None) -> list[int]:
    """One cycle: claim what is due and enqueue a send for each; also re-enqueue
    notification emails whose task was lost (see `unsent_notifications`)."""
    from .tasks import send_notification_email, send_reminder  # tasks import this module

    ids = claim_due(now)
    try:
        for pk in ids:
            send_reminder.delay(pk)
        for pk in unsent_notifications(now):
            send_notification_email.delay(pk)
    except Exception:  # the broker is down: the claims go stale and are retried
        log.exception("Could not enqueue reminders; they will be claimed again")
    return ids


def unsent_notifications(now=None) -> list[int]:
    """Notifications whose email should have left by now but has not (its task was lost
    with the broker's contents, or its worker died mid-send and the claim went stale);
    sending is idempotent, so enqueueing again is safe."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    overdue = stale - timedelta(seconds=settings.NOTIFICATION_GROUP_SECONDS)
    rows = list(
        Notification.objects.unread().current(now)  # read or settled: not worth an email
        .filter(emailed_at__isnull=True, created_at__lt=overdue,
                created_at__gt=now - timedelta(days=2))
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=stale))
        .values_list("pk", "recipient_id", "kind")[:settings.REMINDER_BATCH_SIZE])
    choices = NotificationChoices.of(person for _, person, _ in rows)
    # not emailed because the person wants this kind in a digest, or not by email: not lost
    return [pk for pk, person, kind in rows if choices[person].mode_of(kind) == EmailMode.NOW]


def send(reminder_id: int) -> bool:
    """Send one reminder if it is still pending and still makes sense; True if sent."""
    try:
        return _send(reminder_id)
    except Exception as exc:
        _postpone(reminder_id, exc)  # after the rollback, in a transaction of its own
        raise


def _send(reminder_id):
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("case__customer", "case__category", "case__assignee",
                            "commitment__owner", "recipient")
            .filter(pk=reminder_id).first()
        )
        if reminder is None or reminder.sent_at or reminder.cancelled_at:
            return False  # another run got there first, or it was cancelled
        now = timezone.now()
        if reminder.case_id and not schedule.still_relevant(reminder, now):
            reminder.cancelled_at = now
            reminder.save(update_fields=["cancelled_at"])
            return False
        _deliver(reminder, now)
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
    return True


def _postpone(reminder_id, exc):
    """After the failed transaction rolled back: push the row forward, or give up on it."""
    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None:
        return
    reminder.last_error = f"{type(exc).__name__}: {exc}"[:500]
    reminder.claimed_at = None
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        reminder.cancelled_at = timezone.now()
    else:
        reminder.due_at = timezone.now() + timedelta(minutes=5 * reminder.attempts)
    reminder.save(update_fields=["last_error", "claimed_at", "cancelled_at", "due_at"])


def recipients(reminder) -> list:
    """Who is told: the named person, the owner of a commitment, the case's assignee, or
    (escalations, digests, and cases nobody holds) the managers."""
    if reminder.recipient_id:
        return [reminder.recipient]
    if reminder.kind in ESCALATIONS:
        return list(User.objects.managers())
    if reminder.commitment_id and reminder.commitment.owner_id:
        return [reminder.commitment.owner]
    if reminder.case_id and reminder.case.assignee_id:
        return [reminder.case.assignee]
    return list(User.objects.managers())


def _deliver(reminder, now):
    """A notification to each person it is for, written in the reminder's transaction; the
    emails go after commit, grouped with the others about the case (`cases.notify`)."""
    if reminder.kind in TO_CUSTOMER:
        return _deliver_survey(reminder, now)
    case = reminder.case
    context = {"reminder": reminder, "case": case, "commitment": reminder.commitment,
               "site_url": settings.SITE_URL, "breaching": _breaching(reminder), "now": now,
               "idle_since": _idle_since(reminder)}
    subject = one_line(render_to_string("emails/reminder_subject.txt", context))
    body = render_to_string("emails/reminder.txt", context).strip()
    target = schedule.WARNINGS.get(reminder.kind)
    people = recipients(reminder)
    choices = NotificationChoices.of(person.pk for person in people)
    for person in people:
        notify.notify(person, subject, body, case=case, kind=reminder.kind,
                      expires_at=target(reminder) if target else None,
                      choices=choices[person.pk])
    if case is not None:
        kind = (EventKind.ESCALATED if reminder.kind in ESCALATIONS
                else EventKind(f"reminder_{reminder.kind}"))
        timeline.record(case, kind, to_value=", ".join(p.display_name for p in people),
                        note=subject, reminder=reminder.pk)


_survey_writers = []


def write_surveys_with(writer):
    """Register `writer(case, *, again, message_id)`, which writes the survey to the
    customer (the conversation: a message sent after commit, threaded). Registered in an
    `AppConfig.ready`, so that cases never imports the conversation."""
    _survey_writers.append(writer)
    return writer


def _deliver_survey(reminder, now):
    """The survey is a message of the conversation: written in the reminder's transaction
    by the registered writer, and sent after commit. Without one, the reminder fails (and
    is retried later) rather than marking a survey sent that nobody wrote."""
    if not _survey_writers:
        raise RuntimeError("No survey writer is registered (the conversation app)")
    case = Case.objects.select_for_update(of=("self",)).select_related(
        "customer", "category").get(pk=reminder.case_id)
    survey, _ = Survey.objects.get_or_create(case=case)
    if survey.answered_at:
        return
    again = reminder.kind == ReminderKind.SURVEY_REMINDER
    for writer in _survey_writers:
        writer(case, again=again, message_id=_message_id(reminder, None))
    if reminder.kind == ReminderKind.SURVEY:
        survey.sent_at = now
        survey.save(update_fields=["sent_at"])
        schedule.survey_sent(case, now)
    timeline.record(case, EventKind.SURVEY_SENT, to_value=case.customer.email,
                    note="Reminder" if again else "", reminder=reminder.pk)


def _idle_since(reminder):
    """When the case entered the step an idle reminder is about: its due time less the idle
    period (the row's own `created_at` is when it was planned, which for a back-dated or
    re-planned case says nothing about the wait: it read "since 0 minutes ago")."""
    if reminder.kind != ReminderKind.STEP_IDLE:
        return None
    return reminder.due_at - ReminderPolicy.current().step_idle


def _breaching(reminder):
    if reminder.kind != ReminderKind.DIGEST:
        return []
    return list(Case.objects.active().breaching().for_list().order_by("first_response_due_at")[:50])


def _message_id(reminder, person) -> str:
    who = f"-{person.pk}" if person else ""
    return f"<reminder-{reminder.pk}{who}@{settings.EMAIL_MESSAGE_DOMAIN}>"


def plan_digests(now=None) -> int:
    """Today's digest of breaches for each manager (planned once per day and manager)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    planned = 0
    for manager in User.objects.managers():
        schedule.plan(ReminderKind.DIGEST, now, key=f"digest:{day}:{manager.pk}",
                      recipient=manager)
        planned += 1
    return planned
