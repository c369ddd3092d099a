"""A case's conversation with the customer: one list of messages, out and in.

Every email the desk sends a customer (acknowledgement, update, question, apology, survey)
is a `Message` row first, written in the transaction that decided to send it, and handed to
the mail server by a task after commit (`conversation.delivery`). What the customer writes
back (the status page now; email in issue 18) is a `Message` with direction `in`. The row
keeps the words as the customer read them, without the private links: those are issued
afresh for each email (`cases.links`), so a stored copy never holds a working token.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery import settled
from recovery.text import single_line


class Direction(models.TextChoices):
    OUT = "out", "To the customer"
    IN = "in", "From the customer"


class MessageKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    UPDATE = "update", "Update"
    QUESTION = "question", "Question"
    APOLOGY = "apology", "Apology"
    SURVEY = "survey", "Survey"
    REPLY = "reply", "Reply from the customer"
    COMPLAINT = "complaint", "Complaint"


# What a person at the desk may write from the case page or the API.
WRITTEN_KINDS = [MessageKind.UPDATE, MessageKind.QUESTION, MessageKind.ACKNOWLEDGEMENT]


class DeliveryState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    BOUNCED = "bounced", "Bounced"
    REJECTED = "rejected", "Rejected"
    COMPLAINED = "complained", "Marked as spam"
    RECEIVED = "received", "Received"
    FAILED = "failed", "Not sent"  # our mail server would not take it, try after try


# States that say the customer did not get the email.
UNDELIVERABLE = {DeliveryState.BOUNCED, DeliveryState.REJECTED}


class MessageQuerySet(models.QuerySet):
    def outgoing(self):
        return self.filter(direction=Direction.OUT)


class Message(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="messages",
                             db_index=False)  # (case, created_at) below
    direction = models.CharField(max_length=3, choices=Direction.choices)
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(max_length=20000, help_text="The text as the customer read or "
                                                       "wrote it, without private links")
    html = models.TextField(blank=True, help_text="The HTML part, for messages composed as "
                                                  "HTML (the apology); else made from the text")
    full_body = models.TextField(blank=True, help_text="Email in: the whole text, quoted "
                                                       "history and signature included")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who at the desk wrote it; empty: the desk itself",
    )
    address = models.EmailField(help_text="The customer's address it went to or came from")
    message_id = models.CharField(max_length=250, help_text="The RFC 5322 Message-ID")
    in_reply_to = models.CharField(max_length=250, blank=True)
    references = models.TextField(blank=True)
    state = models.CharField(max_length=12, choices=DeliveryState.choices,
                             default=DeliveryState.QUEUED)
    state_detail = models.CharField(max_length=500, blank=True,
                                    help_text="What the mail system said (a bounce's reason)")
    state_changed_at = models.DateTimeField(null=True, blank=True)
    esp_message_id = models.CharField(max_length=250, blank=True,
                                      help_text="The email service provider's id for it")
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index("case", "created_at", "id", name="message_case_idx"),
            # Threading a reply (issue 18) and tracking events find a message by its ids.
            models.Index("message_id", name="message_message_id_idx"),
            models.Index("esp_message_id", name="message_esp_id_idx",
                         condition=~Q(esp_message_id="")),
            # The sweep's query: messages still waiting for the mail server.
            models.Index("created_at", name="message_queued_idx",
                         condition=Q(state="queued", direction="out")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_direction_display().lower()}"

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUT

    @property
    def undeliverable(self) -> bool:
        return self.state in UNDELIVERABLE


class AcknowledgementTemplate(models.Model):
    """The first message a customer gets, minutes after the case is logged; one row (pk 1),
    edited by managers and lexicon-checked like any step. Placeholders:
    {{ customer_name }}, {{ reference }}, {{ title }} (the title the customer reads),
    {{ what_happened }} (what they told us, shortened), {{ next_update_by }} (when they
    will hear from us again), {{ resolve_by }} (the resolution target),
    {{ organisation }}. The status link is added to every email, so it is not a placeholder."""

    subject = models.CharField(max_length=200, validators=[single_line])
    body = models.TextField(max_length=3000)
    skip_channels = models.JSONField(
        default=list, blank=True,
        help_text="Channels whose cases are not acknowledged by email at once (the agent "
                  "already spoke to the customer, e.g. phone)",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "Acknowledgement template"

    @classmethod
    def current(cls) -> "AcknowledgementTemplate":
        """The row, or the defaults: kept by the process (`recovery.settled`)."""
        return settled.current("acknowledgement-template", lambda: cls.objects.filter(
            pk=1).first() or cls(pk=1, **DEFAULT_ACKNOWLEDGEMENT))


DEFAULT_ACKNOWLEDGEMENT = {
    "subject": "We are sorry: {{ title }}",
    "body": (
        "Dear {{ customer_name }},\n\n"
        "We are sorry this happened. You told us: {{ what_happened }}\n\n"
        "Your reference is {{ reference }}. A member of our team is looking into it now. "
        "We will write to you again by {{ next_update_by }}, and we aim to have this put "
        "right by {{ resolve_by }}.\n\n"
        "{{ organisation }}"
    ),
    "skip_channels": ["phone", "in_person"],
}


def attachment_path(attachment, filename):
    # Never the customer's file name on disk (it may be anything): a random one per file.
    return f"attachments/{attachment.case_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file the customer sent (email, status page, complaint form) or an agent added.
    Stored through Django's storage API; downloaded only through a view that checks who may
    see the case, always as a download. Never part of the public archive."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=255, help_text="The name it came with, for display")
    content_type = models.CharField(max_length=100, help_text="Taken from the content")
    size = models.PositiveIntegerField()
    thumbnail = models.FileField(upload_to="thumbnails/", blank=True, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who at the desk added it; empty: the customer")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.filename

    @property
    def badge(self) -> str:
        """A few letters for a file shown without a thumbnail: its extension, or FILE."""
        extension = self.filename.rsplit(".", 1)[-1] if "." in self.filename else ""
        return extension.upper() if extension.isalnum() and len(extension) <= 4 else "FILE"


class InboundOutcome(models.TextChoices):
    THREADED = "threaded", "Added to its case"
    OPENED = "opened", "Opened a new case"
    IGNORED = "ignored", "Ignored (auto-reply, loop or flood)"
    TOO_LARGE = "too_large", "Too large: recorded, answered politely"
    FAILED = "failed", "Could not be read"


class InboundEmail(models.Model):
    """One email that came in, whichever door it came through, recorded once per mailbox
    (by its Message-ID): the raw message kept as it arrived, and what became of it."""

    mailbox = models.CharField(max_length=100, help_text="imap:<folder>, anymail:<esp>, pipe")
    message_id = models.CharField(max_length=250)
    raw = models.FileField(upload_to="inbound/%Y/%m/", blank=True, max_length=300)
    size = models.PositiveIntegerField(default=0)
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=12, choices=InboundOutcome.choices)
    note = models.CharField(max_length=500, blank=True)
    recorded_as = models.OneToOneField(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound",
        help_text="The message of the conversation it became")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint("mailbox", "message_id",
                                               name="inbound_once_per_mailbox")]
        indexes = [models.Index("sender", "received_at", name="inbound_sender_idx")]

    def __str__(self):
        return f"{self.mailbox} {self.message_id}"


class InboundRoute(models.Model):
    """Which category a new case from email gets, by the address it was sent to
    (billing@… → billing). Edited in the admin; unmatched mail gets the default."""

    address = models.CharField(max_length=254, unique=True,
                               help_text="The full address, or its local part (billing)")
    category = models.ForeignKey("cases.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["address"]

    def __str__(self):
        return f"{self.address} → {self.category}"

    @classmethod
    def kept(cls) -> dict[str, str]:
        """Address → category slug, kept by the process (`recovery.settled`)."""
        return settled.current("inbound-routes", lambda: dict(
            cls.objects.values_list("address", "category__slug")))


class MailboxState(models.Model):
    """How far the IMAP poll has read a mailbox: the last UID it recorded, valid only for
    the mailbox's UIDVALIDITY (a server that renumbers its messages changes it, and the poll
    starts again from the first — dedupe by Message-ID keeps that from doubling anything)."""

    mailbox = models.CharField(max_length=100, unique=True, help_text="imap:<folder>")
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    polled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mailbox"]

    def __str__(self):
        return f"{self.mailbox} (UID {self.last_uid})"


settled.watch(AcknowledgementTemplate, InboundRoute)
