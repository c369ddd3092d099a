"""What the customer reads instead of the case's internal title: the agent's
`customer_title`, else the category's wording. The internal title may say anything."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone

from apologies import flow
from cases import links, reminders
from cases.models import Category

from ..apologies.steps import complete
from ..factories import CaseFactory, deliver_queued
from .test_intake_api import BODY, CASES

pytestmark = pytest.mark.django_db

INTERNAL = "VIP - refund fraud?"


def page(client, case, purpose):
    response = client.get(urlsplit(links.issue(case, purpose)).path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_status_page_shows_the_customer_title_never_the_internal_one(client, agent):
    case = CaseFactory(by=agent, title=INTERNAL, customer_title="Your anniversary vase")
    body = page(client, case, links.STATUS)
    assert "Your anniversary vase" in body
    assert "fraud" not in body and "VIP" not in body


def test_without_one_the_category_says_it(client, agent):
    case = CaseFactory(by=agent, title=INTERNAL)  # shipping
    body = page(client, case, links.STATUS)
    assert "Your delivery" in body and "fraud" not in body
    Category.objects.filter(slug="shipping").update(customer_wording="")
    assert "The problem you reported" in page(client, case, links.STATUS)


def test_the_survey_page_and_email_and_the_apology_email_use_it(client, agent, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    case = complete(CaseFactory(by=agent, assignee=agent, title=INTERNAL,
                                customer_title="Your anniversary vase"), by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        flow.send_apology(case, by=agent)
    [apology] = mailoutbox
    assert apology.subject.startswith(f"[{case.reference}] We are sorry: Your anniversary vase")
    assert "fraud" not in apology.subject + apology.body + apology.alternatives[0][0]
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        for pk in reminders.claim_due():
            reminders.send(pk)
        deliver_queued()
    [survey] = [m for m in mailoutbox if "did we do" in m.subject]
    assert "Your anniversary vase" in survey.body and "Your anniversary vase" in (
        survey.alternatives[0][0])
    assert "fraud" not in survey.subject + survey.body + survey.alternatives[0][0]
    survey_page = page(client, case, links.SURVEY)
    assert "Your anniversary vase" in survey_page and "fraud" not in survey_page


def test_the_api_takes_it_at_intake_and_in_a_patch(agent_api):
    created = agent_api.post(CASES, {**BODY, "title": INTERNAL,
                                     "customer_title": "Your parcel"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["customer_title"] == "Your parcel"
    url = created.json()["url"]
    patched = agent_api.patch(url, {"customer_title": "Your parcel to Porto"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["customer_title"] == "Your parcel to Porto"
    events = agent_api.get(f"{url}timeline/").json()
    assert events[-1]["kind"] == "edited" and "customer_title" in events[-1]["to_value"]
    too_long = agent_api.patch(url, {"customer_title": "x" * 201}, format="json")
    assert too_long.status_code == 400 and "customer_title" in too_long.json()


def test_the_api_schema_documents_it(agent_api):
    schema = agent_api.get("/api/schema/?format=json").json()["components"]["schemas"]
    assert "customer_title" in schema["CaseCreateRequest"]["properties"]
    assert "customer_title" in schema["PatchedCaseUpdateRequest"]["properties"]
    assert "customer_title" in schema["Case"]["properties"]


def test_the_agent_sets_it_in_the_browser(agent_client, agent):
    case = CaseFactory(by=agent, title=INTERNAL)
    edit = agent_client.get(f"{case.get_absolute_url()}edit/").content.decode()
    assert "What the customer reads" in edit
    form = agent_client.get(f"{case.get_absolute_url()}edit/").context["form"]
    data = {**form.initial, "customer_title": "Your parcel"}
    response = agent_client.post(f"{case.get_absolute_url()}edit/", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.customer_title == "Your parcel"
    detail = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Your parcel" in detail


def test_logging_a_case_in_the_browser_can_set_it(agent_client):
    response = agent_client.post("/cases/new/", {
        "customer_email": "dara@example.ie", "title": INTERNAL, "channel": "phone",
        "category": "billing", "severity": "high", "customer_title": "Your March invoice",
    })
    assert response.status_code == 302
    from cases.models import Case

    assert Case.objects.get(title=INTERNAL).customer_title == "Your March invoice"
