"""Sending a delivery: signed, no redirects followed, retried with backoff, given up after
the last attempt; a subscription failing for a day is disabled and its owner told.

Signature: `X-Recovery-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; the
delivery's id is in `X-Recovery-Delivery` (the same on every attempt, so receivers can drop
repeats).

An attempt holds no transaction or row lock while the receiver answers (a slow receiver must
not hold up anything else): it is claimed with a conditional UPDATE (one sender at a time),
sent with no transaction open, and its outcome recorded in a second short transaction.
Where it is sent: `destinations` (public addresses only; the checked address is the one
connected to). What `last_error` says is ours ("could not connect", "timed out", "HTTP 500",
"destination not allowed"), never the exception's text, which would describe the network
behind the address.
"""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from urllib3.exceptions import HTTPError, NewConnectionError, SSLError, TimeoutError

from recovery import enqueue

from . import destinations
from .models import Delivery, DeliveryStatus, Subscription

# After attempt n fails, wait BACKOFF[n - 1]: eight attempts over about a day.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 30, 60, 180, 360, 720, 720)]
MAX_ATTEMPTS = len(BACKOFF)
DISABLE_AFTER = timedelta(days=1)
# A receiver that does not accept the connection is given up on quickly; one that accepted
# has READ_TIMEOUT seconds between bytes to answer.
CONNECT_TIMEOUT = 3
READ_TIMEOUT = 10
CA_CERTS = None  # None: the system's certificate authorities


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _stale(now):
    """A claim older than this belongs to a worker that died (a task runs 300 s at most)."""
    return now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)


def claim_due(now=None, limit=500) -> list[int]:
    """Deliveries due for an attempt, not claimed by another dispatcher (or claimed long
    ago by a worker that died), and not being sent right now."""
    now = now or timezone.now()
    stale = _stale(now)
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
            .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=stale))
            .order_by("next_attempt_at").select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(claimed_at=now)
    return ids


def send(delivery_id: int) -> bool:
    """One attempt; True if the subscriber answered 2xx. Safe to run twice, and at once on
    two workers: only the one whose claim succeeds sends; a delivery not due (its backoff is
    not over), finished, or of a disabled subscription is left alone."""
    claim = _claim(delivery_id)
    if claim is None:
        return False
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if not subscription.is_active:
        Delivery.objects.filter(pk=delivery_id, sending_since=claim).update(sending_since=None)
        return False
    body = json.dumps({**delivery.payload, "delivery_id": str(delivery.delivery_id)},
                      separators=(",", ":")).encode()
    code, error = _post(subscription, delivery, body)  # no transaction open
    return _record(delivery_id, claim, code, error)


def _claim(delivery_id):
    """The claim's time if this sender now owns the attempt, else None. A conditional UPDATE
    on the delivery's own columns: of two senders, PostgreSQL lets one change the row and
    re-checks the other's condition against the changed row, which then fails."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING,
                                next_attempt_at__lte=now)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=_stale(now)))
        .update(sending_since=now)
    )
    return now if claimed else None  # 0: another worker sends it, or it is not due


def _record(delivery_id, claim, code, error) -> bool:
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update()
                    .filter(pk=delivery_id, sending_since=claim).first())
        if delivery is None:
            # Our claim went stale and another worker took the attempt over: its outcome
            # is the one recorded (the receiver drops the repeat by its delivery id).
            return False
        subscription = Subscription.objects.select_for_update().get(pk=delivery.subscription_id)
        before = _state(subscription)
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = code, error
        delivery.claimed_at = delivery.sending_since = None
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at = DeliveryStatus.SUCCEEDED, now
            subscription.failing_since = None
        else:
            _failed(delivery, subscription, now)
        delivery.save()
        if _state(subscription) != before:  # a save tells every process to read them again
            subscription.save(update_fields=list(STATE))
    return delivery.status == DeliveryStatus.SUCCEEDED


STATE = ("failing_since", "is_active", "disabled_reason")


def _state(subscription) -> tuple:
    return tuple(getattr(subscription, name) for name in STATE)


def _post(subscription, delivery, body):
    """(status code or None, error in our words)."""
    try:
        destination = destinations.pin(subscription.url)
    except destinations.DestinationRefused:
        return None, "destination not allowed"
    except destinations.Unresolvable:
        return None, "could not resolve the host name"
    timestamp = int(time.time())
    headers = {
        "Host": destination.host_header,
        "Content-Type": "application/json", "User-Agent": "RecoveryDesk-Webhooks/1",
        "X-Recovery-Event": delivery.event, "X-Recovery-Delivery": str(delivery.delivery_id),
        "X-Recovery-Signature": signature(subscription.secret, timestamp, body),
    }
    options = {"timeout": urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT),
               "retries": False, "maxsize": 1}
    if destination.scheme == "https":
        # Connect to the checked address; SNI and the certificate's name are the URL's host.
        pool_class = urllib3.HTTPSConnectionPool
        options.update(server_hostname=destination.host, assert_hostname=destination.host,
                       cert_reqs="CERT_REQUIRED", ca_certs=CA_CERTS)
    else:
        pool_class = urllib3.HTTPConnectionPool
    try:
        with pool_class(destination.address, destination.port, **options) as pool:
            response = pool.urlopen("POST", destination.target, body=body, headers=headers,
                                    redirect=False, retries=False, assert_same_host=False,
                                    preload_content=False)
            response.release_conn()
    except SSLError:
        return None, "TLS error"
    except NewConnectionError:  # before TimeoutError: urllib3 makes it a subclass
        return None, "could not connect"
    except TimeoutError:
        return None, "timed out"
    except (HTTPError, OSError):  # a connection reset, a malformed answer, …
        return None, "could not connect"
    code = response.status
    if 200 <= code < 300:
        return code, ""
    return code, f"HTTP {code}" + (" (redirects are not followed)" if 300 <= code < 400 else "")


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
