"""Closed cases with their apologies, for the archive's tests."""

from apologies import flow
from apologies.cautions import CautionsUnconfirmed

from ..apologies.steps import GOOD
from ..factories import CaseFactory, deliver_queued


def closed_case(by, *, title="Parcel arrived broken", texts=None, category=None, **case):
    """A case taken through the five steps, sent, resolved and closed (so archived)."""
    if category is not None:
        case["category"] = category
    made = CaseFactory(by=by, title=title, **case)
    for key in flow.STEP_KEYS:
        flow.complete_step(made, key, {**GOOD[key], **(texts or {}).get(key, {})}, by=by)
    try:
        flow.send_apology(made, by=by)
    except CautionsUnconfirmed as refusal:  # texts with cautions: the agent confirms them
        flow.send_apology(made, by=by, confirmed=[finding.key for finding in refusal.findings])
    deliver_queued()  # its email leaves: the first response
    flow.resolve(made, by=by)
    flow.close(made, by=by)
    made.refresh_from_db()
    return made
