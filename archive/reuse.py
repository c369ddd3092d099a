"""Reusing an archived apology: its five parts become the drafts of a new case's steps."""

from apologies import flow
from apologies.models import EXTRA_FIELDS

from .models import PARTS


def start_from(case, archived, *, by) -> list[str]:
    """Draft the case's unfinished steps from `archived` (nothing is completed)."""
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
    return flow.draft_steps(case, drafts, by=by, source=f"{archived.reference} (#{archived.pk})")
