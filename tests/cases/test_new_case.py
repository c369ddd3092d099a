"""Logging a case in the browser at /cases/new/."""

import re

import pytest
from django.urls import reverse

from cases.models import Case, CaseEvent, Customer

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
NEW = reverse("cases:new")

VALID = {
    "customer_email": "Dara.Murphy@Example.ie",
    "customer_name": "Dara Murphy",
    "customer_company": "",
    "title": "Installer did not turn up",
    "description": "I took a day off work and nobody came.",
    "channel": "phone",
    "category": "other",
    "severity": "high",
    "occurred_at": "2026-01-10T09:30",
    "assign_to_me": "on",
}


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(NEW)["Location"].startswith("/accounts/login/")


def test_outsider_cannot_log_cases(client, outsider):
    client.force_login(outsider)
    assert client.post(NEW, VALID).status_code == 403
    assert Case.objects.count() == 0


def test_form_has_labelled_fields_and_a_log_case_button(agent_client):
    page = " ".join(agent_client.get(NEW).content.decode().split())
    labels = {
        "customer_email": "Customer email", "customer_name": "Customer name", "title": "Title",
        "description": "Description", "channel": "Channel", "category": "Category",
        "severity": "Severity", "occurred_at": "When it happened",
    }
    for field, label in labels.items():
        assert re.search(rf'<label for="id_{field}" class="[^"]*"> {label}', page), label
    assert 'value="Log case"' in page


def test_logging_a_case_creates_it_and_shows_its_page(agent_client, agent):
    response = agent_client.post(NEW, VALID, follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == f"/cases/{case.reference}/"
    page = response.content.decode()
    assert f"Case {case.reference} logged." in page
    assert "Installer did not turn up" in page
    assert case.customer.email == "dara.murphy@example.ie"
    assert (case.channel, case.category.slug, case.severity) == ("phone", "other", "high")
    assert case.occurred_at.year == 2026
    assert case.assignee == agent
    assert list(case.events.values_list("kind", flat=True)) == ["opened", "assigned"]


def test_an_existing_customer_is_found_by_email(agent_client):
    existing = CaseFactory().customer
    agent_client.post(NEW, {**VALID, "customer_email": existing.email.upper()})
    assert Customer.objects.count() == 1
    assert Case.objects.filter(customer=existing).count() == 2


def test_leaving_assign_to_me_unticked_leaves_it_unassigned(agent_client):
    data = {key: value for key, value in VALID.items() if key != "assign_to_me"}
    agent_client.post(NEW, data)
    assert Case.objects.get().assignee is None


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"customer_email": "not-an-email"}, "customer_email", "Enter a valid email address."),
        ({"title": ""}, "title", "This field is required."),
        ({"category": "space_weather"}, "category", "Choose one of the listed categories."),
        ({"severity": "apocalyptic"}, "severity", "Select a valid choice."),
        ({"title": "x" * 100_000}, "title", "Ensure this value has at most 200 characters"),
        ({"title": "nul\x00byte"}, "title", "Null characters are not allowed."),
        ({"description": "nul\x00byte"}, "description", "Null characters are not allowed."),
        ({"occurred_at": "2999-01-01T00:00"}, "occurred_at", "This is in the future"),
        ({"occurred_at": "yesterday-ish"}, "occurred_at", "Enter a valid date/time."),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(agent_client, change, field, message):
    response = agent_client.post(NEW, {**VALID, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors)
    assert message.split(" (")[0].split("“")[0][:20] in response.content.decode()
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert Customer.objects.count() == 0
