"""Sharing an apology outside: a manager publishes a redacted version to the public page.

What is public is only `public_title` and `public_text` (plus the category and the date):
never the customer's identity, the costs, the notes or the message as sent. Redaction runs
on the proposed text *and again* on whatever the manager edits before publishing, so a
pasted email address cannot slip through.
"""

from django.db import transaction
from django.utils import timezone

from apologies import cautions, lexicon
from apologies.flow import LexiconBlocked
from cases import redaction, timeline
from cases.models import EventKind
from recovery.errors import Conflict

from .models import PARTS, ArchivedApology
from .review import require_manager

# The rule is shared with privacy's erasure (`cases.redaction`); these names stay for callers.
EMAIL, PHONE, MIN_NAME_PART = redaction.EMAIL, redaction.PHONE, redaction.MIN_NAME_PART


def redact(text: str, archived: ArchivedApology) -> str:
    """`text` without the customer's name, company, or any email address or phone number."""
    return redaction.redact(text, redaction.Identity.of(
        names=[archived.customer_name], emails=[archived.customer_email],
        companies=[archived.customer_company]))


def proposed(archived) -> tuple[str, str]:
    """The public title and text to start from: the published ones, or the redacted parts."""
    if archived.public_text:
        return archived.public_title, archived.public_text
    text = "\n\n".join(getattr(archived, part) for part in PARTS if getattr(archived, part))
    return redact(archived.title, archived), redact(text, archived)


def publish(archived, *, title: str, text: str, by, confirmed=()) -> ArchivedApology:
    """Publish the redacted `title` and `text`. Raises NotAllowed for anyone but a manager,
    LexiconBlocked for banned words in the text as redacted, CautionsUnconfirmed for a
    caution whose key is not in `confirmed` (the confirmed ones go on the case's
    timeline)."""
    require_manager(by, "publish apologies")
    public_title, public_text = redact(title.strip(), archived), redact(text.strip(), archived)
    findings = lexicon.check(public_text, None)
    if lexicon.blocking(findings):
        raise LexiconBlocked(lexicon.blocking(findings))
    kept = cautions.require_confirmed(findings, confirmed, doing="published")
    with transaction.atomic():
        archived = ArchivedApology.objects.select_for_update().get(pk=archived.pk)
        archived.public_title, archived.public_text = public_title, public_text
        first = archived.published_at is None
        archived.published_at = archived.published_at or timezone.now()
        archived.published_by = getattr(by, "user", by)
        archived.save(update_fields=["public_title", "public_text", "published_at",
                                     "published_by"])
        timeline.record(archived.case, EventKind.PUBLISHED, by=by, to_value=archived.public_title,
                        note="" if first else "Public text updated")
        cautions.record(archived.case, kept, by=by, doing="published")
    return archived


def unpublish(archived, *, by) -> ArchivedApology:
    require_manager(by, "unpublish apologies")
    with transaction.atomic():
        archived = ArchivedApology.objects.select_for_update().get(pk=archived.pk)
        if archived.published_at is None:
            raise Conflict("This apology is not published.", code="not_published")
        archived.published_at = None
        archived.save(update_fields=["published_at"])
        timeline.record(archived.case, EventKind.UNPUBLISHED, by=by, to_value=archived.public_title)
    return archived
