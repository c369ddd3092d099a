"""Email from an email service provider's inbound webhook (`/anymail/<esp>/inbound/`,
authenticated by anymail with ANYMAIL_WEBHOOK_SECRET and the provider's own signature where
it has one). Anymail turns every provider's payload into one `AnymailInboundMessage`, an
`email.message.EmailMessage`; its bytes go down the one path every door takes
(`inbound.receive`), so threading, dedupe and loop rules are the same as by IMAP."""

import base64

from anymail.signals import inbound
from django.dispatch import receiver

from . import inbound as email_in


def raw_bytes(message) -> bytes:
    """The message as RFC 822 bytes. A provider that sends the raw MIME (Postmark's
    RawEmail, Mailgun's body-mime) gives it back as it was; one that sends parsed fields is
    rebuilt by anymail, its headers (Message-ID, In-Reply-To, References) kept."""
    _encode_binary_parts(message)
    try:
        return message.as_bytes()
    except (UnicodeError, LookupError, ValueError):
        # Raw MIME handed over as JSON text (Postmark's RawEmail) holds 8-bit text the
        # bytes generator refuses: as UTF-8, the way it most likely came.
        text = message.as_string()
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeError:  # a lone surrogate from the JSON ("\ud800"): not a character
        return text.encode("utf-8", "replace")


def _encode_binary_parts(message):
    """Anymail builds a provider's attachments (Postmark's base64 `Content`) as parts with
    the raw bytes as payload and no Content-Transfer-Encoding; the generator writes those
    as they are, every CR LF turned into LF, and a photo arrives broken. Base64 keeps
    every byte."""
    for part in message.walk():
        encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if part.is_multipart() or part.get_content_maintype() in ("text", "message") or \
                encoding in ("base64", "quoted-printable"):
            continue
        content = part.get_payload(decode=True) or b""
        del part["Content-Transfer-Encoding"]
        part.set_payload(base64.encodebytes(content).decode("ascii"))
        part["Content-Transfer-Encoding"] = "base64"


@receiver(inbound, dispatch_uid="conversation.anymail_inbound")
def on_inbound_email(sender, event, esp_name, **kwargs):
    email_in.receive(raw_bytes(event.message), mailbox=f"anymail:{esp_name.lower()}")
