"""`manage.py beat_status`: is beat still dispatching? Exit status 1 when it is not, for a
monitor or a container's health check (docker-compose.yml's beat service)."""

import json

from django.core.management.base import BaseCommand, CommandError

from recovery.health import beat_status


class Command(BaseCommand):
    help = "Say when beat last dispatched reminders; exit 1 if that is several intervals ago."

    def handle(self, *args, **options):
        status = beat_status()
        self.stdout.write(json.dumps(status))
        if not status["dispatching"]:
            last = status["last_dispatch_at"] or "never"
            raise CommandError(
                f"Beat has not dispatched reminders for over {status['late_after_seconds']} s "
                f"(last: {last}). Is `celery -A recovery beat` (or a `worker -B`) running, "
                "and a worker?")
