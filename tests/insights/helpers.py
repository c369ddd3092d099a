"""A small desk with known times, for the insights figures.

Four cases, every action at a chosen moment (time-machine), so each figure's numbers can be
worked out by hand (see the comments):

1. agent's, customer Ann, medium, shipping, opened Mon 2 Feb 09:00; steps done 2, 1, 3, 18
   and 1 hours after the one before; sent 1 h later (26 h after opening); resolved 48 h
   after opening.
2. agent's, Ann, high, billing, opened Tue 10 Feb 09:00; steps 1 h apart; sent 2 h later
   (7 h after opening); resolved 24 h after opening.
3. the other agent's, Bo, medium, shipping, opened Wed 11 Feb 09:00; restore value 4 h
   later (with "any inconvenience", a minimizing finding); open at acknowledge.
4. agent's, Cy, low, billing, opened Mon 26 Jan 09:00 (the period before); open.

Surveys: case 1 scores 5 (recommend 10) on 5 Feb, case 2 scores 4 (recommend 6) on 12 Feb.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import time_machine

from apologies import flow, surveys
from apologies.models import RootCause
from cases.intake import CustomerDetails
from cases.models import Category
from insights.period import Period

from ..apologies.steps import GOOD
from ..factories import CaseFactory, deliver_queued

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
PERIOD = Period(datetime(2026, 2, 2).date(), datetime(2026, 2, 15).date())
QUERY = "from=2026-02-02&to=2026-02-15"
ANN = CustomerDetails(email="ann@example.com", name="Ann Lee")
BO = CustomerDetails(email="bo@example.com", name="Bo Park")
CY = CustomerDetails(email="cy@example.com", name="Cy Diaz")


def at(moment):
    return time_machine.travel(moment, tick=False)


def feb(day, hour, minute=0):
    return datetime(2026, 2, day, hour, minute, tzinfo=UTC)


def _work(case, by, opened, step_hours, remedy, root_cause, *, send_after=None,
          resolve_at=None, texts=None):
    moment = opened
    for key, hours in zip(flow.STEP_KEYS, step_hours, strict=False):
        moment += timedelta(hours=hours)
        data = {**GOOD[key], **(texts or {}).get(key, {})}
        if key == "restore_value":
            data.update(remedy)
        if key == "explain":
            data["root_cause"] = RootCause.objects.get(slug=root_cause)
        with at(moment):
            flow.complete_step(case, key, data, by=by)
    if send_after is not None:
        with at(moment + timedelta(hours=send_after)):
            flow.send_apology(case, by=by)
            deliver_queued()  # the email leaves at once: the first response
    if resolve_at is not None:
        with at(resolve_at):
            flow.resolve(case, by=by)


def _open(by, assignee, customer, severity, slug, opened):
    with at(opened):
        return CaseFactory(by=by, assignee=assignee, customer=customer, severity=severity,
                           category=Category.objects.get(slug=slug))


def small_desk(agent, other_agent):
    one = _open(agent, agent, ANN, "medium", "shipping", feb(2, 9))
    _work(one, agent, feb(2, 9), [2, 1, 3, 18, 1],
          {"remedy_type": "refund", "value_to_customer": Decimal("80.00"),
           "cost": Decimal("45.00")}, "supplier", send_after=1, resolve_at=feb(4, 9))
    two = _open(agent, agent, ANN, "high", "billing", feb(10, 9))
    _work(two, agent, feb(10, 9), [1, 1, 1, 1, 1],
          {"remedy_type": "credit", "value_to_customer": Decimal("30.00"),
           "cost": Decimal("10.00")}, "process", send_after=2, resolve_at=feb(11, 9))
    three = _open(other_agent, other_agent, BO, "medium", "shipping", feb(11, 9))
    _work(three, other_agent, feb(11, 9), [4],
          {"remedy_type": "gift", "value_to_customer": Decimal("20.00"),
           "cost": Decimal("5.00")}, None,
          texts={"restore_value": {"content": "We are sending you a gift for any "
                                              "inconvenience the late parcel caused."}})
    four = _open(agent, agent, CY, "low", "billing", datetime(2026, 1, 26, 9, tzinfo=UTC))
    with at(feb(5, 10)):
        surveys.record_answer(one, csat=5, nps=10)
    with at(feb(12, 10)):
        surveys.record_answer(two, csat=4, nps=6)
    return one, two, three, four
