"""Keeping the customer's files (and the agent's): through Django's storage API, under a
random name, with the type read from the content (never the name the sender gave it), within
ATTACHMENT_MAX_BYTES each and ATTACHMENTS_PER_MESSAGE per message."""

import filetype
from django.conf import settings
from django.core.files.base import ContentFile

from recovery.errors import RecoveryError

from .models import Attachment

# Shown inline nowhere; downloaded as what the content is. Anything unknown (HTML, SVG,
# scripts, text) is octet-stream to the browser.
OCTET_STREAM = "application/octet-stream"


class AttachmentRefused(RecoveryError):
    status = 413
    code = "attachment_too_large"


def content_type_of(content: bytes) -> str:
    kind = filetype.guess(content[:8192])
    return kind.mime if kind is not None else OCTET_STREAM


def clean_name(filename: str) -> str:
    name = (filename or "attachment").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "attachment"
    return name[:255]


def store(case, content: bytes, filename: str, *, message=None, by=None) -> Attachment:
    """Raises AttachmentRefused (413) over the size limit."""
    if len(content) > settings.ATTACHMENT_MAX_BYTES:
        raise AttachmentRefused(
            f"“{clean_name(filename)}” is larger than "
            f"{settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB.", field="file")
    attachment = Attachment(case=case, message=message, filename=clean_name(filename),
                            content_type=content_type_of(content), size=len(content),
                            uploaded_by=by)
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    return attachment
