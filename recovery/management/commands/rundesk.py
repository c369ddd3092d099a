"""`manage.py rundesk`: the whole desk in one terminal, for development and `make run`.

Starts a Celery worker with an embedded beat and the development web server, and stops both
on Ctrl-C. The one worker takes both queues, the default one and webhook deliveries; production
runs them (and beat) as separate processes (see docker-compose.yml).
(The `# nosec` marks: the processes are our own, with fixed arguments, no shell.)
"""

import signal
import subprocess  # nosec B404
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and a Celery worker with beat until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # A SIGTERM (a process manager, `kill`) stops the worker and server too, as Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        processes = [
            subprocess.Popen(  # nosec
                [sys.executable, "-m", "celery", "-A", "recovery", "worker", "--beat",
                 "-Q", f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.CELERY_WEBHOOK_QUEUE}",
                 "--concurrency", "2", "--loglevel", "INFO"]
            ),
            subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",  # nosec
                              addrport]),
        ]
        self.stdout.write(f"Recovery Desk: http://{addrport}/ (Ctrl-C stops the server and worker)")
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(processes)

    def _stop(self, processes):
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
