"""A demo organisation to try the desk with. Safe to run again: it adds only what is missing."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.roles import create_desk_user
from cases import schedule, work
from cases.intake import CustomerDetails, open_case
from cases.models import Case, Category, Reminder

from ...apologies import ensure_tier_limits, work_demo_case
from ...incidents import ensure_demo_incident

# the demo's published password (README)
PASSWORD = "recovery-demo"  # nosec

PEOPLE = [
    ("agent@example.com", Role.AGENT, "Alex", "Rivera"),
    ("agent2@example.com", Role.AGENT, "Sam", "Okafor"),
    ("manager@example.com", Role.MANAGER, "Morgan", "Lee"),
]

CUSTOMERS = [
    ("ana.souza@example.net", "Ana Souza", "", "gold"),
    ("ben.clarke@example.org", "Ben Clarke", "Clarke Joinery", "standard"),
    ("chen.wei@example.com", "Chen Wei", "", "platinum"),
    ("dara.murphy@example.ie", "Dara Murphy", "", "standard"),
    ("eva.novak@example.cz", "Eva Novák", "Novák Design", "silver"),
    ("farid.haddad@example.com", "Farid Haddad", "", "standard"),
]

# (title, category, severity, channel, hours ago, assignee index or None, description)
CASES = [
    ("Parcel delivered to the wrong address", "shipping", "high", "email", 2, 0,
     "The courier left my order with a neighbour three streets away. I only found it by chance."),
    ("Charged twice for the annual plan", "billing", "high", "phone", 30, 0,
     "My card shows two charges of 240.00 on the same day."),
    ("Blender jug cracked on first use", "product_quality", "medium", "web", 5, 1,
     "The jug split along the seam the first time I blended ice."),
    ("Checkout down during the sale", "outage", "critical", "social", 3, None,
     "Couldn't pay for two hours on Black Friday; the discount expired meanwhile."),
    ("Rude reply from the support line", "staff_conduct", "high", "phone", 50, None,
     "I was told it was my fault for not reading the terms."),
    ("Refund promised but never arrived", "billing", "medium", "chat", 120, 1,
     "I was promised a refund within 5 days, it has been 3 weeks."),
    ("Order arrived a week late", "shipping", "low", "email", 8, None,
     "The gift arrived after the birthday."),
    ("Wrong size sent twice", "shipping", "medium", "web", 26, 0,
     "Ordered a medium, got a large, exchanged it, got a large again."),
    ("App logged me out and lost my basket", "outage", "low", "review", 70, None,
     "Public review: 'Lost a full basket twice this week.'"),
    ("Invoice addressed to the wrong company", "billing", "low", "email", 1, None,
     "Our invoice names a different company; our accounts team cannot pay it."),
    ("Missing parts in the flat-pack wardrobe", "product_quality", "medium", "phone", 12, 1,
     "Bag C with the hinges was not in the box."),
    ("Installer did not turn up", "other", "high", "phone", 6, None,
     "I took a day off work and nobody came or called."),
    ("Subscription renewed after I cancelled", "billing", "medium", "email", 40, 0,
     "I cancelled in October and was charged again in November."),
    ("Cold food delivered an hour late", "shipping", "medium", "chat", 4, None,
     "Dinner for my daughter's birthday arrived cold, an hour after the slot."),
    ("Store manager raised his voice at me", "staff_conduct", "critical", "in_person", 9, 1,
     "In front of other customers, while I was asking about a return."),
    ("Sync outage lost a day of my notes", "outage", "critical", "email", 15, 0,
     "Everything I wrote on Tuesday is gone."),
    ("Warranty claim ignored for a month", "product_quality", "high", "review", 200, None,
     "Public review: 'Sent three emails about a faulty kettle, no answer.'"),
    ("Discount code rejected at checkout", "billing", "low", "web", 20, None,
     "The code from your own newsletter said 'invalid'."),
    ("Delivery driver damaged the gate", "shipping", "high", "phone", 60, 1,
     "The van reversed into our garden gate and drove off."),
    ("Told to 'read the manual' on the phone", "staff_conduct", "medium", "phone", 33, None,
     "I asked how to reset the router and was told to read the manual."),
    ("Replacement phone has the same fault", "product_quality", "high", "email", 90, 0,
     "The replacement's screen flickers exactly like the first one."),
    ("Website showed in stock, it was not", "other", "low", "web", 48, None,
     "Paid for next-day delivery on an item that was out of stock."),
    ("Payment page timed out and charged me", "outage", "high", "chat", 2, None,
     "The page errored but the bank shows the payment."),
    ("Hotel room given away despite booking", "other", "critical", "phone", 1, 1,
     "Arrived at 11pm to find no room; the booking was confirmed."),
]


class Command(BaseCommand):
    help = "Load the demo organisation: users, customers, cases at every step. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        people = [self._person(*row) for row in PEOPLE]
        ensure_tier_limits()
        agents = people[:2]
        now = timezone.now()
        added = []
        for number, (title, category, severity, channel, hours, who, text) in enumerate(CASES, 1):
            external_id = f"demo-{number:03d}"
            case = Case.objects.filter(external_id=external_id).first()
            if case is not None:
                work_demo_case(case, number, agents[who or 0], people[2])
                continue
            email, name, company, tier = CUSTOMERS[number % len(CUSTOMERS)]
            case = open_case(
                customer=CustomerDetails(email=email, name=name, company=company, tier=tier),
                title=title,
                description=text,
                channel=channel,
                category=Category.objects.get(slug=category),
                severity=severity,
                occurred_at=now - timedelta(hours=hours + 1),
                external_id=external_id,
                opened_at=now - timedelta(hours=hours),
                by=people[2],
            )
            if who is not None:
                work.assign(case, agents[who], by=agents[who])
            work_demo_case(case, number, agents[who or 0], people[2])
            added.append(case.pk)
        ensure_demo_incident(people[2])
        quiet = self._quiet_the_past(added, timezone.now())
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready ({len(added)} new cases; {quiet} reminders already past due "
            "in the demo's back-dated history not sent)."))
        for email, role, *_ in PEOPLE:
            self.stdout.write(f"  {role:<8} {email}  password: {PASSWORD}")

    def _quiet_the_past(self, case_ids, now) -> int:
        """The new demo cases were opened hours or days ago, so their warnings and
        escalations are already due: sent, they made some 30 emails in the desk's first
        minute. They are cancelled (not marked sent: nobody was told); the cases still show
        as breaching, and tomorrow's digest lists them. Reminders due later go out as
        usual, and a second run touches nothing (only this run's new cases)."""
        return schedule.cancel(Reminder.objects.filter(case_id__in=case_ids, due_at__lte=now))

    def _person(self, email, role, first_name, last_name) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_desk_user(
                email, role=role, password=PASSWORD, first_name=first_name, last_name=last_name
            )
        return user
