"""Telling people at the desk: a notification in the app, and the same words by email.

`notify` is called inside the caller's transaction; the email goes out after commit, once
(`email_notification` sets `emailed_at` under a row lock, so a task run twice sends
one email). Who gets which kinds by email is each person's choice (`NotificationChoices`);
in the app they see them all.

Subjects are folded onto one line, when stored and again when sent: a CR or LF in a
subject (from a case title written before titles were checked) makes Django refuse the
email (BadHeaderError), and the retries would never get it out.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recovery import enqueue
from recovery.text import one_line

from .models import EMAIL_GROUPS, Notification, NotificationChoices


def notify(recipient, subject: str, body: str = "", *, case=None, kind: str) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, case=case, kind=kind, subject=one_line(subject)[:200], body=body
    )
    from .tasks import send_notification_email  # tasks import this module

    if wants_email(recipient, kind):
        enqueue.after_commit(send_notification_email, notification.pk)
    return notification


def wants_email(person, kind) -> bool:
    """Whether `person` gets notifications of `kind` by email (their choices, if any)."""
    return kind not in NotificationChoices.quiet_kinds([person.pk]).get(person.pk, ())


def choose_emails(person, quiet) -> NotificationChoices:
    """Record which groups of notifications (`EMAIL_GROUPS` keys) `person` does not want by
    email; unknown keys are dropped."""
    known = [key for key, _, _ in EMAIL_GROUPS if key in set(quiet)]
    choices, _ = NotificationChoices.objects.update_or_create(
        person=person, defaults={"quiet": known})
    return choices


def email_notification(notification_id: int) -> bool:
    """Email one notification; False if it is gone or was emailed already."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "case")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False  # deleted, or another run got there first
        if notification.read_at is not None:
            return False  # read, or settled (`settle`), before its email left: nothing to say
        if not wants_email(notification.recipient, notification.kind):
            return False  # they turned this kind off since
        email_of(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def email_of(notification) -> EmailMultiAlternatives:
    """The email for a notification: its subject as plain text (never HTML-escaped), a text
    part, and an HTML part whose links are absolute (SITE_URL)."""
    context = {"notification": notification, "case": notification.case,
               "subject": one_line(notification.subject), "site_url": settings.SITE_URL,
               "settings_url": settings.SITE_URL + reverse("notification-settings")}
    email = EmailMultiAlternatives(
        one_line(render_to_string("emails/notification_subject.txt", context)),
        render_to_string("emails/notification.txt", context).strip() + "\n",
        settings.DEFAULT_FROM_EMAIL, [notification.recipient.email],
    )
    email.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
    return email


def mark_read(user, ids=None) -> int:
    unread = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def settle(case, kinds) -> int:
    """What the case's notifications of these kinds asked for is done (a remedy decided, the
    first response made): they are marked read, and those not emailed yet are not emailed.
    Called by the door that did it, in its transaction. Returns how many were settled."""
    return (Notification.objects.filter(case=case, kind__in=[str(k) for k in kinds]).unread()
            .update(read_at=timezone.now()))
