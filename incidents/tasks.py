from celery import shared_task

from . import sending


# acks_late with reject_on_worker_lost: a run whose worker died goes back to the broker;
# either way the items' states make a second run finish only what is left.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_incident_apologies(bulk_send_id: int):
    sending.run(bulk_send_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_incident_chunk(bulk_send_id: int, first_item: int, last_item: int):
    sending.run_chunk(bulk_send_id, first_item, last_item)
