"""Demo apologies at every point of the flow, written as an agent would write them."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apologies import flow
from apologies.models import RootCause, TierApprovalLimit
from archive import publishing, review
from cases import promises, work

# The sample outage apology, in the method's own manner (a data-centre outage, owned by a
# person, with the one promise it makes dated: "within a week").
OUTAGE_APOLOGY = [
    "We have restored your notes from Tuesday's backup and added three months of the "
    "premium plan to your account, in recognition that this happened in the middle of "
    "your working week.",
    "We lost a day of your work, and that is our responsibility; it should not have "
    "happened at all.",
    "Your notes were saved to one of our two data centres while the other was down for "
    "planned maintenance, and a faulty update stopped the first one from keeping changes.",
    "I have directed our team to check every account that synced on Tuesday to be sure no "
    "other notes were lost, and I have asked for a full review of how we schedule "
    "maintenance. I will let you know the outcome of the review within a week.",
    "I am truly sorry that you lost a day of your notes and the time it took to write "
    "them again.",
]

# demo number → (how far to go, the five texts, remedy (type, value, cost), root cause); the
# make-whole part, with the extra (if any) in EXTRAS
WORKED = {
    16: ("ready", OUTAGE_APOLOGY, ("upgrade", "30.00", "6.00"), "system"),
    6: ("resolved", [
        "We have sent the refund of 240.00 today and added a 30.00 credit to your account.",
        "We promised you a refund within five days and did not keep that promise; that is "
        "our responsibility.",
        "The refund was approved but never released: our refunds queue was not checked "
        "while a colleague was away.",
        "We now check the refunds queue every morning, with a named backup for absences.",
        "We are sorry that you had to chase us for three weeks for your own money.",
    ], ("refund", "240.00", "15.00"), "process"),
    17: ("closed", [
        "We are replacing your kettle with a new one today, and the descaler set is on us.",
        "We ignored your warranty claim for a month; we got this badly wrong.",
        "Your emails went to an old warranty address that nobody was reading.",
        "That address now forwards to the support queue, and every claim gets a reply "
        "within one working day.",
        "We are truly sorry that you were left without an answer, or a kettle, for a month.",
    ], ("replacement", "50.00", "32.00"), "communication"),
    8: ("closed", [
        "We are sending the right size by express today, with a return label for both "
        "wrong pairs, and refunding your delivery charge.",
        "We sent you the wrong size twice; the mistake was ours both times.",
        "Our warehouse labels for sizes 42 and 44 had been swapped on one shelf.",
        "We relabelled the shelf and now scan the size barcode on every pair before packing.",
        "We are sorry that you had to send back two parcels, and that the right pair "
        "arrived late.",
    ], ("replacement", "25.00", "18.00"), "human_error"),
    11: ("closed", [
        "The missing hinges and shelf pins are on their way by courier, and we have "
        "refunded 20% of the wardrobe's price for the wait.",
        "We sent you an incomplete wardrobe; that is our failure, not yours.",
        "The fittings bag for this model was packed short by our supplier.",
        "We now weigh every fittings bag before it is boxed, and the supplier checks each "
        "batch against the parts list.",
        "We are sorry that you spent a weekend on a wardrobe you could not finish.",
    ], ("refund", "64.00", "40.00"), "supplier"),
    21: ("ready", [
        "We will send you a new phone from a different batch by express courier, and add "
        "three months of free cloud storage.",
        "We sent you a replacement with the same fault, and that is our mistake.",
        "The replacement came from the same faulty batch; our stock was not checked.",
        "We have pulled the whole batch from stock and added a screen test before dispatch.",
        "We are sorry that you have been without a working phone for so long.",
    ], ("replacement", "420.00", "35.00"), "supplier"),
    2: ("explain", [
        "We have refunded the second charge of 240.00 and extended your plan by a month.",
        "We charged you twice, and that is our error.",
    ], ("refund", "240.00", "15.00"), None),
}
# demo number → the something extra beyond making the customer whole (8 and 11 have none:
# the case page warns about that)
EXTRAS = {
    6: ("credit", "A 30.00 credit on your account", "30.00", "15.00"),
    17: ("gift", "A descaler set for the new kettle", "10.00", "3.00"),
    21: ("service", "Three months of free cloud storage", "30.00", "5.00"),
    2: ("upgrade", "Your plan extended by a month", "20.00", "5.00"),
    13: ("credit", "Two months of credit", "40.00", "20.00"),
}
WAITING = {13: ("refund", "80.00", "80.00",
                "We will refund November's renewal in full and add two months of credit.")}


def _extra(number) -> dict:
    if number not in EXTRAS:
        return {}
    kind, description, value, cost = EXTRAS[number]
    return {"extra_type": kind, "extra_description": description,
            "extra_value_to_customer": Decimal(value), "extra_cost": Decimal(cost)}


# "For Gold customers agents may offer up to 150 without approval" (the admin's page)
TIER_LIMITS = {"gold": Decimal("150.00"), "platinum": Decimal("300.00")}


def ensure_tier_limits():
    for tier, limit in TIER_LIMITS.items():
        TierApprovalLimit.objects.get_or_create(tier=tier, defaults={"limit": limit})


def work_demo_case(case, number, agent, manager):
    """Take demo case `number` as far as WORKED says (nothing if it was worked before)."""
    if case.steps.exists() or case.approvals.exists():
        return
    if number in WAITING:
        remedy_type, value, cost, text = WAITING[number]
        flow.complete_step(case, "restore_value", {
            "content": text, "remedy_type": remedy_type, "value_to_customer": Decimal(value),
            "cost": Decimal(cost), **_extra(number)}, by=agent)
        return
    if number not in WORKED:
        return
    goal, texts, (remedy_type, value, cost), cause = WORKED[number]
    for key, text in zip(flow.STEP_KEYS, texts, strict=False):
        data = {"content": text}
        if key == "restore_value":
            data.update(remedy_type=remedy_type, value_to_customer=Decimal(value),
                        cost=Decimal(cost), **_extra(number))
        if key == "explain":
            data["root_cause"] = RootCause.objects.filter(slug=cause).first()
        if key == "fix":  # the promises the text makes, as the form proposes them
            found = promises.find_promises(text, timezone.now())
            data["commitments"] = [
                {"description": p.description, "due_at": p.due_at, "owner": agent}
                for p in found
            ] or [{"description": "Check the change worked, and tell the customer",
                   "due_at": timezone.now() + timedelta(days=7), "owner": agent}]
        flow.complete_step(case, key, data, by=agent)
    if goal in ("resolved", "closed"):
        flow.send_apology(case, by=agent)
        for commitment in case.commitments.outstanding():  # resolving needs them kept
            work.keep_commitment(commitment, by=agent)
        flow.resolve(case, by=agent, note="The customer confirmed it is put right.")
    if goal == "closed":
        flow.close(case, by=manager, note="Follow-up done.")
    if number == 17:  # the archive's example: reviewed, exemplary, and published
        archived = case.archived
        review.review(archived, rating=5, exemplary=True, by=manager,
                      lessons="Own the silence first; the fix is only believable after that.")
        title, text = publishing.proposed(archived)
        publishing.publish(archived, title=title, text=text, by=manager)
