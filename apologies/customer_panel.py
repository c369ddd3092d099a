"""What the customer received from us, for the desk's pages about them: every remedy given
(the make-whole part and the extra, their value to the customer and cost to us) on the
customer page, and on the case page what they received this year. A remedy is given when
its step is completed, as the insights count remedies."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.choices import Stage

from .models import ApologyStep

NOTHING = Value(Decimal(0))


def _given():
    return ApologyStep.objects.filter(key=Stage.RESTORE_VALUE, completed_at__isnull=False)


def _start_of_year(now):
    return timezone.localtime(now).replace(month=1, day=1, hour=0, minute=0, second=0,
                                           microsecond=0)


def received_this_year(customer_ref, now):
    """The value to the customer of the remedies given this year, in the desk's currency
    (remedies in another currency are on the customer page)."""
    given = _given().filter(case__customer=customer_ref, completed_at__gte=_start_of_year(now),
                            currency=settings.DESK_CURRENCY)
    return Subquery(given.order_by().values("case__customer").annotate(
        value=Sum(Coalesce("value_to_customer", NOTHING)
                  + Coalesce("extra_value_to_customer", NOTHING))).values("value"),
        output_field=DecimalField(max_digits=12, decimal_places=2))


def received_words(value) -> str:
    return f"Received this year: {value or Decimal('0.00'):.2f} {settings.DESK_CURRENCY}"


@dataclass
class Totals:
    currency: str
    value: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    count: int = 0

    def add(self, remedy):
        self.value += remedy.total_value_to_customer or 0
        self.cost += remedy.total_cost or 0
        self.count += 1


def _totals(remedies) -> list[Totals]:
    by_currency = {}
    for remedy in remedies:
        by_currency.setdefault(remedy.currency, Totals(remedy.currency)).add(remedy)
    return sorted(by_currency.values(), key=lambda totals: totals.currency)


def remedies_section(request, customer):
    remedies = list(_given().filter(case__customer=customer).select_related("case")
                    .order_by("-completed_at", "-id"))
    year = _start_of_year(timezone.now())
    return {
        "template": "apologies/_customer_remedies.html",
        "remedies": remedies,
        "year": year.year,
        "this_year": _totals(r for r in remedies if r.completed_at >= year),
        "all_time": _totals(remedies),
    }
