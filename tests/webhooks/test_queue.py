"""Webhook deliveries run on their own Celery queue, so a slow receiver never stands between a
customer and their email; the embedded desk's worker (`rundesk`, `make run`) takes both."""

from django.core.management import call_command

from recovery.celery import app as celery_app
from recovery.management.commands import rundesk


def _queue_of(task_name):
    return celery_app.amqp.router.route({}, task_name)["queue"].name


def test_webhook_deliveries_go_to_the_webhook_queue_and_emails_stay_on_the_default(settings):
    assert settings.CELERY_WEBHOOK_QUEUE == "webhooks"
    assert _queue_of("webhooks.tasks.send_delivery") == "webhooks"
    for task in ("conversation.tasks.deliver_message", "cases.tasks.dispatch_reminders",
                 "cases.tasks.send_notification_email"):
        assert _queue_of(task) == "celery"


class _Process:
    started = []

    def __init__(self, args, **kwargs):
        self.args = args
        _Process.started.append(args)

    def poll(self):
        return 0  # ends at once, so `rundesk` stops

    def send_signal(self, signal):
        pass

    def wait(self, timeout=None):
        return 0


def test_the_embedded_desks_worker_consumes_both_queues(monkeypatch):
    _Process.started = []
    monkeypatch.setattr(rundesk.subprocess, "Popen", _Process)
    call_command("rundesk")
    [worker] = [args for args in _Process.started if "worker" in args]
    assert worker[worker.index("-Q") + 1] == "celery,webhooks"
    assert "--beat" in worker or "-B" in worker
