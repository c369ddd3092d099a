"""Each person's daily digest (issue 20, item 3): chosen per group of notifications on the
settings page with its hour in the desk's time zone; one email a day with what arrived
since the last one and is still unread, grouped by case; none with nothing to say; once a
day however often beat runs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.test import TestCase

from cases import digest, notify
from cases.models import BusinessCalendar, NotificationChoices
from cases.tasks import send_digests

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def paris(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def desk_in_paris(db):
    BusinessCalendar.objects.update_or_create(pk=1, defaults={"time_zone": "Europe/Paris"})


def told(person, subject, case, at, kind="low_score"):
    with time_machine.travel(at, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return notify.notify(person, subject, case=case, kind=kind)


def digests_at(at):
    with time_machine.travel(at, tick=False):
        return send_digests()


@pytest.fixture
def cases(agent):
    return (CaseFactory(by=agent, title="Customer's vase arrived broken"),
            CaseFactory(by=agent, title="Parcel left at the wrong door"))


def test_a_person_chooses_a_digest_and_its_hour_on_the_settings_page(manager, manager_client):
    page = manager_client.get("/notifications/settings/").content.decode()
    assert "Send my daily digest at" in page and "Europe/Paris" in page
    assert page.count('value="digest"') == 7 and page.count("In a daily digest") == 7
    form = {f"email_{key}": "now" for key in ("warnings", "idle", "escalations", "digest",
                                             "approvals", "decisions", "customers")}
    saved = manager_client.post("/notifications/settings/", {
        **form, "email_approvals": "digest", "email_customers": "digest", "email_idle": "off",
        "digest_hour": "8"}, follow=True).content.decode()
    assert "Your email choices are saved." in saved
    assert 'value="8" selected' in saved
    choices = NotificationChoices.objects.get(person=manager)
    assert choices.emails == {"approvals": "digest", "customers": "digest", "idle": "off"}
    assert choices.digest_hour == 8


@pytest.fixture
def wants_digest(manager):
    return notify.choose_emails(manager, {"customers": "digest", "approvals": "digest"},
                                digest_hour=8)


def test_one_digest_a_day_at_the_chosen_hour_grouped_by_case(manager, cases, wants_digest,
                                                             mailoutbox, settings):
    settings.SITE_URL = "http://desk.test"
    vase, parcel = cases
    told(manager, "Remedy waiting for approval", vase, paris(9, 14), "approval_requested")
    told(manager, "Low survey score: 2 of 5", vase, paris(9, 15))
    told(manager, "Parcel: low survey score", parcel, paris(9, 16))
    read = told(manager, "Reopened by the customer", parcel, paris(9, 17), "reopened_by_customer")
    notify.mark_read(manager, [read.pk])
    told(manager, "Escalated: first-response target missed", vase, paris(9, 18),
         "first_response_breached")
    assert [m.subject for m in mailoutbox] == ["Escalated: first-response target missed"]
    mailoutbox.clear()

    assert digests_at(paris(10, 7, 59)) == 0 and mailoutbox == []  # not its hour yet
    assert digests_at(paris(10, 8, 0)) == 1
    assert digests_at(paris(10, 8, 5)) == 0  # beat again: sent today already
    [email] = mailoutbox
    assert email.to == [manager.email]
    assert email.subject == "Your daily digest: 3 notifications about 2 cases"
    body = email.body
    assert "Reopened" not in body and "Escalated" not in body  # read; emailed at once
    # the case with the newest news first, each case's newest first, each case linked
    assert body.index(f"{parcel.reference}: Parcel left") < body.index(
        f"{vase.reference}: Customer's vase") < body.index("Low survey score: 2 of 5") \
        < body.index("Remedy waiting for approval")
    assert f"http://desk.test{vase.get_absolute_url()}" in body
    html = email.alternatives[0][0]
    assert f'href="http://desk.test{parcel.get_absolute_url()}"' in html
    assert "Customer&#x27;s vase" in html and "&#x27;" not in email.subject + body

    assert digests_at(paris(11, 8)) == 0 and len(mailoutbox) == 1  # nothing new: no email
    told(manager, "Low survey score: 1 of 5", parcel, paris(11, 9))
    assert digests_at(paris(12, 8, 30)) == 1
    assert "1 of 5" in mailoutbox[-1].body and "2 of 5" not in mailoutbox[-1].body


def test_a_person_without_a_digest_gets_none(manager, agent, cases, mailoutbox):
    told(manager, "Low survey score: 2 of 5", cases[0], paris(9, 15))
    mailoutbox.clear()
    assert digests_at(paris(10, 8)) == 0 and digest.due(paris(10, 9)) == []
    assert mailoutbox == []


class SecondBeat(EmailBackend):
    """While the digest is being sent, another beat's run asks to send it too."""
    second = []

    def send_messages(self, messages):
        SecondBeat.second.append(digest.send(SecondBeat.person_id))
        return super().send_messages(messages)


def test_a_second_run_while_the_first_sends_sends_nothing(manager, cases, wants_digest,
                                                         mailoutbox, settings):
    told(manager, "Low survey score: 2 of 5", cases[0], paris(9, 15))
    settings.EMAIL_BACKEND = "tests.cases.test_notification_digest.SecondBeat"
    SecondBeat.person_id, SecondBeat.second = manager.pk, []
    assert digests_at(paris(10, 8)) == 1
    assert SecondBeat.second == [False] and len(mailoutbox) == 1


def test_a_digest_that_fails_is_sent_at_the_next_beat(manager, cases, wants_digest,
                                                     mailoutbox, monkeypatch):
    told(manager, "Low survey score: 2 of 5", cases[0], paris(9, 15))

    def refused(self):
        raise ConnectionError("the mail server went away")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", refused)
        assert digests_at(paris(10, 8)) == 0  # logged; the others' digests go on
    assert digests_at(paris(10, 8, 5)) == 1 and len(mailoutbox) == 1


def test_a_warning_past_its_target_is_left_out(agent, cases, mailoutbox):
    notify.choose_emails(agent, {"warnings": "digest"}, digest_hour=8)
    with time_machine.travel(paris(9, 15), tick=False):
        notify.notify(agent, "Commitment due soon", case=cases[0], kind="commitment_due",
                      expires_at=paris(9, 18))
        notify.notify(agent, "Resolution due soon", case=cases[1], kind="resolution_near",
                      expires_at=paris(12, 0))
    assert digests_at(paris(10, 8)) == 1
    assert "Resolution due soon" in mailoutbox[0].body
    assert "Commitment due soon" not in mailoutbox[0].body


def test_beat_sends_the_digests():
    from django.conf import settings

    from recovery.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["send-notification-digests"]
    assert entry["task"] in app.tasks and entry["schedule"] <= 3600


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_quiet_choices_become_not_by_email(manager):
    """Migration 0022: a person who had turned groups off (`quiet`) still gets none of them."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("cases", "0021_notification_choices")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("cases", "NotificationChoices")
    old.objects.create(person_id=manager.pk, quiet=["approvals", "warnings"])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    choices = NotificationChoices.objects.get(person=manager)
    assert choices.emails == {"approvals": "off", "warnings": "off"}
    assert choices.mode_of("approval_requested") == "off"
    assert choices.mode_of("low_score") == "now"
