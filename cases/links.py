"""The customer's private links to the status page and the survey.

Each link is a random token (`secrets.token_urlsafe`, 256 bits) made for one email and
stored only as its SHA-256 (`CustomerLink`): it says nothing about the case, cannot be
worked out from the reference, and a copy of the database gives no working link. A link
works until it expires (`STATUS_LINK_DAYS`, `SURVEY_LINK_DAYS`) or an agent revokes the
case's links (`revoke`). An unknown or tampered token is refused with `LinkGone`; one we
issued that stopped working (expired or revoked) with its subclass `LinkExpired`, so the
pages can answer 410 instead of 404. Both get the same words, and expired and revoked are
not told apart (that would tell a forwarded email's reader that an agent acted).

Every email that carries a link calls `issue(case, purpose)` while it is written: one new
link per email, so revoking needs nothing more than the next email to give the customer a
working link again.

Links mailed before this (`django.core.signing` of the reference; they hold a `:`, random
tokens never do) keep working for `LEGACY_LINK_DAYS` after they were signed, within their
old expiry, and only while the case has no random link yet: customers' mailboxes hold
them, and they should not break without warning. Once the case is mailed a new link, or its
links are revoked, the old ones stop. Remove this path once every signed link is older
than `LEGACY_LINK_DAYS`.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import timeline, work
from .models import Case, CustomerLink, EventKind, LinkPurpose

STATUS, SURVEY = LinkPurpose.STATUS.value, LinkPurpose.SURVEY.value


class LinkGone(Exception):
    """The token is unknown, expired or revoked: which, the customer is not told."""


class LinkExpired(LinkGone):
    """The token was ours but has stopped working: expired or revoked (not told which)."""


def digest(token: str) -> str:
    """The token as stored (and as a key for counting what a link does, e.g. replies)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _days(purpose: str) -> int:
    return settings.SURVEY_LINK_DAYS if purpose == SURVEY else settings.STATUS_LINK_DAYS


def issue(case, purpose: str) -> str:
    """A new link to the `purpose` page ("status" or "survey") of `case`, as the absolute URL
    to put in an email. This is the only moment the token exists in the clear."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    CustomerLink.objects.create(case=case, purpose=purpose, token_hash=digest(token),
                                created_at=now, expires_at=now + timedelta(days=_days(purpose)))
    return settings.SITE_URL + reverse(purpose, args=[token])


def resolve(token: str, purpose: str) -> Case:
    """The case a customer's link to the `purpose` page opens (with its customer and
    category). Raises LinkGone for a token that is unknown, LinkExpired for one that is
    expired or revoked (one query either way)."""
    if ":" in token:
        return _signed(token, purpose)
    link = (CustomerLink.objects.select_related("case__customer", "case__category")
            .filter(token_hash=digest(token), purpose=purpose).first())
    if link is None:
        raise LinkGone
    if link.revoked_at is not None or link.expires_at <= timezone.now():
        raise LinkExpired
    return link.case


def _signed(token: str, purpose: str) -> Case:
    """A link signed before random links (see the module's docstring). Always LinkGone
    (404), never LinkExpired: this path is going away, and telling expired from forged
    signatures apart here is not worth its code."""
    days = min(settings.LEGACY_LINK_DAYS, _days(purpose))
    if days <= 0:
        raise LinkGone
    try:
        reference = signing.loads(token, salt=f"recovery-desk.{purpose}", max_age=days * 86400)
    except signing.BadSignature:  # tampered, another page's, or too old
        raise LinkGone from None
    case = (Case.objects.select_related("customer", "category")
            .filter(reference=reference).exclude(customer_links__isnull=False).first())
    if case is None:
        raise LinkGone
    return case


class Revoked(NamedTuple):
    revoked: int  # links that worked until now
    status_url: str  # a new status link, to show once


def revoke(case, *, by) -> Revoked:
    """Stop every link to the case's status page and survey that the customer was sent (a
    forwarded email, a shared screen), at once; the timeline records it. Returns a new
    status link, to show the agent once (it is not recorded anywhere in the clear); the
    next email carries new links anyway.

    Raises NotAllowed for an integration's key: the new link is for a person to pass on.
    """
    work.require_person(by, "revoke the customer's links")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        now = timezone.now()
        revoked = (CustomerLink.objects.filter(case=case, revoked_at__isnull=True,
                                               expires_at__gt=now)
                   .update(revoked_at=now))
        timeline.record(case, EventKind.LINKS_REVOKED, by=by, revoked=revoked,
                        note=f"{revoked} link{'s' if revoked != 1 else ''} to the status page "
                             "and survey stopped working; new emails carry new links.")
        return Revoked(revoked, issue(case, STATUS))
