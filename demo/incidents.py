"""A demo incident: the Black Friday checkout outage, with three of the demo cases linked
and its apology written, ready for a manager to press "Send to all"."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apologies.models import RootCause
from cases.models import Case
from incidents import linking
from incidents.models import Incident

TITLE = "Checkout and payments down on Black Friday"
LINKED = ["demo-004", "demo-009", "demo-023"]  # the outage cases of the demo
TEXTS = {
    "summary": "From 14:00 to 16:10 the checkout failed or timed out for most customers; "
               "some were charged without an order, baskets were lost.",
    "acknowledgement": "Our checkout failed during the sale, and that is our "
                       "responsibility, not yours.",
    "explanation": "A database upgrade we started that afternoon locked the orders table, "
                   "so payments were taken but orders could not be saved.",
    "fix": "Every payment taken without an order has been refunded, and upgrades now run "
           "on a copy of the database that we switch over only once it is tested.",
    "regret": "We are truly sorry that you lost your basket and your sale price, on the "
              "one day you planned to shop with us.",
}
REMEDIES = [
    {"tier": "standard", "remedy_type": "credit", "content": "We have honoured the sale "
     "price on your basket and added a 15 euro credit to your account.",
     "value_to_customer": Decimal("15.00"), "cost": Decimal("15.00"), "currency": "EUR"},
    {"tier": "gold", "remedy_type": "credit", "content": "We have honoured the sale price on "
     "your basket and added a 40 euro credit to your account.",
     "value_to_customer": Decimal("40.00"), "cost": Decimal("40.00"), "currency": "EUR"},
]


def ensure_demo_incident(manager) -> Incident:
    incident = Incident.objects.filter(title=TITLE).first()
    if incident is not None:
        return incident
    data = {"title": TITLE, **TEXTS, "started_at": timezone.now() - timedelta(hours=4),
            "root_cause": RootCause.objects.filter(slug="system").first()}
    incident = linking.save_incident(None, data, REMEDIES, by=manager)
    linking.link(incident, list(Case.objects.filter(external_id__in=LINKED)), by=manager)
    return incident
