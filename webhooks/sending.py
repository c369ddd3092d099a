"""Sending a delivery: signed, no redirects followed, retried with backoff, given up after
the last attempt; a subscription failing for a day is disabled and its owner told.

Signature: `X-Recovery-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; the
delivery's id is in `X-Recovery-Delivery` (the same on every attempt, so receivers can drop
repeats).
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recovery import enqueue

from .models import Delivery, DeliveryStatus

# After attempt n fails, wait BACKOFF[n - 1]: eight attempts over about a day.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 30, 60, 180, 360, 720, 720)]
MAX_ATTEMPTS = len(BACKOFF)
DISABLE_AFTER = timedelta(days=1)
TIMEOUT_SECONDS = 10


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is the answer, and a failure


_opener = urllib.request.build_opener(_NoRedirects)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def claim_due(now=None, limit=500) -> list[int]:
    """Deliveries due for an attempt, not claimed by another dispatcher (or claimed long
    ago by a worker that died)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
            .order_by("next_attempt_at").select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(claimed_at=now)
    return ids


def send(delivery_id: int) -> bool:
    """One attempt; True if the subscriber answered 2xx. Safe to run twice."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",))
                    .select_related("subscription").filter(pk=delivery_id).first())
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return False
        subscription = delivery.subscription
        if not subscription.is_active:
            return False
        body = json.dumps({**delivery.payload, "delivery_id": str(delivery.delivery_id)},
                          separators=(",", ":")).encode()
        code, error = _post(subscription, delivery, body)
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = code, error[:500]
        delivery.claimed_at = None
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at = DeliveryStatus.SUCCEEDED, now
            subscription.failing_since = None
        else:
            _failed(delivery, subscription, now)
        delivery.save()
        subscription.save(update_fields=["failing_since", "is_active", "disabled_reason"])
    return delivery.status == DeliveryStatus.SUCCEEDED


def _post(subscription, delivery, body):
    timestamp = int(time.time())
    request = urllib.request.Request(subscription.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "RecoveryDesk-Webhooks/1",
        "X-Recovery-Event": delivery.event, "X-Recovery-Delivery": str(delivery.delivery_id),
        "X-Recovery-Signature": signature(subscription.secret, timestamp, body),
    })
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def _failed(delivery, subscription, now):
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    subscription.failing_since = subscription.failing_since or now
    if now - subscription.failing_since >= DISABLE_AFTER:
        subscription.is_active = False
        subscription.disabled_reason = (f"Every delivery failed since "
                                        f"{subscription.failing_since:%Y-%m-%d %H:%M} UTC")
        _tell_owner(subscription)


def _tell_owner(subscription):
    from accounts.models import User
    from cases.notify import notify

    owner = subscription.owner or (subscription.api_key.user if subscription.api_key else None)
    people = [owner] if owner else list(User.objects.managers())
    for person in people:
        notify(person, f"Webhook disabled: {subscription.url}",
               f"{subscription.disabled_reason}. Fix the receiver, then turn the subscription "
               "back on in the admin.", kind="webhook_disabled")


def redeliver(delivery) -> Delivery:
    """By hand: try again now (a given-up delivery too), with the same delivery id."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), claimed_at=None)
    delivery.refresh_from_db()
    from .tasks import send_delivery

    enqueue.after_commit(send_delivery, delivery.pk)
    return delivery
