"""A real SMTP server on loopback (aiosmtpd) for end-to-end tests of email (`smtp_server`).

It takes what Django's SMTP backend hands it, as a mail server would, and keeps each email as
an `email.message.EmailMessage` (parsed with the modern policy, so headers read as the
customer's mail client reads them). `refuse(address, code)` makes it refuse a recipient at
RCPT TO, as a real server does: a permanent 550 (no such mailbox) or a temporary 451 (try
again later), for ever or for the next `times` attempts; `refuse_sender(code)` refuses
the desk's own address at MAIL FROM.

A worker subprocess reaches it through `smtp_server.env`, its EMAIL_* settings.
"""

import email
import logging
import socket
import threading
from email.message import EmailMessage
from email.policy import default as modern

import pytest
from aiosmtpd.controller import Controller

REPLIES = {550: "550 5.1.1 No such mailbox here", 451: "451 4.3.0 Try again later"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd's handler: the refusals it was told to make, and the emails it took."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[EmailMessage] = []
        self.refusals: dict[str, list] = {}  # address → [code, attempts left or None]
        self.refused: list[tuple[str, int]] = []
        self.sender_refusal: int | None = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            code = self.sender_refusal
        if code is not None:
            return REPLIES[code]
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            refusal = self.refusals.get(address.lower())
            if refusal is not None:
                code, left = refusal
                if left is not None:
                    refusal[1] -= 1
                    if refusal[1] <= 0:
                        del self.refusals[address.lower()]
                self.refused.append((address, code))
                return REPLIES[code]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # SMTP's line ends are CRLF; a mail client shows lines
        message = email.message_from_bytes(envelope.content.replace(b"\r\n", b"\n"),
                                           policy=modern)
        with self.lock:
            self.received.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def env(self) -> dict:
        """The settings that make a Django process (a worker) send through this server."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port),
                "EMAIL_USE_TLS": "false", "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": ""}

    def use_in(self, settings):
        """Make this process (pytest's `settings` fixture) send through this server."""
        for name, value in self.env.items():
            setattr(settings, name, int(value) if name == "EMAIL_PORT" else value)
        settings.EMAIL_USE_TLS = False

    def refuse(self, address: str, code: int = 550, *, times: int | None = None):
        """Refuse `address` at RCPT TO with `code` (550 or 451), for ever or `times` times."""
        if code not in REPLIES:
            raise ValueError(f"refuse with one of {sorted(REPLIES)}")
        with self.mailbox.lock:
            self.mailbox.refusals[address.lower()] = [code, times]

    def refuse_sender(self, code: int | None = 550):
        """Refuse every sender at MAIL FROM (the desk's own address); None: accept again."""
        with self.mailbox.lock:
            self.mailbox.sender_refusal = code

    def accept(self, address: str):
        with self.mailbox.lock:
            self.mailbox.refusals.pop(address.lower(), None)

    @property
    def refused(self) -> list[tuple[str, int]]:
        """(address, code) of each recipient refused so far."""
        with self.mailbox.lock:
            return list(self.mailbox.refused)

    def emails(self, to: str | None = None) -> list[EmailMessage]:
        """The emails taken so far, oldest first; to `to` only if given."""
        with self.mailbox.lock:
            received = list(self.mailbox.received)
        if to is None:
            return received
        return [m for m in received if to.lower() in str(m["To"]).lower()]


@pytest.fixture
def smtp_server():
    """A started SMTP server on a free loopback port, stopped after the test."""
    server = SmtpServer()
    log = logging.getLogger("mail.log")  # aiosmtpd's: every SMTP command, at INFO
    level = log.level
    log.setLevel(logging.WARNING)
    server.controller.start()
    try:
        yield server
    finally:
        server.controller.stop()
        log.setLevel(level)
