"""Email in through the IMAP door: poll the mailbox of settings.INBOUND_IMAP_URL and hand each
new message to `inbound.receive`, the one code path of every door.

- Each message is read once: the poll keeps the last UID it recorded (`MailboxState`), valid
  for the folder's UIDVALIDITY. A server that renumbers its folder (a new UIDVALIDITY) is read
  again from the first message; receive's dedupe by Message-ID keeps that from doubling.
- Nothing is lost: a message is fetched with BODY.PEEK[] (still unread in the mailbox), recorded
  by receive in its own transaction, and only then is last_uid advanced past it; the message is
  flagged \\Seen (and $Processed where the server takes keywords) after that. A worker killed
  between recording and advancing reads the message again next time, and receive finds it
  already recorded. No database transaction is open while we talk to the server.
- One bad message never stops the mailbox: receive records what it cannot read; if it ever
  raised, the message is logged, left unread in the mailbox for a person, and skipped.
- Two polls never run at once (a PostgreSQL advisory lock per mailbox, held by the
  connection, released if the worker dies).
"""

import logging
import ssl
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import connection
from django.utils import timezone
from imapclient import IMAPClient

from . import inbound
from .models import MailboxState

log = logging.getLogger(__name__)
PER_POLL = 200  # a poll ends in bounded time; the next one goes on from last_uid
PER_FETCH = 20  # messages per FETCH: few round trips
FETCH_BYTES = 16 * 1024 * 1024  # and bounded memory
TIMEOUT_SECONDS = 30
PROCESSED = b"$Processed"


class MailboxUrlError(ValueError):
    pass


@dataclass(frozen=True)
class MailboxAddress:
    host: str
    port: int
    use_ssl: bool
    username: str
    password: str
    folder: str

    @property
    def name(self) -> str:
        """The mailbox's name in InboundEmail and MailboxState."""
        return f"imap:{self.folder}"


def parse_url(url: str) -> MailboxAddress:
    """`imaps://user%40host:pw@host:993/INBOX` (TLS, port 993 by default) or `imap://…`
    (plain, port 143 by default: for a server on loopback). The folder is the path (INBOX
    if none); the user and password are URL-decoded."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise MailboxUrlError("INBOUND_IMAP_URL must look like imaps://user:password@host/INBOX")
    if parts.username is None:
        raise MailboxUrlError("INBOUND_IMAP_URL needs a user and password")
    use_ssl = parts.scheme == "imaps"
    return MailboxAddress(
        host=parts.hostname, port=parts.port or (993 if use_ssl else 143), use_ssl=use_ssl,
        username=unquote(parts.username), password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX")


@dataclass
class Polled:
    """What one poll did, for the log and the management command."""

    mailbox: str
    skipped: bool = False  # another poll of this mailbox was running
    fetched: int = 0
    recorded: int = 0
    duplicates: int = 0
    failed: int = 0
    renumbered: bool = False  # UIDVALIDITY changed: read again from the start
    more: bool = False  # more new messages than one poll takes

    def __str__(self):
        if self.skipped:
            return f"{self.mailbox}: another poll is running"
        return (f"{self.mailbox}: {self.fetched} fetched, {self.recorded} recorded, "
                f"{self.duplicates} already recorded, {self.failed} failed"
                + (" (UIDVALIDITY changed: read from the start)" if self.renumbered else "")
                + (" (more waiting)" if self.more else ""))


def poll(url: str | None = None, *, limit: int = PER_POLL) -> Polled | None:
    """Read the new messages of the mailbox (settings.INBOUND_IMAP_URL by default), at most
    `limit`. None when no mailbox is configured."""
    url = url if url is not None else settings.INBOUND_IMAP_URL
    if not url:
        return None
    address = parse_url(url)
    with _only_poll(address.name) as alone:
        if not alone:
            log.info("Poll of %s skipped: another is running", address.name)
            return Polled(address.name, skipped=True)
        with _connected(address) as client:
            return _poll(client, address, limit)


@contextmanager
def _connected(address: MailboxAddress):
    client = IMAPClient(address.host, port=address.port, ssl=address.use_ssl,
                        ssl_context=ssl.create_default_context() if address.use_ssl else None,
                        timeout=TIMEOUT_SECONDS)
    try:
        client.login(address.username, address.password)
        yield client
    finally:
        try:
            client.logout()
        except Exception:  # the connection is gone already: nothing to close politely
            log.debug("IMAP logout failed", exc_info=True)


@contextmanager
def _only_poll(name: str):
    """A session advisory lock: held by the database connection, not by a transaction, so
    no transaction stays open across the IMAP conversation; a dead worker's ends with it."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        alone = cursor.fetchone()[0]
    try:
        yield alone
    finally:
        if alone:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def lock_key(name: str) -> int:
    return zlib.crc32(f"conversation.mailbox:{name}".encode())


