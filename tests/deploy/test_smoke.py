"""The deploy smoke test: the desk from a fresh checkout, run as README.md's production section
and docker-compose.yml run it, on PostgreSQL and Redis — and a promise comes due.

Once, beat died on every fresh host (its schedule file lived in a folder only the embedded
desk made) while the worker and the web kept running and every unit test stayed green: no
reminder, survey, digest or sweep was ever dispatched. This test would have caught it. It
copies the tracked files only (no `var/`, no `staticfiles/`, nothing a developer's runs left
behind), runs `migrate`, `collectstatic`, gunicorn and the Celery processes from that copy
against a database of its own, and checks, for each documented shape:

- gunicorn, a worker, a webhook worker (`-Q webhooks`) and beat as its own process;
- gunicorn and one `worker -B -Q celery,webhooks` (a small host);

that a commitment due in a few seconds produces exactly one reminder email to its owner, and
that `/readyz` says beat is dispatching.
"""

import pytest

from .deployment import Deployment

pytestmark = [pytest.mark.deploy, pytest.mark.real_worker]

PROCESS_SHAPES = {
    "separate beat": [
        ["celery", "-A", "recovery", "worker", "--loglevel", "INFO"],
        ["celery", "-A", "recovery", "worker", "-Q", "webhooks", "--loglevel", "INFO"],
        ["celery", "-A", "recovery", "beat", "--loglevel", "INFO"],
    ],
    "worker -B": [
        ["celery", "-A", "recovery", "worker", "-B", "-Q", "celery,webhooks", "--loglevel",
         "INFO"],
    ],
}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    deployment = Deployment(tmp_path_factory.mktemp("deploy"))
    try:
        deployment.install()
        yield deployment
    finally:
        deployment.remove()


@pytest.mark.parametrize("shape", PROCESS_SHAPES)
def test_a_commitment_due_in_seconds_sends_exactly_one_reminder(deployment, shape):
    with deployment.running(PROCESS_SHAPES[shape]):
        owner = deployment.new_user("agent")
        case = deployment.api("POST", "/api/v1/cases/", {
            "customer": {"email": "kim@example.com", "name": "Kim"}, "title": "Parcel lost",
            "category": "shipping", "severity": "low", "channel": "api"})
        assert case.status == 201, case.text
        reference = case.json()["reference"]
        commitment = deployment.api("POST", f"/api/v1/cases/{reference}/commitments/", {
            "description": "Refund the shipping fee", "owner": owner,
            "due_at": deployment.in_seconds(20)})
        assert commitment.status == 201, commitment.text

        # Reminded halfway to a due time this close (10 s), by beat's next cycle (every 2 s),
        # in an email grouped for 2 s: it goes before the due time, as it must (a warning
        # whose target has passed is never emailed, cases.notify).
        assert deployment.wait_for(lambda: deployment.reminders_to(owner), timeout=30), (
            "No reminder email reached the commitment's owner.\n" + deployment.logs())
        deployment.settle(seconds=6)  # several more cycles: a second email would show now
        reminders = deployment.reminders_to(owner)
        assert len(reminders) == 1, reminders
        assert "Commitment due" in reminders[0] and reference in reminders[0]

        ready = deployment.get("/readyz")
        assert ready.status == 200, ready.text
        assert ready.json()["beat"]["dispatching"] is True, ready.text
