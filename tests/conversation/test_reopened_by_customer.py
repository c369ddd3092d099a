"""A low survey score reopens the case where everyone sees it: a banner on the case page
with the score and the comment, and the assignee told what to do next."""

from urllib.parse import urlsplit

import pytest

from apologies import flow
from cases import links
from cases.models import Notification

from ..apologies.steps import complete
from .helpers import logged_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved_case(agent):
    case = complete(logged_case(agent), by=agent)
    flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    case.refresh_from_db()
    return case


def answer(client, case, csat, comment):
    return client.post(urlsplit(links.issue(case, links.SURVEY)).path,
                       {"csat": str(csat), "nps": "2", "comment": comment})


def test_a_low_score_shows_a_banner_with_the_score_comment_and_next_step(
        client, agent_client, resolved_case):
    answer(client, resolved_case, 1, "Still <broken>.\nNobody called.")
    resolved_case.refresh_from_db()
    assert resolved_case.status == "open" and resolved_case.reopened_by_customer_at
    page = agent_client.get(resolved_case.get_absolute_url()).content.decode()
    banner = page.split("Reopened by the customer", 1)[1].split("</div>", 1)[0]
    assert "they scored the recovery 1/5" in banner
    assert "Still &lt;broken&gt;.\nNobody called." in banner
    assert "Read their comment, write to them, and put it right again." in banner


def test_the_assignee_is_told_what_to_do_next_and_the_managers_of_the_score(
        client, agent, manager, resolved_case):
    answer(client, resolved_case, 2, "The refund never came.")
    told = Notification.objects.get(recipient=agent, kind="reopened_by_customer")
    assert told.subject == (f"Reopened by the customer: {resolved_case.reference} "
                            f"{resolved_case.title}")
    assert "2/5" in told.body and "The refund never came." in told.body
    assert "write to them, and put it right again" in told.body
    assert Notification.objects.filter(recipient=manager, kind="low_score").count() == 1


def test_a_good_score_reopens_nothing(client, agent_client, resolved_case):
    answer(client, resolved_case, 5, "Lovely.")
    resolved_case.refresh_from_db()
    assert resolved_case.reopened_by_customer_at is None
    assert "Reopened by the customer" not in agent_client.get(
        resolved_case.get_absolute_url()).content.decode()


def test_the_banner_goes_once_the_case_is_put_right_again(client, agent, agent_client,
                                                         resolved_case):
    answer(client, resolved_case, 1, "No.")
    flow.resolve(resolved_case, by=agent)
    resolved_case.refresh_from_db()
    assert resolved_case.reopened_by_customer_at is not None  # kept as a record
    assert "Reopened by the customer" not in agent_client.get(
        resolved_case.get_absolute_url()).content.decode()
