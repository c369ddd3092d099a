"""User text is shown as text: markup typed into a case, a customer's name, an apology step
or an incident reaches every page escaped, never as live HTML."""

from urllib.parse import urlsplit

import pytest

from apologies import flow
from archive import publishing
from archive.models import ArchivedApology
from cases import links
from cases.intake import CustomerDetails
from incidents import linking

from .apologies.steps import GOOD
from .factories import CaseFactory
from .incidents.helpers import make_incident

pytestmark = pytest.mark.django_db
ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def _markup_free(html: str) -> bool:
    return "<script>alert" not in html and "<img src=x" not in html


def test_markup_in_user_text_is_escaped_on_every_page(agent, agent_client, manager):
    customer = CustomerDetails(email="mallory@example.com", name=f"Mallory {ATTACK}",
                               company=ATTACK)
    case = CaseFactory(by=agent, customer=customer, title=f"Broken {ATTACK}",
                       description=ATTACK)
    texts = {key: {**GOOD[key], "content": f"{GOOD[key]['content']} {ATTACK}"}
             for key in flow.STEP_KEYS}
    for key in flow.STEP_KEYS:
        flow.complete_step(case, key, texts[key], by=agent)
    flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    flow.close(case, by=agent)
    archived = ArchivedApology.objects.get(case=case)
    publishing.publish(archived, title=f"Published {ATTACK}", text=ATTACK, by=manager)
    incident = make_incident(manager, title=f"Outage {ATTACK}")
    linking.link(incident, [CaseFactory(by=agent, title=f"Linked {ATTACK}")], by=manager)
    agent_client.post(f"/cases/{case.reference}/notes/", {"note": ATTACK})

    pages = [
        "/cases/", f"/cases/?q={ATTACK}", f"/cases/{case.reference}/",
        f"/cases/{case.reference}/apology/preview/", "/archive/", f"/archive/?q={ATTACK}",
        f"/archive/{archived.pk}/", "/incidents/", f"/incidents/{incident.pk}/",
        "/public/apologies/", f"/public/apologies/{archived.pk}/", "/public/apologies/feed/",
        urlsplit(links.issue(case, links.STATUS)).path, f"/customers/{case.customer_id}/",
    ]
    for path in pages:
        response = agent_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert _markup_free(html), path
    shown = agent_client.get(f"/cases/{case.reference}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # there, as text
    sent = case.message.html
    assert _markup_free(sent) and "&lt;script&gt;" in sent  # and in the email's HTML
