"""Single-line fields (a case's title, a customer's name and company, an incident's title,
people's and categories' names, …) refuse line breaks and other control characters, in the
API, the browser's forms and the admin alike. A title with CR/LF used to be accepted; every
email whose subject carried it then failed with BadHeaderError and was retried for two days.

And the subjects are folded onto one line when emails are built, so a row written before
this (or straight into the database) can never stop notifications again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apologies import flow
from cases.models import Case, Category, Commitment, Customer
from conversation import delivery
from conversation.models import Message
from incidents.models import Incident

from .apologies.steps import GOOD, complete
from .apologies.test_flow import expensive
from .apologies.test_flow_api import later
from .cases.test_intake_api import BODY, CASES
from .cases.test_new_case import NEW, VALID
from .factories import CaseFactory
from .incidents.test_incidents_api import BODY as INCIDENT

pytestmark = pytest.mark.django_db

BREAKS = ["Broken\r\nBcc: everyone@example.com", "Broken\nvase", "Broken\rvase",
          "Broken\tvase", "Broken\x1bvase", "Broken\x85vase", "Broken\u2028vase"]
MESSAGE = "Use a single line: no line breaks, tabs or other control characters."


# --- The API ------------------------------------------------------------------------------

@pytest.mark.parametrize("title", BREAKS)
def test_the_api_refuses_a_title_over_two_lines(api, title):
    response = api.post(CASES, {**BODY, "title": title}, format="json")
    assert response.status_code == 400
    assert response.json() == {"title": [MESSAGE]}
    assert not Case.objects.exists() and not Customer.objects.exists()


@pytest.mark.parametrize("field", ["name", "company"])
def test_the_api_refuses_a_customer_name_over_two_lines(api, field):
    response = api.post(CASES, {**BODY, "customer": {**BODY["customer"], field: "Ana\nSouza"}},
                        format="json")
    assert response.status_code == 400
    assert response.json() == {"customer": {field: [MESSAGE]}}
    assert not Case.objects.exists()


def test_the_api_refuses_it_in_external_ids_and_tags(api):
    response = api.post(CASES, {**BODY, "external_id": "order\n1", "tags": ["vip\r\nlist"]},
                        format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"external_id", "tags"}


def test_changing_a_title_over_the_api_refuses_it(agent_api, agent):
    case = CaseFactory(by=agent)
    response = agent_api.patch(f"{CASES}{case.reference}/", {"title": "New\r\ntitle"},
                               format="json")
    assert response.status_code == 400
    assert response.json() == {"title": [MESSAGE]}
    case.refresh_from_db()
    assert "\n" not in case.title


def test_commitments_and_incidents_over_the_api_refuse_it(agent_api, agent):
    case = CaseFactory(by=agent, assignee=agent)
    response = agent_api.post(f"{CASES}{case.reference}/commitments/", {
        "description": "Call\nback", "due_at": later()}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["description"])
    assert not Commitment.objects.exists()
    response = agent_api.post("/api/v1/incidents/", {**INCIDENT, "title": "Checkout\r\ndown"},
                              format="json")
    assert response.json() == {"title": [MESSAGE]}
    assert not Incident.objects.exists()


# --- The browser's forms ------------------------------------------------------------------

@pytest.mark.parametrize("field", ["title", "customer_name", "customer_company"])
def test_logging_a_case_in_the_browser_says_so_next_to_the_field(agent_client, field):
    response = agent_client.post(NEW, {**VALID, field: "Installer\r\ndid not come"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE]
    assert MESSAGE in response.content.decode()
    assert not Case.objects.exists()


def test_editing_a_case_in_the_browser_says_so(agent_client, agent):
    case = CaseFactory(by=agent)
    response = agent_client.post(f"/cases/{case.reference}/edit/", {
        "title": "New\ntitle", "description": "", "category": "shipping",
        "severity": "medium", "tags": "", "version": case.etag})
    assert MESSAGE in response.content.decode()
    case.refresh_from_db()
    assert "\n" not in case.title


def test_a_promise_in_the_fix_step_form_says_so(agent_client, agent):
    from .apologies.test_step_pages import form_data, step_url

    case = CaseFactory(by=agent, assignee=agent)
    complete(case, "restore_value", "acknowledge", "explain", by=agent)
    response = agent_client.post(step_url(case, "fix"), form_data(
        "fix", **{"commitments-0-description": "Call\r\nback",
                  "commitments-0-due_at": (timezone.localtime() + timedelta(days=3)
                                           ).strftime("%Y-%m-%dT%H:%M")}))
    assert MESSAGE in response.content.decode()
    assert not Commitment.objects.exists()


# --- The admin ----------------------------------------------------------------------------

def test_the_admin_refuses_a_customer_name_over_two_lines(admin_client, agent):
    customer = CaseFactory(by=agent).customer
    response = admin_client.post(f"/admin/cases/customer/{customer.pk}/change/", {
        "email": customer.email, "name": "Pat\r\nDoe", "company": "", "tier": "standard"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [MESSAGE]
    customer.refresh_from_db()
    assert customer.name == "Pat Doe"


def test_the_admin_refuses_a_category_name_over_two_lines(admin_client):
    response = admin_client.post("/admin/cases/category/add/", {
        "slug": "returns", "name": "Returns\nand refunds", "description": "",
        "is_active": "on"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [MESSAGE]
    assert not Category.objects.filter(slug="returns").exists()


def test_the_admin_refuses_a_person_s_name_over_two_lines(admin_client, agent):
    response = admin_client.get(f"/admin/accounts/user/{agent.pk}/change/")
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and name not in ("password", "groups", "user_permissions")}
    data.update({"first_name": "Alex\r\nBcc: x@example.com", "is_active": "on",
                 "groups": [g.pk for g in agent.groups.all()],
                 "last_login_0": "", "last_login_1": "",
                 "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    response = admin_client.post(f"/admin/accounts/user/{agent.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["first_name"] == [MESSAGE]
    agent.refresh_from_db()
    assert agent.first_name == "Alex"


# --- Emails built from rows written before (or around) the check ------------------------

def test_a_notification_about_an_old_two_line_title_is_still_emailed(
        agent, manager, mailoutbox, django_capture_on_commit_callbacks):
    case = CaseFactory(by=agent, assignee=agent)
    Case.objects.filter(pk=case.pk).update(title="Broken\r\nBcc: everyone@example.com\x07")
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        flow.complete_step(case, "restore_value", expensive(), by=agent)
    [email] = mailoutbox
    assert email.to == [manager.email]
    assert email.subject == (f"Remedy waiting for approval: {case.reference} "
                             "Broken Bcc: everyone@example.com")
    assert email.message()["Bcc"] is None


def test_an_apology_with_an_old_two_line_subject_is_still_delivered(
        agent, mailoutbox, django_capture_on_commit_callbacks):
    case = CaseFactory(by=agent, assignee=agent)
    complete(case, *GOOD, by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        flow.send_apology(case, by=agent)
    mail.outbox.clear()
    sent = Message.objects.filter(case=case, kind="apology")
    sent.update(subject="We are sorry:\r\nBroken vase", state="queued", sent_at=None)
    assert delivery.deliver(sent.get().pk) is True
    [email] = mail.outbox
    assert email.subject == "We are sorry: Broken vase"
