from celery import shared_task

from . import sending


# acks_late with reject_on_worker_lost: a task whose worker process died goes back to the
# broker where it can; where it cannot (the whole worker was killed), beat's sweep below
# hands the run out again. Either way the items' states make a second run finish only what
# is left.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_incident_apologies(bulk_send_id: int):
    sending.run(bulk_send_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_incident_chunk(bulk_send_id: int, first_item: int, last_item: int):
    sending.run_chunk(bulk_send_id, first_item, last_item)


@shared_task(ignore_result=True)
def resume_stalled_sends():
    """Beat, every REMINDER_DISPATCH_SECONDS: hand out again the runs that stopped moving."""
    return sending.resume_stalled()
