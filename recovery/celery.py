import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")

app = Celery("recovery")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# A task reads the desk's configuration version once, as a request does (`recovery.settled`).
@task_prerun.connect(dispatch_uid="settled:task-start")
def _one_version_per_task(task_id=None, **kwargs):
    from recovery import settled

    _scopes[task_id] = settled.one_version()
    _scopes[task_id].__enter__()


@task_postrun.connect(dispatch_uid="settled:task-end")
def _end_of_task(task_id=None, **kwargs):
    scope = _scopes.pop(task_id, None)
    if scope is not None:
        scope.__exit__(None, None, None)


_scopes: dict = {}
