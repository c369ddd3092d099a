"""Keeping the customer's files (and the agent's): through Django's storage API, under a
random name, with the type read from the content (never the name the sender gave it), within
ATTACHMENT_MAX_BYTES each, ATTACHMENTS_PER_MESSAGE per message and ATTACHMENTS_PER_CASE per
case. Images get a thumbnail, re-encoded by Pillow (never the sender's bytes), or none when
the picture is damaged or claims more pixels than MAX_PIXELS (a decompression bomb)."""

import io
import logging
import warnings

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from accounts.actors import actor_fields
from cases import timeline
from cases.models import Case, EventKind
from recovery.errors import RecoveryError

from .models import Attachment

log = logging.getLogger(__name__)

# Shown inline nowhere; downloaded as what the content is. Anything unknown (HTML, SVG,
# scripts, text) is octet-stream to the browser.
OCTET_STREAM = "application/octet-stream"
# What a download may be labelled as: pictures a browser decodes itself and PDF. Everything
# else (HTML, SVG, XML, scripts, archives…) is served as octet-stream, so no browser renders it.
SERVED_AS_IS = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp",
                          "image/tiff", "image/avif", "image/heic", "application/pdf"})
THUMBNAILED = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
THUMBNAIL_BOX = (320, 320)
# Pillow's own guard warns above its limit and refuses at twice it; set here, not left to a
# library default: a 40-megapixel photo is a big phone's; a 100000×100000 PNG is a bomb.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class AttachmentRefused(RecoveryError):
    status = 413
    code = "attachment_too_large"


def content_type_of(content: bytes) -> str:
    kind = filetype.guess(content[:8192])
    return kind.mime if kind is not None else OCTET_STREAM


def served_type(content_type: str) -> str:
    """The Content-Type a download goes out with."""
    return content_type if content_type in SERVED_AS_IS else OCTET_STREAM


def clean_name(filename: str) -> str:
    name = (filename or "attachment").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".") or "attachment"
    return name[:255]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def too_large(filename: str, size: int) -> str | None:
    """Why a file of `size` bytes cannot be kept, or None (forms ask before uploading)."""
    if size > settings.ATTACHMENT_MAX_BYTES:
        return (f"“{clean_name(filename)}” is larger than "
                f"{megabytes(settings.ATTACHMENT_MAX_BYTES)}.")
    return None


def store(case, content: bytes, filename: str, *, message=None, by=None) -> Attachment:
    """Keep one file on `case` (with `message`, the one it came with, if any) and record
    `attachment_added`. `by`: the desk user or API key who added it; None for the customer.

    Raises AttachmentRefused (413) over the size limit, the message's count or the case's,
    before anything is written. The file (and thumbnail) are written before the row's short
    transaction, so no lock is held while S3 takes them; a refusal found under the lock
    deletes them again."""
    name = clean_name(filename)
    refusal = too_large(name, len(content))
    if refusal:
        raise AttachmentRefused(refusal, field="file")
    _check_counts(case, message)
    content_type = content_type_of(content)
    attachment = Attachment(case_id=case.pk, message=message, filename=name,
                            content_type=content_type, size=len(content),
                            uploaded_by=actor_fields(by)["actor"])
    attachment.file.save("upload", ContentFile(content), save=False)
    thumbnail = thumbnail_of(content) if content_type in THUMBNAILED else None
    if thumbnail is not None:
        data, extension = thumbnail
        attachment.thumbnail.save(f"thumb.{extension}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
            _check_counts(locked, message)  # again, now that two uploads cannot both pass
            attachment.save()
            timeline.record(locked, EventKind.ATTACHMENT_ADDED, by=by, to_value=name,
                            attachment=attachment.pk, message=message.pk if message else None,
                            size=len(content), content_type=content_type)
    except Exception:
        _delete_files(attachment)
        raise
    return attachment


def _check_counts(case, message):
    if message is not None and (message.attachments.count()
                                >= settings.ATTACHMENTS_PER_MESSAGE):
        raise AttachmentRefused(
            f"At most {settings.ATTACHMENTS_PER_MESSAGE} files with one message.",
            code="too_many_attachments", field="file")
    if Attachment.objects.filter(case_id=case.pk).count() >= settings.ATTACHMENTS_PER_CASE:
        raise AttachmentRefused(
            f"This case has {settings.ATTACHMENTS_PER_CASE} files already, the most it "
            "can keep.", code="too_many_attachments", field="file")


def _delete_files(attachment):
    for field in (attachment.file, attachment.thumbnail):
        if field:
            field.storage.delete(field.name)


def thumbnail_of(content: bytes) -> tuple[bytes, str] | None:
    """(bytes, extension) of a small re-encoded copy: PNG when the picture has transparency,
    else JPEG. None for a picture Pillow cannot read, or one over MAX_PIXELS: those are
    still kept, shown by name."""
    try:
        with warnings.catch_warnings():
            # Over the limit Pillow only warns; a warning here is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > Image.MAX_IMAGE_PIXELS:  # read per call: tests lower it
                    raise Image.DecompressionBombError(f"{width}×{height} pixels")
                image.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at a fraction of the size
                image = ImageOps.exif_transpose(image)
                image.thumbnail(THUMBNAIL_BOX)
                transparent = image.mode in ("RGBA", "LA", "PA") or (
                    image.mode == "P" and "transparency" in image.info)
                out = io.BytesIO()
                if transparent:
                    image.convert("RGBA").save(out, "PNG", optimize=True)
                    return out.getvalue(), "png"
                image.convert("RGB").save(out, "JPEG", quality=85)
                return out.getvalue(), "jpg"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            ValueError, SyntaxError, EOFError) as error:
        log.info("No thumbnail: %s", error)
        return None