def _poll(client: IMAPClient, address: MailboxAddress, limit: int) -> Polled:
    polled = Polled(address.name)
    selected = client.select_folder(address.folder)
    uidvalidity = int(selected[b"UIDVALIDITY"])
    state, _ = MailboxState.objects.get_or_create(mailbox=address.name)
    if state.uidvalidity != uidvalidity:
        if state.uidvalidity is not None:
            log.warning("UIDVALIDITY of %s changed (%s → %s): reading it again from the start",
                        address.name, state.uidvalidity, uidvalidity)
            polled.renumbered = True
        MailboxState.objects.filter(pk=state.pk).update(uidvalidity=uidvalidity, last_uid=0)
        state.uidvalidity, state.last_uid = uidvalidity, 0
    # "n:*" always matches the last message, even below n: keep only the new ones.
    new = sorted(uid for uid in client.search(["UID", f"{state.last_uid + 1}:*"])
                 if uid > state.last_uid)
    polled.more = len(new) > limit
    flags = [b"\\Seen"] + ([PROCESSED] if _takes_keywords(selected) else [])
    new = new[:limit]
    for start in range(0, len(new), PER_FETCH):
        chunk = new[start:start + PER_FETCH]
        sizes = client.fetch(chunk, ["RFC822.SIZE"])
        for group in _by_size(chunk, sizes):
            _take_group(client, group, address.name, state, polled, flags)
    MailboxState.objects.filter(pk=state.pk).update(polled_at=timezone.now())
    log.info("%s", polled)
    return polled


def _by_size(uids: list[int], sizes: dict) -> list[list[int]]:
    """The UIDs in runs of at most FETCH_BYTES together (a larger message alone): a few
    30 MB emails in one FETCH must not hold hundreds of megabytes in the worker."""
    groups, group, total = [], [], 0
    for uid in uids:
        size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
        if group and total + size > FETCH_BYTES:
            groups.append(group)
            group, total = [], 0
        group.append(uid)
        total += size
    return groups + [group] if group else groups


def _take_group(client, uids, mailbox, state, polled, flags):
    fetched = client.fetch(uids, ["BODY.PEEK[]"])
    taken = []
    try:
        for uid in uids:
            raw = fetched.get(uid, {}).get(b"BODY[]")
            if raw is not None and _take(raw, mailbox, polled):
                taken.append(uid)
            # Recorded (or gone from the server, or logged as broken): not read again.
            MailboxState.objects.filter(pk=state.pk, last_uid__lt=uid).update(
                last_uid=uid, polled_at=timezone.now())
    finally:  # even when the worker is being stopped: what was recorded reads as read
        if taken:
            client.add_flags(taken, flags, silent=True)


def _take(raw: bytes, mailbox: str, polled: Polled) -> bool:
    polled.fetched += 1
    try:
        received = inbound.receive(raw, mailbox=mailbox)
    except Exception:  # receive never raises for bad mail; a bug must not stop the mailbox
        log.exception("Email in %s not received; left unread in the mailbox", mailbox)
        polled.failed += 1
        return False
    if received.duplicate:
        polled.duplicates += 1
    elif received.record.outcome == "failed":
        polled.failed += 1
    else:
        polled.recorded += 1
    return True


def _takes_keywords(selected: dict) -> bool:
    """Whether the folder lets us set our own keyword ($Processed): `\\*` in PERMANENTFLAGS."""
    return b"\\*" in selected.get(b"PERMANENTFLAGS", ())
