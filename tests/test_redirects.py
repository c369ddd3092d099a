"""Every `next` the desk follows stays on the desk: an address elsewhere (or one a browser
would read as elsewhere) falls back to the page the form would go to anyway."""

import pytest

from .factories import CaseFactory
from .incidents.helpers import make_incident

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "https:evil.example",
    "/\\evil.example/",
    "\\\\evil.example",
    " https://evil.example/",
    "https://testserver.evil.example/",
    "javascript:alert(1)",
    "http://testserver/cases/",  # our host, but the page was asked over https
]


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_adding_a_case_to_an_incident_never_leaves_the_desk(agent_client, agent, next_url):
    incident, case = make_incident(agent), CaseFactory(by=agent)
    response = agent_client.post("/incidents/link/", {
        "case": case.reference, "incident": incident.pk, "next": next_url}, secure=True)
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    assert incident.cases.get() == case  # the link itself was made


def test_a_next_on_the_desk_is_followed(agent_client, agent):
    incident, case = make_incident(agent), CaseFactory(by=agent)
    response = agent_client.post("/incidents/link/", {
        "case": case.reference, "incident": incident.pk, "next": case.get_absolute_url()})
    assert response["Location"] == case.get_absolute_url()


def test_the_chooser_does_not_carry_an_off_site_next_into_its_form(agent_client, agent):
    make_incident(agent)
    case = CaseFactory(by=agent)
    page = agent_client.get("/incidents/link/", {"case": case.reference,
                                                 "next": "https://evil.example/"})
    assert page.status_code == 200
    assert "evil.example" not in page.content.decode()
    kept = agent_client.get("/incidents/link/", {"case": case.reference,
                                                 "next": case.get_absolute_url()})
    assert f'name="next" value="{case.get_absolute_url()}"' in kept.content.decode()


@pytest.mark.parametrize("next_url", OFF_SITE[:3])
def test_signing_in_never_leaves_the_desk(client, agent, next_url):
    response = client.post(f"/accounts/login/?next={next_url}", {
        "username": agent.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
