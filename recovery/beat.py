"""Celery beat's scheduler for the desk: Celery's own shelve-backed one, which makes the
folder its schedule file lives in.

The file (`CELERY_BEAT_SCHEDULE_FILENAME`, or `--schedule`) only remembers when each
periodic job last ran, so a restarted beat neither repeats nor skips a daily digest; the
due work itself is rows in PostgreSQL. Its folder (`var/` by default) exists on a laptop
that ran the embedded desk, but not on a fresh host: Celery's scheduler then died with
FileNotFoundError while the worker kept running, and nothing was ever dispatched
(tests/deploy/ deploys a fresh checkout to keep it so).
"""

from pathlib import Path

from celery.beat import PersistentScheduler


class Scheduler(PersistentScheduler):
    def _open_schedule(self):
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open_schedule()
