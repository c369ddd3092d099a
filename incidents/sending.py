""""Send to all": each linked case's apology, as a background job with visible progress.

Exactly once per customer, across worker deaths: every case has an item row in the run; a
worker takes a customer's pending items together (the customer's row locked, so two
workers take turns), completes the steps of the customer's oldest case from the incident,
sends it through `apologies.flow.send_apology` (which itself refuses a second apology for
a case), marks their other cases answered by it, and marks the items in the same
transaction. A worker killed mid-item rolls that item back to pending, and the tasks it
held are lost with it (Redis gives an unacknowledged message back only after an hour). So
beat sweeps: a run that has not moved for `REMINDER_CLAIM_TIMEOUT` seconds is handed out
again (`resume_stalled`), as a stale reminder claim is; starting the run again (the same
button) does the same at once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from apologies import cautions, flow
from apologies.models import ApologyMessage
from cases import timeline, work
from cases.models import Customer, EventKind
from recovery import enqueue
from recovery.errors import Conflict, NotAllowed, RecoveryError

from . import parts
from .models import BulkSend, BulkSendItem, BulkSendStatus, Incident, ItemState

CHUNK = 100  # items per task: a share of the run, done well inside the task time limit


class IncidentNotReady(Conflict):
    code = "incident_not_ready"


def start(incident: Incident, *, by, confirmed=()) -> BulkSend:
    """Start sending the incident's apologies, or resume the run already going.

    Raises NotAllowed unless a manager asks (it writes to many customers at once),
    IncidentNotReady while a shared part or the standard remedy is missing, and
    CautionsUnconfirmed for a caution in the parts written for everyone whose key is not in
    `confirmed`: the manager confirms them here, once, and each case's apology is then sent
    with them confirmed (recorded on each case's timeline by the run)."""
    person = work.require_person(by, "send an incident's apologies")
    if not person.is_manager:
        raise NotAllowed("Only managers send an incident's apologies to everyone.")
    lacking = parts.missing(incident)
    if lacking:
        raise IncidentNotReady("Before sending, write " + ", ".join(lacking) + ".")
    cautions.require_confirmed(parts.findings(incident), confirmed, doing="sent to everyone")
    with transaction.atomic():
        running = BulkSend.objects.filter(incident=incident,
                                          status=BulkSendStatus.RUNNING).first()
        if running is None:
            try:
                with transaction.atomic():  # savepoint: a second click may race this one
                    running = BulkSend.objects.create(incident=incident, started_by=person)
            except IntegrityError:
                running = BulkSend.objects.get(incident=incident, status=BulkSendStatus.RUNNING)
            else:
                BulkSendItem.objects.bulk_create(
                    BulkSendItem(bulk_send=running, case_id=pk)
                    for pk in incident.cases.order_by("pk").values_list("pk", flat=True))
        # Handed out now: beat's sweep leaves it to this task for a while.
        BulkSend.objects.filter(pk=running.pk).update(handed_out_at=timezone.now())
        from .tasks import send_incident_apologies  # tasks import this module

        run_id = running.pk
        enqueue.after_commit(send_incident_apologies, run_id)
    return running


def resume_stalled(now=None) -> int:
    """Beat's sweep: hand out again the pending items of every run that has stopped moving,
    because the worker that held its tasks died (or Redis lost them). Returns how many runs
    were handed out.

    Stalled means running, and neither handed out nor any case done for
    `REMINDER_CLAIM_TIMEOUT` seconds. A run still moving is left alone; one whose tasks
    are only queued behind other work may be handed out twice, which costs a task that
    finds nothing pending (a customer's items are taken under their row's lock and only
    while pending), never a second apology. With every worker down, a run is handed out
    once per timeout, not every cycle. A run whose last case was done but which was never
    closed (its worker died in between) is closed by the task this hands out."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    stalled = (BulkSend.objects.filter(status=BulkSendStatus.RUNNING, handed_out_at__lt=cutoff)
               .annotate(progressed_at=Max("items__done_at"))
               .filter(Q(progressed_at__isnull=True) | Q(progressed_at__lt=cutoff))
               .values_list("pk", "handed_out_at"))
    from .tasks import send_incident_apologies

    resumed = 0
    for run_id, handed_out_at in stalled:
        with transaction.atomic():
            # A manager pressing "Send to all" meanwhile hands it out too: only one of us.
            claimed = BulkSend.objects.filter(
                pk=run_id, status=BulkSendStatus.RUNNING, handed_out_at=handed_out_at,
            ).update(handed_out_at=now)
            if claimed:
                enqueue.after_commit(send_incident_apologies, run_id)
                resumed += 1
    return resumed


def run(bulk_send_id: int) -> None:
    """Hand the run's pending items to the workers in chunks, so that every worker process
    takes a share and no task outlives the task time limit however large the incident."""
    bulk = _running(bulk_send_id)
    if bulk is None:
        return
    pending = list(bulk.items.filter(state=ItemState.PENDING).order_by("pk")
                   .values_list("pk", flat=True))
    if not pending:
        _finish_if_done(bulk)
        return
    from .tasks import send_incident_chunk

    for first in range(0, len(pending), CHUNK):
        chunk = pending[first:first + CHUNK]
        enqueue.now(send_incident_chunk, bulk.pk, chunk[0], chunk[-1])


def run_chunk(bulk_send_id: int, first_item: int, last_item: int) -> None:
    """Send the pending items from `first_item` to `last_item`; the chunk that finds nothing
    pending after its own closes the run. Safe to run twice at once: a customer's items are
    taken by one worker at a time (`send_item`) and only while they are pending."""
    bulk = _running(bulk_send_id)
    if bulk is None:
        return
    remedies = list(bulk.incident.remedies.all())
    items = bulk.items.filter(state=ItemState.PENDING, pk__range=(first_item, last_item))
    for item_id in items.order_by("pk").values_list("pk", flat=True):
        send_item(item_id, bulk, remedies)
    _finish_if_done(bulk)


def _running(bulk_send_id: int) -> BulkSend | None:
    bulk = BulkSend.objects.select_related("incident", "started_by").filter(
        pk=bulk_send_id).first()
    return bulk if bulk is not None and bulk.status == BulkSendStatus.RUNNING else None


def _finish_if_done(bulk: BulkSend) -> None:
    # Each chunk checks after committing its own items, so the last one to finish sees
    # every other chunk's work and closes the run.
    if not bulk.items.filter(state=ItemState.PENDING).exists():
        BulkSend.objects.filter(pk=bulk.pk, status=BulkSendStatus.RUNNING).update(
            status=BulkSendStatus.FINISHED, finished_at=timezone.now())


# Which of a customer's cases carries their apology: the oldest. Their other cases in the
# run are answered by it (`send_item`); the confirmation page says so beforehand.
ONE_PER_CUSTOMER = ("case__created_at", "case__pk")


def send_item(item_id: int, bulk: BulkSend, remedies) -> str | None:
    """One case of the run, with the customer's other cases in it: one apology per customer.

    The customer's oldest pending case is sent (or, if it cannot be, the next); their
    other cases are marked answered by it (item `answered`, a timeline event on each), and
    so is every one of their cases when one of their linked cases had its apology already.
    A case already sent or no longer linked is skipped; one that cannot be sent fails, with
    the reason on its timeline. Returns the state of item `item_id` (None: done already)."""
    customer_id = (bulk.items.filter(pk=item_id, state=ItemState.PENDING)
                   .values_list("case__customer_id", flat=True).first())
    if customer_id is None:
        return None  # done already
    with transaction.atomic():
        # Two workers holding two cases of one customer take turns here, and the second
        # finds them settled by the first. Always the customer before the items (no
        # deadlock); the case is locked after both, by the flow.
        Customer.objects.select_for_update().filter(pk=customer_id).first()
        items = list(bulk.items.select_for_update(of=("self",)).select_related("case__customer")
                     .filter(state=ItemState.PENDING, case__customer_id=customer_id)
                     .order_by(*ONE_PER_CUSTOMER))
        if item_id not in {item.pk for item in items}:
            return None  # another worker settled this customer meanwhile
        answer = (ApologyMessage.objects.filter(case__incident=bulk.incident,
                                                case__customer_id=customer_id)
                  .select_related("case").order_by("sent_at", "pk").first())
        answer = answer.case if answer else None
        for item in items:
            answer = _settle(item, bulk, remedies, answer)
    return next(item.state for item in items if item.pk == item_id)


def _settle(item, bulk, remedies, answer):
    """Send, answer, skip or fail one item; returns the case that answers the customer."""
    incident, by, case = bulk.incident, bulk.started_by, item.case
    try:
        with transaction.atomic():
            apology = flow.Apology.load(case)
            if apology.was_sent:
                raise Conflict("Its apology was sent before.", code="already_sent")
            if case.incident_id != incident.pk:
                raise Conflict("It is no longer part of this incident.", code="unlinked")
            if answer is not None:
                _answered(item, answer, incident, by=by)
            else:
                if apology.pending is not None:
                    # the agent's own proposal waits; the default must not replace it
                    raise Conflict("Its remedy waits for a manager's approval.",
                                   code="awaiting_approval")
                _complete_steps(apology, incident, remedies, by=by)
                # the parts written for everyone: confirmed by the manager who started it
                flow.send_apology(case, by=by, confirmed=cautions.CONFIRMED_BEFORE)
                timeline.record(case, EventKind.INCIDENT_SENT, by=by,
                                to_value=incident.reference, note=incident.title,
                                bulk_send=bulk.pk)
                item.state, answer = ItemState.SENT, case
    except RecoveryError as refusal:
        skipped = refusal.code in ("already_sent", "unlinked")
        item.state = ItemState.SKIPPED if skipped else ItemState.FAILED
        item.detail = str(refusal)[:300]
        if not skipped:
            timeline.record(case, EventKind.INCIDENT_NOT_SENT, by=by,
                            to_value=incident.reference, note=item.detail, bulk_send=bulk.pk)
    item.done_at = timezone.now()
    item.save(update_fields=["state", "detail", "answered_by", "done_at"])
    return answer


def _answered(item, answer, incident, *, by):
    """The customer has this incident's apology with `answer`: no second email. Recorded on
    the case once, however many runs find it so."""
    item.state, item.answered_by = ItemState.ANSWERED, answer
    item.detail = f"Answered with {answer.reference}: one apology per customer."
    if not item.case.events.filter(kind=EventKind.INCIDENT_ANSWERED,
                                   to_value=answer.reference).exists():
        timeline.record(item.case, EventKind.INCIDENT_ANSWERED, by=by, to_value=answer.reference,
                        note=f"{incident.reference} {incident.title}",
                        incident=incident.reference)


def _complete_steps(apology, incident, remedies, *, by):
    """The case's five steps as they must go out (`parts.to_write`)."""
    for key, data in parts.to_write(apology, incident, remedies):
        if data is None:
            raise IncidentNotReady(f"No default for “{key.label}”.")
        outcome = flow.complete_step(apology.case, key, data, by=by)
        if outcome.waiting_for_approval:
            raise Conflict("Its remedy waits for a manager's approval.",
                           code="awaiting_approval")


def progress(bulk: BulkSend) -> dict:
    """How far a run is: counts by state, from one aggregate query."""
    counts = bulk.items.aggregate(
        total=Count("pk"), **{state: Count("pk", filter=Q(state=state)) for state in ItemState})
    counts["done"] = counts["total"] - counts[ItemState.PENDING]
    counts["percent"] = round(100 * counts["done"] / counts["total"]) if counts["total"] else 100
    return counts


def latest(incident: Incident) -> BulkSend | None:
    return incident.sends.order_by("-started_at", "-id").first()

