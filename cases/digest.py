"""Each person's daily digest: one email, in the hour they chose (desk's time zone), with
the notifications of the kinds they want in a digest that arrived since their last digest
and are still unread, grouped by case. Nothing to say: no email, but the day counts as done.

Sent once a day per person, however often beat runs and however many workers there are:
the person's `NotificationChoices` row is claimed under a row lock (`digest_claimed_at`),
the email sent with no transaction open, then `last_digest_at` recorded. A worker that dies
in between leaves a claim that goes stale after REMINDER_CLAIM_TIMEOUT, and the next beat
sends the digest again (same Message-ID); a send that raises gives the claim back.
"""

import logging
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recovery.text import one_line

from .models import BusinessCalendar, EmailMode, Notification, NotificationChoices

log = logging.getLogger(__name__)


def due(now=None) -> list[int]:
    """Ids of the people whose digest is due now (beat asks every few minutes)."""
    now = now or timezone.now()
    zone = BusinessCalendar.current().zone
    return [choices.person_id for choices in NotificationChoices.objects.exclude(emails={})
            if choices.digest_is_due(now, zone)]


def send_due(now=None) -> int:
    """Send every digest that is due; how many emails went. One person's failure is logged
    and does not stop the others' (theirs is tried again at the next beat)."""
    sent = 0
    for person_id in due(now):
        try:
            sent += send(person_id, now)
        except Exception:
            log.exception("The daily digest of person %s failed; it is tried again", person_id)
    return sent


def send(person_id: int, now=None) -> bool:
    """Send this person's digest if it is due and not sent or being sent; True if an email
    went (False also when it was due with nothing to say)."""
    now = now or timezone.now()
    claimed = _claim(person_id, now)
    if claimed is None:
        return False
    choices, since = claimed
    items = list(
        Notification.objects.filter(
            recipient_id=person_id, kind__in=choices.kinds_in(EmailMode.DIGEST),
            created_at__gt=since, created_at__lte=now)
        .unread().current(now).select_related("case", "recipient")
        .order_by("case_id", "-created_at", "-id")
    )
    try:
        if items:
            email_of(items, choices, now).send()
    except Exception:
        NotificationChoices.objects.filter(pk=choices.pk).update(digest_claimed_at=None)
        raise
    NotificationChoices.objects.filter(pk=choices.pk).update(
        last_digest_at=now, digest_claimed_at=None)
    return bool(items)


def _claim(person_id, now):
    """(choices, when the last digest went) if this run sends today's digest; None if it
    is not due, or another run has it."""
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    zone = BusinessCalendar.current().zone
    with transaction.atomic():
        choices = (NotificationChoices.objects.select_for_update()
                   .filter(person_id=person_id)
                   .filter(Q(digest_claimed_at__isnull=True) | Q(digest_claimed_at__lt=stale))
                   .select_related("person").first())
        if choices is None or not choices.digest_is_due(now, zone):
            return None  # another run got there first, or it went today already
        choices.digest_claimed_at = now
        choices.save(update_fields=["digest_claimed_at"])
    # The first digest covers the day before it.
    return choices, choices.last_digest_at or now - timedelta(days=1)


def by_case(items) -> list[tuple]:
    """[(case or None, [notification, …] newest first), …], the case with the newest news
    first; notifications about no case come last, together."""
    items = sorted(items, key=lambda n: (n.case_id or 0, -n.created_at.timestamp(), -n.pk))
    groups = [(case, list(rows)) for case, rows in groupby(items, key=lambda n: n.case)]
    groups.sort(key=lambda group: (group[0] is None, -max(
        n.created_at.timestamp() for n in group[1])))
    return groups


def email_of(items, choices, now) -> EmailMultiAlternatives:
    cases = by_case(items)
    count = len(items)
    subject = one_line(f"Your daily digest: {count} notification{'s' if count != 1 else ''}"
                       f" about {len(cases)} case{'s' if len(cases) != 1 else ''}"
                       if all(case for case, _ in cases) else
                       f"Your daily digest: {count} notification{'s' if count != 1 else ''}")
    context = {"groups": cases, "subject": subject, "site_url": settings.SITE_URL,
               "person": choices.person,
               "settings_url": settings.SITE_URL + reverse("notification-settings")}
    day = timezone.localdate(now, BusinessCalendar.current().zone)
    email = EmailMultiAlternatives(
        subject, render_to_string("emails/notification_digest.txt", context).strip() + "\n",
        settings.DEFAULT_FROM_EMAIL, [choices.person.email],
        headers={"Message-ID": f"<digest-{choices.person_id}-{day:%Y%m%d}"
                               f"@{settings.EMAIL_MESSAGE_DOMAIN}>"},
    )
    email.attach_alternative(render_to_string("emails/notification_digest.html", context),
                             "text/html")
    return email
