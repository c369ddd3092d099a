"""Whether the customer can be reached by email. An acknowledgement, message or apology
that bounces or is refused flags the case "customer unreachable by email" (the assignee is
told, the queue can filter on it); the flag goes when there is reason to think email works
again: a message sent after the flag was delivered (here), or the customer's address was
corrected (`cases.work.customer_email_corrected`). Called inside the caller's transaction,
with the case row locked."""

from cases import timeline, work
from cases.models import EventKind
from cases.notify import notify


def undeliverable(case, message, now):
    """`message` bounced or was refused (its state says which)."""
    timeline.record(case, EventKind.MESSAGE_UNDELIVERABLE, to_value=message.get_state_display(),
                    note=message.state_detail, message=message.pk, message_kind=message.kind)
    if case.customer_unreachable_at is not None:
        return
    if message.address.lower() != case.customer.email.lower():
        return  # a late bounce at an address corrected since: the new one may work
    case.customer_unreachable_at = now
    case.save(update_fields=["customer_unreachable_at", "updated_at"])
    timeline.record(case, EventKind.CUSTOMER_UNREACHABLE, to_value=message.address,
                    note=f"The {message.get_kind_display().lower()} could not be delivered: "
                         f"{message.state_detail}".strip())
    tell_the_desk(case, f"Customer unreachable by email: {case.reference}",
                  f"The email to {message.address} was {message.get_state_display().lower()} "
                  f"({message.state_detail or 'no reason given'}). Reach the customer another "
                  "way (phone, chat). Once their email address is corrected (a manager can "
                  "change it in the admin, under Customers) the case is no longer flagged.",
                  kind="customer_unreachable")


def tell_the_desk(case, subject, body, *, kind):
    """The assignee, or the managers when nobody holds the case."""
    from accounts.models import User

    people = [case.assignee] if case.assignee_id else list(User.objects.managers())
    for person in people:
        notify(person, subject, body, case=case, kind=kind)


def delivered(case, message):
    """The provider delivered `message`. Only a message sent after the case was flagged
    clears it: a late "delivered" for an earlier email says nothing about the address now
    (providers report out of order, and a mailbox that was full may be full again)."""
    flagged = case.customer_unreachable_at
    if flagged is None or message.sent_at is None or message.sent_at <= flagged:
        return
    work.reachable_again(case, f"The {message.get_kind_display().lower()} sent to "
                               f"{message.address} was delivered.", to_value=message.address)
