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


def test_rundesk_on_another_port_puts_that_port_in_the_links(monkeypatch):
    """Issue 20: every link said port 8000 whatever port the desk ran on."""
    monkeypatch.delenv("SITE_URL", raising=False)
    envs = []
    monkeypatch.setattr(rundesk.subprocess, "Popen",
                        lambda args, **kwargs: envs.append(kwargs["env"]) or _Process(args))
    call_command("rundesk", "0.0.0.0:8123")
    assert {env["SITE_URL"] for env in envs} == {"http://127.0.0.1:8123"}


def test_an_explicit_site_url_wins_over_the_port(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://desk.example.com")
    envs = []
    monkeypatch.setattr(rundesk.subprocess, "Popen",
                        lambda args, **kwargs: envs.append(kwargs["env"]) or _Process(args))
    call_command("rundesk", "8123")
    assert {env["SITE_URL"] for env in envs} == {"https://desk.example.com"}


def test_addresses_runserver_takes_become_links():
    assert rundesk.site_url_for("8001") == "http://127.0.0.1:8001"
    assert rundesk.site_url_for("localhost:9000") == "http://localhost:9000"
    assert rundesk.site_url_for("[::1]:8002") == "http://[::1]:8002"
    assert rundesk.site_url_for("[::]:8002") == "http://[::1]:8002"
