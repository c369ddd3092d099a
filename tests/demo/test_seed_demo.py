"""seed_demo: a demo organisation a new user can sign in to, loaded once however often run."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.models import User
from apologies.models import ApologyMessage, ApologyStep, RemedyApproval, TierApprovalLimit
from archive.models import ArchivedApology
from cases.models import Case, CaseEvent, Category
from incidents.models import Incident

from ..factories import sign_in_request as _sign_in

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_users_sign_in_with_the_printed_password():
    out = seed()
    assert "recovery-demo" in out
    agent = authenticate(_sign_in(), username="agent@example.com", password="recovery-demo")
    manager = authenticate(_sign_in(), username="manager@example.com", password="recovery-demo")
    assert agent.role == "agent" and manager.role == "manager"


def test_demo_has_the_contract_categories_and_a_few_dozen_cases():
    seed()
    assert set(Category.objects.values_list("slug", flat=True)) >= {
        "shipping", "billing", "product_quality", "outage", "staff_conduct", "other",
    }
    assert Case.objects.count() >= 24
    assert Case.objects.filter(assignee__isnull=False).exists()
    assert Case.objects.breaching().exists()


def test_running_it_again_adds_nothing():
    seed()
    counts = (User.objects.count(), Case.objects.count(), CaseEvent.objects.count())
    out = seed()
    assert (User.objects.count(), Case.objects.count(), CaseEvent.objects.count()) == counts
    assert "0 new cases" in out


def test_demo_cases_stand_at_every_point_of_the_apology_flow():
    seed()
    statuses = set(Case.objects.values_list("status", flat=True))
    stages = set(Case.objects.values_list("stage", flat=True))
    assert statuses == {"open", "resolved", "closed"}
    assert {"restore_value", "explain", "ready", "sent"} <= stages
    assert RemedyApproval.objects.filter(status="pending").count() == 1
    assert ApologyMessage.objects.count() == 4


def test_demo_remedies_show_an_extra_and_its_lack_and_tiers_have_limits():
    seed()
    remedies = ApologyStep.objects.filter(key="restore_value", completed_at__isnull=False)
    assert remedies.exclude(extra_type="").count() >= 3
    assert remedies.filter(extra_type="").exists()  # the case page warns about these
    waiting = RemedyApproval.objects.get(status="pending")
    assert waiting.has_extra and waiting.total_cost > waiting.cost
    assert ArchivedApology.objects.exclude(extra_type="").exists()
    assert dict(TierApprovalLimit.objects.values_list("tier", "limit")) == {
        "gold": Decimal("150.00"), "platinum": Decimal("300.00")}


def test_demo_has_archived_apologies_one_of_them_published():
    seed()
    assert ArchivedApology.objects.count() == 3
    published = ArchivedApology.objects.get(published_at__isnull=False)
    assert published.exemplary and published.rating == 5
    assert published.customer_name.split()[0] not in published.public_text


def test_demo_has_an_incident_ready_to_send_to_its_cases():
    seed()
    seed()
    incident = Incident.objects.get()
    assert incident.cases.count() == 3
    assert incident.acknowledgement and incident.explanation and incident.fix
    assert set(incident.remedies.values_list("tier", flat=True)) == {"standard", "gold"}
    assert not ApologyMessage.objects.filter(case__incident=incident).exists()


def test_the_demo_does_not_flood_the_managers_in_its_first_minute(mailoutbox):
    """Issue 20: a new demo desk sent its manager about 30 emails in the first minute, the
    back-dated cases' warnings and escalations all due at once."""
    from django.test import TestCase

    from cases import reminders
    from cases.tasks import send_notification_email
    from demo.management.commands.seed_demo import PEOPLE

    with TestCase.captureOnCommitCallbacks(execute=True):
        seed()
    with TestCase.captureOnCommitCallbacks(execute=True):  # beat's first cycle, its emails
        for pk in reminders.claim_due():
            reminders.send(pk)
        for pk in reminders.unsent_notifications():
            send_notification_email(pk)
    desk = {email for email, *_ in PEOPLE}
    to_desk = [m for m in mailoutbox if m.to[0] in desk]
    # what still asks for someone: the one remedy waiting for approval
    assert [m.subject.split(":")[0] for m in to_desk] == ["Remedy waiting for approval"]
    assert Case.objects.breaching().exists()  # the queue still shows what is late
