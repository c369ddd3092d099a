"""Demo apologies at every point of the flow, written as an agent would write them."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apologies import flow
from apologies.models import RootCause

# demo number → (how far to go, the five texts, remedy (type, value, cost), root cause)
WORKED = {
    6: ("resolved", [
        "We have sent the refund of 240.00 today and added a 30.00 credit to your account.",
        "We promised you a refund within five days and did not keep that promise; that is "
        "our responsibility.",
        "The refund was approved but never released: our refunds queue was not checked "
        "while a colleague was away.",
        "We now check the refunds queue every morning, with a named backup for absences.",
        "We are sorry that you had to chase us for three weeks for your own money.",
    ], ("refund", "270.00", "30.00"), "process"),
    17: ("closed", [
        "We are replacing your kettle with a new one today, and the descaler set is on us.",
        "We ignored your warranty claim for a month; we got this badly wrong.",
        "Your emails went to an old warranty address that nobody was reading.",
        "That address now forwards to the support queue, and every claim gets a reply "
        "within one working day.",
        "We are truly sorry that you were left without an answer, or a kettle, for a month.",
    ], ("replacement", "60.00", "35.00"), "communication"),
    21: ("ready", [
        "We will send you a new phone from a different batch by express courier, and add "
        "three months of free cloud storage.",
        "We sent you a replacement with the same fault, and that is our mistake.",
        "The replacement came from the same faulty batch; our stock was not checked.",
        "We have pulled the whole batch from stock and added a screen test before dispatch.",
        "We are sorry that you have been without a working phone for so long.",
    ], ("replacement", "450.00", "40.00"), "supplier"),
    2: ("explain", [
        "We have refunded the second charge of 240.00 and extended your plan by a month.",
        "We charged you twice, and that is our error.",
    ], ("refund", "260.00", "20.00"), None),
}
WAITING = {13: ("credit", "120.00", "120.00",
                "We will refund November's renewal in full and add two months of credit.")}


def work_demo_case(case, number, agent, manager):
    """Take demo case `number` as far as WORKED says (nothing if it was worked before)."""
    if case.steps.exists() or case.approvals.exists():
        return
    if number in WAITING:
        remedy_type, value, cost, text = WAITING[number]
        flow.complete_step(case, "restore_value", {
            "content": text, "remedy_type": remedy_type, "value_to_customer": Decimal(value),
            "cost": Decimal(cost)}, by=agent)
        return
    if number not in WORKED:
        return
    goal, texts, (remedy_type, value, cost), cause = WORKED[number]
    for key, text in zip(flow.STEP_KEYS, texts, strict=False):
        data = {"content": text}
        if key == "restore_value":
            data.update(remedy_type=remedy_type, value_to_customer=Decimal(value),
                        cost=Decimal(cost))
        if key == "explain":
            data["root_cause"] = RootCause.objects.filter(slug=cause).first()
        if key == "fix":
            data["commitments"] = [{"description": "Check the change worked, and tell the "
                                    "customer", "due_at": timezone.now() + timedelta(days=7),
                                    "owner": agent}]
        flow.complete_step(case, key, data, by=agent)
    if goal in ("resolved", "closed"):
        flow.send_apology(case, by=agent)
        flow.resolve(case, by=agent, note="The customer confirmed it is put right.")
    if goal == "closed":
        flow.close(case, by=manager, note="Follow-up done.")
