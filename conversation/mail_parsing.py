"""Reading a raw email (RFC 5322 / MIME) as well as it parses: the headers that thread it,
who sent it, its text (the new part of a reply, without quoted history or signature, by
mail-parser-reply), HTML sanitised with nh3, and its attachments.

Mail in the wild is malformed: unknown charsets, raw 8-bit headers, broken encoded-words,
truncated MIME. Nothing here raises on bad mail; what cannot be read is left out, and the
raw message is kept beside the result (`InboundEmail.raw`).
"""

import email
import email.headerregistry
import email.policy
import functools
import hashlib
import re
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr

import nh3
from mailparser_reply import EmailReplyParser

MESSAGE_ID = re.compile(r"<[^<>\s]{1,240}>")
REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "pl"]

# The standard policy parses a header into an object each time it is read, and the parser
# and `walk()` read each part's Content-Type a dozen times: a third of the parse. Parsed
# headers are immutable, so the same (name, value) is parsed once (bench/measure_inbound).
_registry = email.headerregistry.HeaderRegistry()


@functools.lru_cache(maxsize=2048)
def _cached_header(name, value):
    return _registry(name, value)


def _parsed_header(name, value):
    # Only short values are kept: a megabyte-long header must not stay in memory.
    return _cached_header(name, value) if len(value) <= 1000 else _registry(name, value)


POLICY = email.policy.default.clone(header_factory=_parsed_header)


@dataclass
class ParsedFile:
    filename: str
    content: bytes
    declared_type: str


@dataclass
class ParsedEmail:
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    sender: str  # the address, lower-cased; "" when there is none
    sender_name: str
    to: list[str]
    return_path: str | None  # None: no Return-Path header at all
    text: str  # the whole text part (or the HTML's text)
    new_text: str  # the reply's new text
    html: str  # sanitised
    auto_reply: str  # why it is automatic, "" when a person wrote it
    files: list[ParsedFile] = field(default_factory=list)


def _header(msg, name) -> str:
    try:
        value = msg.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # a header the policy cannot decode: take its raw bytes' text
        raw = msg.get_all(name, failobj=[""])[0] if hasattr(msg, "get_all") else ""
        return " ".join(str(raw).split())


def _ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _text_of(part) -> str:
    try:
        return part.get_content()
    except Exception:  # an unknown charset, a broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def automatic(msg, sender: str, return_path: str | None, own_addresses) -> str:
    """Why this email is not from a person (RFC 3834 and the common conventions), or ""."""
    submitted = _header(msg, "Auto-Submitted").lower()
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if msg.get(name) is not None and name != "X-Auto-Response-Suppress":
            return f"{name} header"
    precedence = _header(msg, "Precedence").lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Precedence: {precedence}"
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "empty return path (a bounce)"
    if sender and sender in own_addresses:
        return "sent by the desk itself (a loop)"
    if sender.startswith(("mailer-daemon@", "postmaster@")):
        return "a mail system's report"
    return ""


def synthetic_message_id(raw: bytes) -> str:
    """For mail without a Message-ID (or unreadable): the same bytes, the same id, so a
    message read twice is still recorded once."""
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@inbound>"


def parse(raw: bytes, *, own_addresses=()) -> ParsedEmail:
    msg = email.message_from_bytes(raw, policy=POLICY)
    name, sender = parseaddr(_header(msg, "From"))
    sender = sender.strip().lower()
    return_path = _header(msg, "Return-Path") if msg.get("Return-Path") is not None else None
    ids = _ids(_header(msg, "Message-ID"))
    message_id = ids[0] if ids else synthetic_message_id(raw)
    text, html, files = "", "", []
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        filename = part.get_filename()
        if disposition == "attachment" or (filename and kind not in ("text/plain",
                                                                      "text/html")):
            content = part.get_payload(decode=True) or b""
            files.append(ParsedFile(filename or "attachment", content, kind))
        elif kind == "text/plain" and not text:
            text = _text_of(part)
        elif kind == "text/html" and not html:
            html = _text_of(part)
    clean_html = nh3.clean(html) if html else ""
    if not text and html:  # HTML only: its text, tags and all markup removed
        text = nh3.clean(html, tags=set())
    text = text.replace("\r\n", "\n").strip()
    return ParsedEmail(
        message_id=message_id,
        in_reply_to=_ids(_header(msg, "In-Reply-To")),
        references=_ids(_header(msg, "References")),
        subject=_header(msg, "Subject")[:300],
        sender=sender, sender_name=name.strip()[:200],
        to=[address.lower() for _, address in getaddresses(
            [_header(msg, "To"), _header(msg, "Cc"), _header(msg, "Delivered-To")]) if address],
        return_path=return_path,
        text=text, new_text=new_text(text), html=clean_html,
        auto_reply=automatic(msg, sender, return_path, own_addresses),
        files=files,
    )


def new_text(text: str) -> str:
    """The reply's own words: quoted history and signature removed."""
    if not text:
        return ""
    try:
        replies = EmailReplyParser(languages=REPLY_LANGUAGES).read(text=text).replies
    except Exception:  # the parser is heuristic; never lose the message over it
        return text
    latest = replies[0].body if replies else ""
    return (latest or "").strip() or text
