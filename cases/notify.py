"""Telling people at the desk: a notification in the app, and the same words by email.

`notify` is called inside the caller's transaction. How the email goes is each person's
choice per group of kinds (`NotificationChoices`): at once, in their daily digest
(`cases.digest`), or not at all; in the app they see them all.

"At once" means within NOTIFICATION_GROUP_SECONDS: each notification's email task runs that
long after its commit, and sends, as ONE email, every notification about the same case to
the same person still waiting for its email (a new desk's manager gets one email about a
case that three things happened to, not three). A task run twice, or two tasks of one
group, send once: the rows are claimed under a row lock (`email_claimed_at`), sent with no
transaction open, then marked `emailed_at`. A worker that dies between the two leaves a
claim that goes stale after REMINDER_CLAIM_TIMEOUT and is sent again by beat's sweep, with
the same Message-ID (which mail systems de-duplicate).

Subjects are folded onto one line, when stored and again when sent: a CR or LF in a
subject (from a case title written before titles were checked) makes Django refuse the
email (BadHeaderError), and the retries would never get it out.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recovery import enqueue
from recovery.text import one_line

from .models import EMAIL_GROUPS, EmailMode, Notification, NotificationChoices


def notify(recipient, subject: str, body: str = "", *, case=None, kind: str,
           expires_at=None, choices=None) -> Notification:
    """`choices`: the recipient's `NotificationChoices`, when the caller has them already."""
    notification = Notification.objects.create(
        recipient=recipient, case=case, kind=kind, subject=one_line(subject)[:200], body=body,
        expires_at=expires_at,
    )
    from .tasks import send_notification_email  # tasks import this module

    choices = choices or NotificationChoices.of([recipient.pk])[recipient.pk]
    if choices.mode_of(kind) == EmailMode.NOW:
        # about a case: wait for what else happens to it; otherwise there is nothing to wait for
        wait = settings.NOTIFICATION_GROUP_SECONDS if case is not None else 0
        enqueue.after_commit(send_notification_email, notification.pk, countdown=wait)
    return notification


def choose_emails(person, emails, digest_hour=None) -> NotificationChoices:
    """Record how `person` gets each group of notifications by email (`EMAIL_GROUPS` key →
    `EmailMode`); unknown groups and modes are dropped, and groups not named are emailed at
    once. A new digest hour counts from today: a digest already sent today is not sent
    again at the new hour."""
    known = {key for key, _, _ in EMAIL_GROUPS}
    emails = {key: mode for key, mode in emails.items()
              if key in known and mode in EmailMode.values and mode != EmailMode.NOW}
    defaults = {"emails": emails}
    if digest_hour is not None:
        defaults["digest_hour"] = digest_hour
    choices, _ = NotificationChoices.objects.update_or_create(person=person, defaults=defaults)
    return choices


def email_notification(notification_id: int, now=None) -> bool:
    """Email this notification with the others of its group (same person, same case) still
    waiting for theirs; False if there was nothing to send (deleted, read or settled, sent
    by another run, no longer wanted at once by email, or past its target).

    Raises what the email backend raises; the claim is then given back for the retry."""
    now = now or timezone.now()
    group = _claim_group(notification_id, now)
    if not group:
        return False
    ids = [notification.pk for notification in group]
    try:
        email_of(group).send()
    except Exception:
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            email_claimed_at=None)
        raise
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return True


def _claim_group(notification_id, now) -> list[Notification]:
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    # Whose and which case never change: read without a lock. Locking this row first and
    # then its group would deadlock two tasks of one group, each holding its own row.
    first = Notification.objects.filter(pk=notification_id).values("recipient_id",
                                                                    "case_id").first()
    if first is None:
        return []  # deleted (its case or person was)
    with transaction.atomic():
        group = Notification.objects.filter(recipient_id=first["recipient_id"])
        group = (group.filter(case_id=first["case_id"]) if first["case_id"]
                 else group.filter(pk=notification_id))
        # A row claimed by another run since is skipped: under READ COMMITTED the locked
        # rows are read again once that run commits, and no longer match.
        rows = list(
            group.unread().current(now)
            .filter(emailed_at__isnull=True, created_at__lte=now)
            .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=stale))
            .select_for_update(of=("self",)).select_related("recipient", "case")
            .order_by("pk")  # every run locks a group's rows in one order
        )
        if not rows:
            return []
        choices = NotificationChoices.of([first["recipient_id"]])[first["recipient_id"]]
        rows = [row for row in rows if choices.mode_of(row.kind) == EmailMode.NOW]
        if not rows:
            return []  # they chose a digest, or no email, for these since
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email_claimed_at=now)
    return rows


def email_of(group) -> EmailMultiAlternatives:
    """One email for notifications to one person about one case (newest first): the subject
    as plain text (never HTML-escaped), a text part, and an HTML part whose links are
    absolute (SITE_URL). Its Message-ID is the group's first notification's, so a resend
    after a crash is recognised as the same email."""
    group = sorted(group, key=lambda n: (n.created_at, n.pk), reverse=True)
    first = min(group, key=lambda n: n.pk)
    case = first.case
    if len(group) == 1:
        subject = first.subject
    else:
        subject = f"{len(group)} notifications about {case.reference} {case.title}"
    context = {"notifications": group, "case": case, "subject": one_line(subject),
               "site_url": settings.SITE_URL,
               "settings_url": settings.SITE_URL + reverse("notification-settings")}
    email = EmailMultiAlternatives(
        one_line(render_to_string("emails/notification_subject.txt", context)),
        render_to_string("emails/notification.txt", context).strip() + "\n",
        settings.DEFAULT_FROM_EMAIL, [first.recipient.email],
        headers={"Message-ID": f"<notification-{first.pk}@{settings.EMAIL_MESSAGE_DOMAIN}>"},
    )
    email.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
    return email


def mark_read(user, ids=None, *, case_id=None) -> int:
    """Mark `user`'s unread notifications read: all, those with these ids, or those about
    one case. Returns how many."""
    unread = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    if case_id is not None:
        unread = unread.filter(case_id=case_id)
    return unread.update(read_at=timezone.now())


def settle(case, kinds) -> int:
    """What the case's notifications of these kinds asked for is done (a remedy decided, the
    first response made): they are marked read, and those not emailed yet are not emailed.
    Called by the door that did it, in its transaction. Returns how many were settled."""
    return (Notification.objects.filter(case=case, kind__in=[str(k) for k in kinds]).unread()
            .update(read_at=timezone.now()))
