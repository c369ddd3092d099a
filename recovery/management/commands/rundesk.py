"""`manage.py rundesk`: the whole desk in one terminal, for development and `make run`.

Starts a Celery worker with an embedded beat and the development web server, and stops both
on Ctrl-C. The one worker takes both queues, the default one and webhook deliveries; production
runs them (and beat) as separate processes (see docker-compose.yml).
(The `# nosec` marks: the processes are our own, with fixed arguments, no shell.)

Both processes get `SITE_URL` for the address the desk really runs on (`rundesk 8001` puts
`http://127.0.0.1:8001` in the links of emails), unless SITE_URL is set in the environment.
"""

import os
import re
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
        site_url = os.environ.get("SITE_URL") or site_url_for(addrport)
        env = {**os.environ, "SITE_URL": site_url}
        processes = [
            subprocess.Popen(  # nosec
                [sys.executable, "-m", "celery", "-A", "recovery", "worker", "--beat",
                 "-Q", f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.CELERY_WEBHOOK_QUEUE}",
                 "--concurrency", "2", "--loglevel", "INFO"], env=env,
            ),
            subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",  # nosec
                              addrport], env=env),
        ]
        self.stdout.write(f"Recovery Desk: {site_url}/ (Ctrl-C stops the server and worker)")
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


def site_url_for(addrport: str) -> str:
    """The address runserver will listen on, as a link: "8001", "0.0.0.0:8001",
    "localhost:9000" and "[::1]:8000" as runserver reads them. A wildcard address (all
    interfaces) is reached on this machine at 127.0.0.1 (or [::1])."""
    match = re.fullmatch(r"(?:(?P<host>\[[^\]]*\]|[^:]*):)?(?P<port>\d+)", addrport.strip())
    if match is None:
        return "http://127.0.0.1:8000"  # runserver will refuse it and say why
    host = match["host"] or "127.0.0.1"
    host = {"0.0.0.0": "127.0.0.1", "0": "127.0.0.1", "[::]": "[::1]"}.get(host, host)  # nosec
    return f"http://{host}:{match['port']}"
