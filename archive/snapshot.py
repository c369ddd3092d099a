"""Taking the snapshot: when a case closes, its apology goes into the archive as it was.

Runs inside the close's transaction (a timeline listener), so a closed case always has its
archived apology. A case closed a second time (after a reopen) keeps its first snapshot:
the apology the customer received cannot have changed, since steps are frozen once sent.
The survey's answer, which may arrive after the close, is copied in when it comes.
"""

from django.db import connection

from apologies.flow import Apology
from apologies.models import EXTRA_FIELDS
from cases import timeline
from cases.models import EventKind, Survey

from . import search
from .models import PARTS, ArchivedApology, Outcome


def on_closed(event):
    archive(event.case)


def on_survey_answered(event):
    record_survey(event.case_id, event.data.get("csat"), event.data.get("nps"), event.note)


def archive(case) -> ArchivedApology | None:
    """The case's archived apology, taken now if it has none (None if it never sent one)."""
    existing = ArchivedApology.objects.filter(case=case).first()
    if existing:
        return existing
    apology = Apology.load(case)
    if not apology.was_sent:
        return None
    message, steps = apology.message, apology.steps
    remedy = steps.get("restore_value")
    survey = Survey.objects.filter(case=case, answered_at__isnull=False).first()
    customer = case.customer
    archived = ArchivedApology.objects.create(
        case=case, reference=case.reference, title=case.title,
        **{part: steps[part].content if part in steps else "" for part in PARTS},
        subject=message.subject, message=message.text,
        category_id=case.category_id,
        root_cause_id=steps["explain"].root_cause_id if "explain" in steps else None,
        remedy_type=remedy.remedy_type if remedy else "",
        value_to_customer=remedy.value_to_customer if remedy else None,
        cost=remedy.cost if remedy else None, currency=remedy.currency if remedy else "",
        **{name: getattr(remedy, name) for name in EXTRA_FIELDS if remedy},
        severity=case.severity, channel=case.channel,
        time_to_first_response=_since(case.created_at, case.first_responded_at),
        time_to_resolution=_since(case.created_at, case.resolved_at),
        agent=message.sent_by or case.assignee,
        customer_name=customer.name, customer_email=customer.email,
        customer_company=customer.company,
        opened_at=case.created_at,
        csat=survey.csat if survey else None, nps=survey.nps if survey else None,
        survey_comment=survey.comment if survey else "",
        outcome=Outcome.of(survey.csat if survey else None),
    )
    if connection.vendor == "postgresql":
        ArchivedApology.objects.filter(pk=archived.pk).update(search_vector=search.VECTOR)
    timeline.record(case, EventKind.ARCHIVED, to_value=f"#{archived.pk}", archived=archived.pk)
    return archived


def record_survey(case_id, csat, nps, comment):
    ArchivedApology.objects.filter(case_id=case_id).update(
        csat=csat, nps=nps, survey_comment=comment or "", outcome=Outcome.of(csat),
    )


def _since(start, end):
    return end - start if end else None
