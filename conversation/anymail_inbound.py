"""Email from an email service provider's inbound webhook (`/anymail/<esp>/inbound/`,
authenticated by anymail with ANYMAIL_WEBHOOK_SECRET and the provider's own signature where
it has one). Anymail turns every provider's payload into one `AnymailInboundMessage`, an
`email.message.EmailMessage`; its bytes go down the one path every door takes
(`inbound.receive`), so threading, dedupe and loop rules are the same as by IMAP."""

import logging

from anymail.signals import inbound
from django.dispatch import receiver

from . import inbound as email_in

log = logging.getLogger(__name__)


def raw_bytes(message) -> bytes:
    """The message as RFC 822 bytes. A provider that sends the raw MIME (Postmark's
    RawEmail, Mailgun's body-mime) gives it back as it was; one that sends parsed fields is
    rebuilt by anymail, its headers (Message-ID, In-Reply-To, References) kept."""
    try:
        return message.as_bytes()
    except (UnicodeError, LookupError, ValueError):  # text the generator cannot encode
        log.warning("Inbound email rebuilt as text: its bytes would not generate",
                    exc_info=True)
        return message.as_string().encode("utf-8", "replace")


@receiver(inbound, dispatch_uid="conversation.anymail_inbound")
def on_inbound_email(sender, event, esp_name, **kwargs):
    email_in.receive(raw_bytes(event.message), mailbox=f"anymail:{esp_name.lower()}")
