"""The customer's answer to the survey after the apology: recorded once, on the timeline;
a low score reopens the case and tells the managers (the recovery did not work yet)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases import schedule, timeline
from cases.choices import Status
from cases.models import EventKind, ReminderPolicy, Survey
from cases.notify import notify
from recovery.errors import Conflict

from . import flow
from .flow import core


def record_answer(case, *, csat: int, nps: int, comment: str = "") -> Survey:
    """Raises Conflict if the survey was answered before (the link is used twice)."""
    with transaction.atomic():
        case = core.lock(case)
        survey, _ = Survey.objects.select_for_update().get_or_create(case=case)
        if survey.answered_at is not None:
            raise Conflict("Thank you: we already have your answer.", code="already_answered")
        survey.csat, survey.nps, survey.comment = csat, nps, comment.strip()
        survey.answered_at = timezone.now()
        survey.save()
        timeline.record(case, EventKind.SURVEY_ANSWERED, to_value=f"CSAT {csat}/5, NPS {nps}/10",
                        note=survey.comment, csat=csat, nps=nps)
        schedule.survey_answered(case)
        if csat <= ReminderPolicy.current().low_csat:
            _recover_again(case, survey)
    return survey


AFTER_REOPEN = "What to do next: read their comment, write to them, and put it right again."


def _recover_again(case, survey):
    """The recovery did not work yet: the case opens again, marked as reopened by the
    customer (the case page's banner, while the case is open; the mark stays as a record),
    the assignee is told what to do next and the managers are told of the score."""
    note = f"The customer scored the recovery {survey.csat}/5."
    if case.status != Status.OPEN:
        flow.reopen(case, by=flow.CUSTOMER, note=note)
    case.reopened_by_customer_at = survey.answered_at
    case.save(update_fields=["reopened_by_customer_at", "updated_at"])
    body = f"{note}\n\n{survey.comment}".strip()
    subject = f"{case.reference} {case.title}"
    if case.assignee is not None:
        notify(case.assignee, f"Reopened by the customer: {subject}",
               f"{body}\n\n{AFTER_REOPEN}", case=case, kind="reopened_by_customer")
    for manager in User.objects.managers().exclude(pk=case.assignee_id):
        notify(manager, f"Low survey score: {subject}", body, case=case, kind="low_score")
