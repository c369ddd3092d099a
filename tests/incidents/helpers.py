"""An incident ready to send, for the incidents' tests."""

from decimal import Decimal

from apologies.models import RootCause
from incidents import linking

TEXTS = {
    "acknowledgement": "We made a mistake: our checkout was down for two hours, and that is "
                       "our responsibility.",
    "explanation": "A database upgrade we ran on Tuesday locked the orders table.",
    "fix": "We have moved upgrades to a copy of the database that we switch over only once "
           "it is tested.",
    "regret": "We are truly sorry that you could not finish your order.",
}
REMEDIES = [
    {"tier": "standard", "remedy_type": "credit", "content": "We have added a 10 euro credit "
     "to your account.", "value_to_customer": Decimal("10.00"), "cost": Decimal("10.00"),
     "currency": "EUR"},
    {"tier": "gold", "remedy_type": "credit", "content": "We have added a 40 euro credit to "
     "your account.", "value_to_customer": Decimal("40.00"), "cost": Decimal("40.00"),
     "currency": "EUR"},
]


def make_incident(by, remedies=REMEDIES, **texts):
    data = {"title": "Checkout outage", "summary": "Orders failed from 14:00 to 16:00.",
            "root_cause": RootCause.objects.get(slug="system"), **TEXTS, **texts}
    return linking.save_incident(None, data, remedies, by=by)
