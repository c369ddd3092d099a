"""Reusing an archived apology: its five parts become the drafts of a new case's steps.

Its words were written for someone else and may carry the lexicon's cautions: each one is
confirmed by the person reusing it (`apologies.cautions`), and the drafts are then checked
again, in their steps, on the case page."""

from dataclasses import replace

from django.db import transaction

from apologies import cautions, flow, lexicon
from apologies.models import EXTRA_FIELDS

from .models import PARTS


def findings(archived, phrases=None) -> list:
    """Every finding in the archived apology's parts, each checked as its step and named for
    its part (so the same words in two parts are two cautions to confirm)."""
    phrases = lexicon.active_phrases() if phrases is None else phrases
    return [replace(finding, rule=f"{part}/{finding.rule}")
            for part in PARTS if getattr(archived, part)
            for finding in lexicon.check(getattr(archived, part), part, phrases)]


def start_from(case, archived, *, by, confirmed=()) -> list[str]:
    """Draft the case's unfinished steps from `archived` (nothing is completed). Raises
    CautionsUnconfirmed for a caution of its parts whose key is not in `confirmed`; the
    confirmed ones go on the case's timeline with the drafting."""
    kept = cautions.require_confirmed(findings(archived), confirmed, doing="reused")
    drafts = {part: {"content": getattr(archived, part)} for part in PARTS
              if getattr(archived, part)}
    if "restore_value" in drafts and archived.remedy_type:
        drafts["restore_value"].update(
            remedy_type=archived.remedy_type, value_to_customer=archived.value_to_customer,
            cost=archived.cost, currency=archived.currency,
            **{name: getattr(archived, name) for name in EXTRA_FIELDS},
        )
    if "explain" in drafts and archived.root_cause_id:
        drafts["explain"]["root_cause_id"] = archived.root_cause_id
    with transaction.atomic():
        drafted = flow.draft_steps(case, drafts, by=by,
                                   source=f"{archived.reference} (#{archived.pk})")
        cautions.record(case, kept, by=by, doing=f"reused from {archived.reference}")
    return drafted
