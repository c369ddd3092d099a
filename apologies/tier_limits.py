"""Approval limits by customer tier, kept by managers on /people/approval-limits/: "for
Gold customers agents may offer up to 200 without approval". Read when a remedy is proposed
(`flow.approvals`), so a change applies to the next one; waiting remedies stay waiting."""

from decimal import Decimal

from django.db import transaction

from cases.choices import Tier
from recovery.errors import RecoveryError

from .models import TierApprovalLimit


def current() -> dict[str, Decimal | None]:
    """Every tier's limit, None where the desk's default applies."""
    limits = dict(TierApprovalLimit.objects.values_list("tier", "limit"))
    return {tier: limits.get(tier) for tier in Tier.values}


@transaction.atomic
def set_limits(limits: dict[str, Decimal | None]) -> list[str]:
    """Set each tier's limit (None: back to the desk's default). Returns the tiers changed.

    Raises RecoveryError, naming the tier's field, for a negative limit or unknown tier."""
    changed = []
    before = current()
    for tier, limit in limits.items():
        if tier not in Tier.values:
            raise RecoveryError(f"Unknown tier {tier}", field=tier)
        if limit is not None and limit < 0:
            raise RecoveryError("A limit cannot be negative.", field=tier)
        if limit == before[tier]:
            continue
        if limit is None:
            TierApprovalLimit.objects.filter(tier=tier).delete()
        else:
            TierApprovalLimit.objects.update_or_create(tier=tier, defaults={"limit": limit})
        changed.append(tier)
    return changed
