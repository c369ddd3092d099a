"""Step texts that pass the lexicon, and a helper that completes steps through the flow."""

from decimal import Decimal

from apologies import flow

GOOD = {
    "restore_value": {
        "content": "We have refunded the full price of the vase and added a 20 euro voucher.",
        "remedy_type": "refund", "value_to_customer": Decimal("80.00"),
        "cost": Decimal("45.00"), "currency": "EUR",
    },
    "acknowledge": {"content": "We made a mistake: we packed your vase without protection, "
                               "and that is our responsibility."},
    "explain": {"content": "Our packing team used the wrong box size for fragile items."},
    "fix": {"content": "We have changed our packing checklist so fragile items are always "
                       "double-boxed."},
    "regret": {"content": "We are truly sorry that your anniversary gift arrived broken."},
}


def complete(case, *keys, by):
    """Complete `keys` (default: all five) in order with the good texts."""
    for key in keys or flow.STEP_KEYS:
        flow.complete_step(case, key, dict(GOOD[key]), by=by)
    case.refresh_from_db()
    return case
