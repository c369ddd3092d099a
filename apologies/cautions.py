"""Caution findings don't vanish: text with caution findings is sent to the customer, reused
for another case or published only after the person confirms each one, and what they
confirmed is on the case's timeline.

A banned finding blocks outright (`LexiconBlocked`); a caution is the person's call, made
knowingly: each is named by a `key` (its rule and place in the text), the refusal lists the
keys still to confirm (API 422 `cautions_unconfirmed`, a checkbox per finding in the
browser), and the action is repeated with them.
"""

from cases import timeline
from cases.models import EventKind
from recovery.errors import RecoveryError

from .findings import Finding, quoted_words


def key(finding: Finding) -> str:
    return finding.key


class CautionsUnconfirmed(RecoveryError):
    """Caution findings the person has not confirmed (422 with the findings and their keys)."""

    status = 422
    code = "cautions_unconfirmed"

    def __init__(self, findings: list[Finding], doing: str):
        words = quoted_words(findings)
        super().__init__(
            f"Confirm each caution before it is {doing}, or change the words: {words}.",
            field="confirm",
        )
        self.findings = findings
        self.extra = {"findings": [finding.as_dict() for finding in findings]}


def cautions(findings) -> list[Finding]:
    return [finding for finding in findings if not finding.blocking]


# Confirmed where the action was started, not here: an incident's run, started by a person
# from the incident's page, sends each case's apology from a worker.
CONFIRMED_BEFORE = object()


def require_confirmed(findings, confirmed, *, doing: str) -> list[Finding]:
    """The caution findings among `findings`, all of whose keys must be in `confirmed`
    (raises CautionsUnconfirmed listing the others). `doing` says what waits on them:
    "sent", "reused", "published"."""
    to_confirm = cautions(findings)
    if confirmed is CONFIRMED_BEFORE:
        return to_confirm
    confirmed = set(confirmed or ())
    missing = [finding for finding in to_confirm if key(finding) not in confirmed]
    if missing:
        raise CautionsUnconfirmed(missing, doing)
    return to_confirm


def record(case, findings, *, by, doing: str):
    """The confirmed cautions on the case's timeline (nothing when there were none); call it
    in the transaction that does what they were confirmed for."""
    if not findings:
        return None
    return timeline.record(
        case, EventKind.CAUTIONS_CONFIRMED, by=by, to_value=doing,
        note="; ".join(f"“{f.text}”: {f.message}" if f.text else f.message for f in findings),
        findings=[finding.as_dict() for finding in findings],
    )
