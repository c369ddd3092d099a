"""Whether the customer can be reached by email. An acknowledgement, message or apology
that bounces or is refused flags the case "customer unreachable by email" (the assignee is
told, the queue can filter on it); the flag goes when there is reason to think email works
again: the customer's address was corrected, or a message sent after the flag was
delivered. Called inside the caller's transaction, with the case row locked."""

from django.db import transaction

from cases import timeline
from cases.models import Case
from cases.notify import notify


def undeliverable(case, message, now):
    """`message` bounced or was refused (its state says which)."""
    timeline.record(case, "message_undeliverable", to_value=message.get_state_display(),
                    note=message.state_detail, message=message.pk, message_kind=message.kind)
    if case.customer_unreachable_at is not None:
        return
    if message.address != case.customer.email:
        return  # a late bounce at an address corrected since: the new one may work
    case.customer_unreachable_at = now
    case.save(update_fields=["customer_unreachable_at", "updated_at"])
    timeline.record(case, "customer_unreachable", to_value=message.address,
                    note=f"The {message.get_kind_display().lower()} could not be delivered: "
                         f"{message.state_detail}".strip())
    from accounts.models import User

    people = [case.assignee] if case.assignee_id else list(User.objects.managers())
    for person in people:
        notify(person, f"Customer unreachable by email: {case.reference}",
               f"The email to {message.address} was {message.get_state_display().lower()} "
               f"({message.state_detail or 'no reason given'}). Reach the customer another "
               "way (phone, chat). Once their email address is corrected (a manager can "
               "change it in the admin, under Customers) the case is no longer flagged.",
               case=case, kind="customer_unreachable")


def delivered(case, message):
    """The provider delivered `message`. Only a message sent after the case was flagged
    clears it: a late "delivered" for an earlier email says nothing about the address now
    (providers report out of order, and a mailbox that was full may be full again)."""
    flagged = case.customer_unreachable_at
    if flagged is None or message.sent_at is None or message.sent_at <= flagged:
        return
    _reachable_again(case, f"The {message.get_kind_display().lower()} sent to "
                           f"{message.address} was delivered.", to_value=message.address)


def customer_email_changed(customer, old_email: str, *, by=None) -> int:
    """Someone corrected the customer's address: their cases flagged unreachable (at the
    old one) are cleared, each with a timeline event. Returns how many."""
    cleared = 0
    with transaction.atomic():
        for case in (Case.objects.select_for_update(of=("self",))
                     .filter(customer=customer, customer_unreachable_at__isnull=False)
                     .order_by("pk")):
            _reachable_again(case, f"The customer's email was changed from {old_email}.",
                             to_value=customer.email, by=by)
            cleared += 1
    return cleared


def _reachable_again(case, note, *, to_value, by=None):
    case.customer_unreachable_at = None
    case.save(update_fields=["customer_unreachable_at", "updated_at"])
    timeline.record(case, "customer_reachable", by=by, to_value=to_value, note=note)
