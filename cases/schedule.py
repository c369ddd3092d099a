"""Which reminders a case gets, and when they stop making sense.

The domain calls these inside its own transactions when a promise is made or kept (a case
opened, a step completed, a commitment made or kept, the apology sent, the case resolved or
closed). Each reminder has a `key`, so planning twice plans once.
"""

from datetime import timedelta

from django.utils import timezone

from . import notify
from .choices import Stage
from .models import Reminder, ReminderKind, ReminderPolicy

K = ReminderKind
FIRST_RESPONSE = [K.FIRST_RESPONSE_NEAR, K.FIRST_RESPONSE_BREACHED]
RESOLUTION = [K.RESOLUTION_NEAR, K.RESOLUTION_BREACHED]


def plan(kind, due_at, *, key, case=None, commitment=None, recipient=None) -> Reminder:
    reminder, _ = Reminder.objects.get_or_create(
        key=key,
        defaults={"kind": kind, "due_at": due_at, "case": case, "commitment": commitment,
                  "recipient": recipient},
    )
    return reminder


def cancel(reminders) -> int:
    return reminders.pending().update(cancelled_at=timezone.now())


def case_opened(case, policy=None):
    """Warnings to the assignee before each target, escalations at each, and the idle timer
    (one INSERT: intake is the busiest write)."""
    policy = policy or ReminderPolicy.current()
    opened = case.created_at
    rows = []
    for near, breached, due in [
        (K.FIRST_RESPONSE_NEAR, K.FIRST_RESPONSE_BREACHED, case.first_response_due_at),
        (K.RESOLUTION_NEAR, K.RESOLUTION_BREACHED, case.resolution_due_at),
    ]:
        rows.append(Reminder(kind=near, due_at=policy.warn_at(opened, due), case=case,
                             key=f"{case.pk}:{near}"))
        rows.append(Reminder(kind=breached, due_at=due, case=case, key=f"{case.pk}:{breached}"))
    rows.append(Reminder(kind=K.STEP_IDLE, due_at=opened + policy.step_idle, case=case,
                         key=f"{case.pk}:{K.STEP_IDLE}:{case.stage}"))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)  # planned once per key


def targets_moved(case, policy=None):
    """A new severity moved the SLA targets: move their pending reminders with them."""
    policy = policy or ReminderPolicy.current()
    opened = case.created_at
    for near, breached, due in [
        (K.FIRST_RESPONSE_NEAR, K.FIRST_RESPONSE_BREACHED, case.first_response_due_at),
        (K.RESOLUTION_NEAR, K.RESOLUTION_BREACHED, case.resolution_due_at),
    ]:
        pending = Reminder.objects.filter(case=case).pending()
        pending.filter(kind=near).update(due_at=policy.warn_at(opened, due), claimed_at=None)
        pending.filter(kind=breached).update(due_at=due, claimed_at=None)


def stage_entered(case, at=None, policy=None):
    """The case moved to a new step (or is ready to send): restart the idle timer."""
    policy = policy or ReminderPolicy.current()
    key = f"{case.pk}:{K.STEP_IDLE}:{case.stage}"
    cancel(Reminder.objects.filter(case=case, kind=K.STEP_IDLE).exclude(key=key))
    notify.settle(case, [K.STEP_IDLE])  # the wait they told of is over
    if case.stage != Stage.SENT:
        plan(K.STEP_IDLE, (at or timezone.now()) + policy.step_idle, key=key, case=case)


def apology_sent(case, sent_at, policy=None):
    """The first response is made; the survey goes out after a while."""
    policy = policy or ReminderPolicy.current()
    cancel(Reminder.objects.filter(case=case, kind__in=[*FIRST_RESPONSE, K.STEP_IDLE]))
    notify.settle(case, [*FIRST_RESPONSE, K.STEP_IDLE])
    plan(K.SURVEY, sent_at + timedelta(days=policy.survey_delay_days),
         key=f"{case.pk}:{K.SURVEY}", case=case)


def first_response_made(case):
    cancel(Reminder.objects.filter(case=case, kind__in=FIRST_RESPONSE))
    notify.settle(case, FIRST_RESPONSE)


def update_sent(case, sent_at, due_at, policy=None):
    """The customer heard from us: warn the assignee before the next update is due."""
    policy = policy or ReminderPolicy.current()
    cancel(Reminder.objects.filter(case=case, kind=K.UPDATE_DUE))
    if due_at is not None and case.is_active:
        plan(K.UPDATE_DUE, policy.warn_at(sent_at, due_at),
             key=f"{case.pk}:{K.UPDATE_DUE}:{sent_at:%Y%m%dT%H%M%S%f}", case=case)


def resolution_paused(case):
    """Waiting on the customer: the resolution clock stops, and its reminders with it."""
    cancel(Reminder.objects.filter(case=case, kind__in=[*RESOLUTION, K.UPDATE_DUE]))


