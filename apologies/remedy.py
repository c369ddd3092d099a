"""The remedy as the method describes it: first make the customer whole (refund,
replacement…), then give something extra, of high value to them and low cost to us.

The extra is optional, but all or nothing: a type without a cost cannot be approved or
counted. A remedy without an extra is allowed and warned about (the method asks for one),
and the value per unit of cost is shown wherever the remedy is weighed: the form, the case
page, the approvals page, the API.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import EXTRA_FIELDS, ExtraType, value_for_cost

EXTRA_MISSING = {
    "extra_type": "Choose what kind of extra it is.",
    "extra_description": "Say what the extra is.",
    "extra_value_to_customer": "What is the extra worth to the customer?",
    "extra_cost": "What does the extra cost us?",
}
NO_EXTRA = (
    "No extra yet: making the customer whole only puts things back. Add something of high "
    "value to them and low cost to us (an upgrade, a gift, faster service)."
)


def _given(value) -> bool:
    return value not in (None, "") and not (isinstance(value, str) and not value.strip())


def extra_problems(data: dict) -> dict[str, str]:
    """{field: message} for an extra given in part: each missing field, by name."""
    given = [name for name in EXTRA_FIELDS if _given(data.get(name))]
    if not given or len(given) == len(EXTRA_FIELDS):
        return {}
    return {name: EXTRA_MISSING[name] for name in EXTRA_FIELDS if name not in given}


def total_cost(data: dict) -> Decimal:
    """What the remedy in `data` costs us in all: make whole + extra (the approval limit
    weighs this)."""
    return data["cost"] + (data.get("extra_cost") or 0)


def warnings(data: dict) -> list[dict]:
    """Cautions about a remedy that do not stop it: today, that it has no extra."""
    if _given(data.get("extra_type")):
        return []
    return [{"code": "no_extra", "message": NO_EXTRA}]


LARGEST = Decimal("99999999.99")  # the amounts' max_digits=10, decimal_places=2


def _decimal(value) -> Decimal | None:
    """An amount as typed, or None when it is not one the form would take (so a half-typed
    "1e400" shows no total rather than failing to divide)."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        return None
    return number if number.is_finite() and 0 <= number <= LARGEST else None


@dataclass
class Summary:
    """The two parts with their totals and the value per unit of cost, for a page."""

    value: Decimal | None
    cost: Decimal | None
    extra_type: str
    extra_value: Decimal | None
    extra_cost: Decimal | None
    currency: str

    @property
    def has_extra(self) -> bool:
        return bool(self.extra_type)

    @property
    def extra_label(self) -> str:
        return dict(ExtraType.choices).get(self.extra_type, "")

    @property
    def total_value(self) -> Decimal | None:
        if self.value is None and self.extra_value is None:
            return None
        return (self.value or 0) + (self.extra_value or 0)

    @property
    def total_cost(self) -> Decimal | None:
        if self.cost is None and self.extra_cost is None:
            return None
        return (self.cost or 0) + (self.extra_cost or 0)

    @property
    def ratio(self) -> Decimal | None:
        return value_for_cost(self.total_value, self.total_cost)

    @property
    def extra_ratio(self) -> Decimal | None:
        return value_for_cost(self.extra_value, self.extra_cost)

    @property
    def free_to_us(self) -> bool:
        """Worth something to the customer and costing us nothing (no ratio to show)."""
        return bool(self.total_value) and self.total_cost == 0

    @property
    def warning(self) -> str:
        return "" if self.has_extra else NO_EXTRA


def summarize(source, currency: str = "") -> Summary:
    """The summary of a form's data (text as typed: what cannot be read counts as not
    given) or of a saved step or approval."""
    if isinstance(source, dict):
        def read(name):
            return _decimal(source.get(name)) if _given(source.get(name)) else None

        return Summary(read("value_to_customer"), read("cost"),
                       str(source.get("extra_type") or ""),
                       read("extra_value_to_customer"), read("extra_cost"),
                       (str(source.get("currency") or "") or currency).upper()[:3])
    return Summary(source.value_to_customer, source.cost, source.extra_type,
                   source.extra_value_to_customer, source.extra_cost,
                   source.currency or currency)
