"""The desk's own bookkeeping, beside the domain's rows."""

from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """When a periodic job last ran on a worker, so an operator can see that beat (and a
    worker behind it) still dispatch: a beat that dies leaves the web and the workers up,
    and nothing else would say so (`/readyz`, `manage.py beat_status`)."""

    # Beat's reminder dispatch (cases.tasks.dispatch_reminders), noted by the worker.
    REMINDER_DISPATCH = "dispatch-reminders"

    name = models.CharField(max_length=60, primary_key=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name: str) -> None:
        """One UPDATE every cycle (a transaction around a locked read and a write was four
        round trips); the row is created on the first beat."""
        now = timezone.now()
        if not cls.objects.filter(name=name).update(at=now):
            cls.objects.update_or_create(name=name, defaults={"at": now})

    @classmethod
    def last(cls, name: str):
        return cls.objects.filter(name=name).values_list("at", flat=True).first()