def resolution_resumed(case, at, policy=None):
    """The customer answered: the resolution target moved by the time waited; plan its
    reminders again (keys carry the time, as a case may wait more than once)."""
    policy = policy or ReminderPolicy.current()
    if case.resolved_at is not None or not case.is_active:
        return
    cancel(Reminder.objects.filter(case=case, kind__in=RESOLUTION))
    stamp = f"{at:%Y%m%dT%H%M%S%f}"
    # One "due soon" per target: the target moved, but if its warning went out before the
    # wait, a second one the moment the customer answers says nothing new.
    warned = Reminder.objects.filter(case=case, kind=K.RESOLUTION_NEAR, sent_at__isnull=False)
    if not warned.exists():
        plan(K.RESOLUTION_NEAR, max(at, policy.warn_at(case.created_at, case.resolution_due_at)),
             key=f"{case.pk}:{K.RESOLUTION_NEAR}:{stamp}", case=case)
    plan(K.RESOLUTION_BREACHED, case.resolution_due_at,
         key=f"{case.pk}:{K.RESOLUTION_BREACHED}:{stamp}", case=case)


def resolved(case):
    kinds = [*FIRST_RESPONSE, *RESOLUTION, K.STEP_IDLE, K.UPDATE_DUE]
    cancel(Reminder.objects.filter(case=case, kind__in=kinds))
    notify.settle(case, kinds)


def closed(case):
    """Follow-up is done; only the survey (and its one reminder) still goes to the customer.
    A commitment's reminders are its own: they stop when it is kept or released, never
    because the case closed (a promise outlives the case's status)."""
    cancel(Reminder.objects.filter(case=case, commitment__isnull=True)
           .exclude(kind__in=[K.SURVEY, K.SURVEY_REMINDER]))


def commitment_made(commitment, policy=None, *, revision=""):
    """Remind the owner before it is due (halfway there if that is sooner than the lead time
    allows), and escalate if it is still not kept after the grace period. `revision` tells
    a re-planned pair's keys from the first pair's (see `commitment_moved`)."""
    policy = policy or ReminderPolicy.current()
    now = timezone.now()
    lead = timedelta(hours=policy.commitment_lead_hours)
    remind_at = commitment.due_at - lead
    if remind_at <= now:
        remind_at = now + (commitment.due_at - now) / 2
    case = commitment.case
    plan(K.COMMITMENT_DUE, remind_at, key=f"commitment:{commitment.pk}:due{revision}",
         case=case, commitment=commitment)
    plan(K.COMMITMENT_OVERDUE, commitment.due_at + timedelta(hours=policy.commitment_grace_hours),
         key=f"commitment:{commitment.pk}:overdue{revision}", case=case, commitment=commitment)


def commitment_moved(commitment, policy=None):
    """A new due time: the reminders not yet sent are cancelled and a new pair is planned
    for it (also when the old reminder already went out: the new date deserves its own).
    Keys carry the time of the move, so moving back to an earlier date plans again."""
    cancel(Reminder.objects.filter(commitment=commitment))
    commitment_made(commitment, policy, revision=f":{timezone.now():%Y%m%dT%H%M%S%f}")


def commitment_kept(commitment):
    cancel(Reminder.objects.filter(commitment=commitment))


def commitment_released(commitment):
    cancel(Reminder.objects.filter(commitment=commitment))


def survey_sent(case, sent_at, policy=None):
    policy = policy or ReminderPolicy.current()
    plan(K.SURVEY_REMINDER, sent_at + timedelta(days=policy.survey_reminder_days),
         key=f"{case.pk}:{K.SURVEY_REMINDER}", case=case)


def survey_answered(case):
    cancel(Reminder.objects.filter(case=case, kind=K.SURVEY_REMINDER))


# A warning that its target is coming; once the target has passed, the breach (or nothing)
# is what there is to say, never "due soon" (a dispatcher that was down, or a back-dated
# case, would otherwise send "due soon" a day late).
WARNINGS = {
    K.FIRST_RESPONSE_NEAR: lambda reminder: reminder.case.first_response_due_at,
    K.RESOLUTION_NEAR: lambda reminder: reminder.case.resolution_due_at,
    K.UPDATE_DUE: lambda reminder: reminder.case.next_update_due_at,
    K.COMMITMENT_DUE: lambda reminder: reminder.commitment and reminder.commitment.due_at,
}


def still_relevant(reminder, now=None) -> bool:
    """Checked again when sending: a promise kept since it was planned needs no reminder,
    and a warning whose target has passed says nothing any more."""
    case, commitment = reminder.case, reminder.commitment
    if reminder.kind in WARNINGS:
        target = WARNINGS[reminder.kind](reminder)
        if target is not None and target <= (now or timezone.now()):
            return False
    if reminder.kind in FIRST_RESPONSE:
        return case.first_responded_at is None
    if reminder.kind in RESOLUTION:
        return (case.resolved_at is None and case.closed_at is None
                and not case.waiting_on_customer)
    if reminder.kind == K.UPDATE_DUE:
        return case.is_active and not case.waiting_on_customer
    if reminder.kind == K.STEP_IDLE:
        return reminder.key.endswith(f":{case.stage}") and case.is_active
    if commitment is not None:
        return commitment.is_outstanding
    if reminder.kind == K.SURVEY_REMINDER:
        survey = getattr(case, "survey", None)
        return survey is None or survey.answered_at is None
    return True
