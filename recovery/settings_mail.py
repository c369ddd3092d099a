"""Email settings of Recovery Desk, out and in, read from the environment: Django's own
email settings, an email service provider through django-anymail, the conversation with
the customer and email in. Imported into `recovery.settings` (one file was too long)."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str
from .paths import VAR_DIR

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds an SMTP server may take to answer: without it a server that accepts the connection
# and says nothing holds a worker until the task time limit.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Recovery Desk <desk@localhost>")
# An email to a customer that the mail server could not take now (a 4xx, no connection) is
# tried again after about this many seconds, doubling each time (at most an hour apart).
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 30)
# An email service provider through django-anymail: EMAIL_BACKEND=anymail.backends.<esp>.
# EmailBackend, and its settings as ANYMAIL_<NAME> variables (ANYMAIL_POSTMARK_SERVER_TOKEN,
# ANYMAIL_MAILGUN_API_KEY, ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, …). The tracking webhooks
# (/anymail/<esp>/tracking/) are served only when ANYMAIL_WEBHOOK_SECRET ("user:password",
# the basic auth the provider is told to send) is set: without it anymail would accept
# anyone's events.
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items()
           if name.startswith("ANYMAIL_") and value}
# Email in (`conversation.inbound`): the IMAP mailbox beat polls (unset: none), how often;
# the largest message kept whole; replies per sender and hour; how long after closing a
# reply reopens the case (else it opens a new one, linked); attachments' limits.
INBOUND_IMAP_URL = env_str("INBOUND_IMAP_URL", "")
INBOUND_POLL_SECONDS = env_int("INBOUND_POLL_SECONDS", 60)
INBOUND_MAX_BYTES = env_int("INBOUND_MAX_BYTES", 25 * 1024 * 1024)
INBOUND_PER_SENDER_PER_HOUR = env_int("INBOUND_PER_SENDER_PER_HOUR", 20)
INBOUND_DEFAULT_CATEGORY = env_str("INBOUND_DEFAULT_CATEGORY", "other")
REOPEN_WINDOW_DAYS = env_int("REOPEN_WINDOW_DAYS", 30)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENTS_PER_MESSAGE = env_int("ATTACHMENTS_PER_MESSAGE", 10)
# A case is a complaint, not a file share: past this many files, a new one is refused.
ATTACHMENTS_PER_CASE = env_int("ATTACHMENTS_PER_CASE", 100)
# The first email a new case's customer gets, within a minute (`conversation`).
ACKNOWLEDGE_NEW_CASES = env_bool("ACKNOWLEDGE_NEW_CASES", True)
# Customer replies on the status page: at most this many per link and hour, this long each.
STATUS_REPLIES_PER_HOUR = env_int("STATUS_REPLIES_PER_HOUR", 5)
STATUS_REPLY_MAX_CHARS = env_int("STATUS_REPLY_MAX_CHARS", 5000)
# The public complaint form (/complain/): complaints per email address and per client (IP)
# an hour (over it: 429); the fewest seconds a person takes to fill it in (a bot is quicker).
COMPLAINTS_PER_ADDRESS_PER_HOUR = env_int("COMPLAINTS_PER_ADDRESS_PER_HOUR", 5)
COMPLAINTS_PER_CLIENT_PER_HOUR = env_int("COMPLAINTS_PER_CLIENT_PER_HOUR", 20)
COMPLAINT_MIN_SECONDS = env_int("COMPLAINT_MIN_SECONDS", 3)
# The sites that may show the form in an iframe (origins such as https://shop.example.com,
# comma-separated). Empty: only our own pages may frame it; every other page never framed.
COMPLAINT_FRAME_ANCESTORS = env_list("COMPLAINT_FRAME_ANCESTORS", [])
for _origin in COMPLAINT_FRAME_ANCESTORS:  # each goes into a CSP header as it is
    if not re.fullmatch(r"https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?", _origin):
        raise ImproperlyConfigured(
            f"COMPLAINT_FRAME_ANCESTORS: {_origin!r} is not an origin such as "
            "https://shop.example.com")
