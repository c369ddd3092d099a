"""Celery tasks of the apology flow. The apology's email is a message of the conversation
now (`conversation.delivery`); this name stays for tasks queued before that change."""

from celery import shared_task


@shared_task
def deliver_apology(apology_message_id: int):
    from apologies.models import ApologyMessage
    from conversation.models import Message, MessageKind
    from conversation.tasks import deliver_message

    apology = ApologyMessage.objects.filter(pk=apology_message_id).first()
    message = apology and Message.objects.filter(case_id=apology.case_id,
                                                 kind=MessageKind.APOLOGY).first()
    if message is not None:
        deliver_message(message.pk)
