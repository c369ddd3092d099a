"""The survey as a message of the conversation: `cases.reminders` decides when it is due and
records it; this writes it (registered in `ConversationConfig.ready`)."""

from django.template.loader import render_to_string

from . import emails, outbox
from .models import MessageKind


def write_survey(case, *, again: bool, message_id: str):
    """Queue the survey (or its reminder, `again`) to the customer, sent after commit."""
    context = {"case": case, "reminder": again,
               "survey_url": emails.SURVEY_SLOT, "status_url": emails.STATUS_SLOT}
    outbox.queue(case, MessageKind.SURVEY,
                 render_to_string("emails/survey_subject.txt", context),
                 render_to_string("emails/survey.txt", context),
                 html=render_to_string("emails/survey.html", context),
                 message_id=message_id, record=False)
