"""The access log: who viewed, exported or erased which customer, searchable by managers,
holding no identifier of an erased customer."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cases.intake import CustomerDetails
from privacy.models import AccessRecord, Action

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db

LOG = "/privacy/access-log/"


def table(response) -> str:
    """The log's rows, without the page around them (the header names who is signed in)."""
    html = response.content.decode()
    start = html.find('id="access-log"')
    return html[start:html.find("</table>", start)] if start >= 0 else "Nothing in the log matches."


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, customer=CustomerDetails(email="lena.logged@example.org",
                                                          name="Lena Logged"))


def test_views_are_logged_once_an_hour_per_person_and_customer(agent_client, agent, case):
    now = timezone.now()
    with time_machine.travel(now.replace(minute=5), tick=False):
        for _ in range(3):
            assert agent_client.get(f"/customers/{case.customer_id}/").status_code == 200
            assert agent_client.get(case.get_absolute_url()).status_code == 200
    with time_machine.travel(now.replace(minute=5) + timedelta(hours=1), tick=False):
        agent_client.get(f"/customers/{case.customer_id}/")
    views = AccessRecord.objects.filter(person=agent, customer_id=case.customer_id)
    assert views.filter(action=Action.VIEWED_CUSTOMER).count() == 2
    assert list(views.filter(action=Action.VIEWED_CASE).values_list("case", flat=True)) == \
        [case.pk]


def test_managers_search_the_log_by_person_customer_action_and_date(
        agent_client, agent, manager, manager_client, case):
    agent_client.get(case.get_absolute_url())
    manager_client.get(f"/customers/{case.customer_id}/")
    page = table(manager_client.get(LOG, {"person": agent.pk}))
    assert "Alex Agent" in page and "Viewed a case" in page and case.reference in page
    assert "Morgan Manager" not in page
    page = table(manager_client.get(LOG, {"customer": "lena.logged",
                                          "action": Action.VIEWED_CUSTOMER}))
    assert "Morgan Manager" in page and "Viewed a case" not in page
    assert f"#{case.customer_id} · Lena Logged" in page
    today = timezone.localdate()
    page = table(manager_client.get(LOG, {"since": today + timedelta(days=1)}))
    assert "Nothing in the log matches." in page
    bad = manager_client.get(LOG, {"since": today, "until": today - timedelta(days=1)})
    assert bad.status_code == 400 and "The end comes before the start." in bad.content.decode()


def test_after_erasure_the_log_shows_the_customer_by_number_only(
        agent_client, manager_client, manager, case, django_assert_max_num_queries):
    agent_client.get(case.get_absolute_url())
    exported = manager_client.post(f"/customers/{case.customer_id}/export/")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith("attachment;")
    assert manager_client.post(f"/customers/{case.customer_id}/erase/",
                               {"confirm": "lena.logged@example.org"}).status_code == 302
    with django_assert_max_num_queries(8):
        page = manager_client.get(LOG).content.decode()
    assert f"#{case.customer_id} · erased customer" in page
    assert "Lena" not in page and "lena.logged" not in page
    for action in ("Erased the customer", "Exported the customer", "Viewed a case"):
        assert action in page
    customer_page = manager_client.get(f"/customers/{case.customer_id}/").content.decode()
    assert "personal data was erased" in customer_page and "Lena" not in customer_page


def test_agents_do_not_see_the_log(agent_client):
    assert agent_client.get(LOG).status_code == 403
