"""The apology flow: the one door for every move of a case through the five steps, the
remedy approval, sending, and the case's transitions after it; and `Apology`, the one read
model of where the apology stands, which the doors' rules and every reader use.

Each door takes the case and a keyword-only `by=` (a user, or an API key), runs in one
transaction with the case row locked (`select_for_update`), checks its rule, writes its rows
and its timeline event, and schedules effects (emails) on commit. Browser views, API views
and tasks call these; nothing else assigns a case's `status` or `stage`. Rules that say no
raise a `RecoveryError` subclass, which the API's exception handler and the form views
translate.

Modules: `core` (private: lock, read, write a step, advance the stage), `state` (the read
model), `steps`, `approvals`, `sending`, `transitions` (the doors), `errors`.
"""

from .approvals import approve_remedy, decline_remedy
from .core import REMEDY_FIELDS, STEP_KEYS
from .errors import LexiconBlocked, StepOutOfOrder
from .sending import send_apology
from .state import Apology, StepState, read_with_the_case
from .steps import StepOutcome, complete_step, draft_steps, next_step
from .transitions import CUSTOMER, can_resolve, close, reopen, resolve

__all__ = [
    "CUSTOMER", "REMEDY_FIELDS", "STEP_KEYS", "Apology", "LexiconBlocked", "StepOutOfOrder",
    "StepOutcome", "StepState", "approve_remedy", "can_resolve", "close", "complete_step",
    "decline_remedy", "draft_steps", "next_step", "read_with_the_case", "reopen", "resolve",
    "send_apology",
]
