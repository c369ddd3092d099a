"""The Notifications page grouped by case (issue 20, item 3): each case once, its newest
news first and the rest folded under "N more about this case", read together; the badge
counts cases, not rows; the page's queries do not grow with what it shows."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.utils import timezone

from cases import notify
from cases.models import Notification

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db
T0 = timezone.now() - timedelta(hours=1)


def told(person, subject, case=None, minutes=0):
    with time_machine.travel(T0 + timedelta(minutes=minutes), tick=False):
        return notify.notify(person, subject, case=case, kind="low_score")


def text(response):
    """The page's main content as a person reads it: tags out, spaces folded."""
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip())


@pytest.fixture
def news(agent):
    vase = CaseFactory(by=agent, title="Customer's vase arrived broken")
    parcel = CaseFactory(by=agent, title="Parcel left at the wrong door")
    told(agent, "Low survey score: 2 of 5", vase, 0)
    told(agent, "Parcel: reopened by the customer", parcel, 5)
    told(agent, "Reopened by the customer", vase, 10)
    told(agent, "Webhook disabled: https://hooks.example.com/x", None, 12)
    told(agent, "Email to the customer bounced", vase, 15)
    return vase, parcel


def test_notifications_about_one_case_show_together_newest_first(agent_client, news):
    vase, parcel = news
    page = text(agent_client.get("/notifications/"))
    assert page.count(vase.reference) == 2  # the heading, and its "mark read" button
    vase_at, webhook_at, parcel_at = (page.index(f"{vase.reference} Customer's vase"),
                                      page.index("Webhook disabled"),
                                      page.index(f"{parcel.reference} Parcel left"))
    assert vase_at < webhook_at < parcel_at  # the case with the newest news first
    group = page[vase_at:webhook_at]
    assert "3 unread" in group
    assert group.index("Email to the customer bounced") < group.index("2 more about this case") \
        < group.index("Reopened by the customer") < group.index("Low survey score")
    assert "1 more" not in page[parcel_at:]  # one notification: nothing folded


def test_the_older_ones_fold_in_a_disclosure(agent_client, news):
    html = agent_client.get("/notifications/").content.decode()
    [folded] = re.findall(r"<details.*?</details>", html, re.S)
    assert "<summary" in folded and "2 more about this case" in folded
    assert "Reopened by the customer" in folded and "Email to the customer" not in folded


def test_mark_all_about_one_case_read(agent, agent_client, news):
    vase, parcel = news
    response = agent_client.post("/notifications/read/", {"case": vase.pk}, follow=True)
    assert "Marked 3 notifications read." in text(response)
    unread = Notification.objects.filter(recipient=agent).unread()
    assert set(unread.values_list("case_id", flat=True)) == {parcel.pk, None}
    page = text(response)
    assert f"Mark all about {vase.reference} read" not in page
    assert f"Mark all about {parcel.reference} read" in page


def test_marking_another_person_s_case_read_marks_nothing_of_theirs(agent, other_agent,
                                                                    client, news):
    vase, _ = news
    client.force_login(other_agent)
    response = client.post("/notifications/read/", {"case": vase.pk}, follow=True)
    assert "Marked 0 notifications read." in text(response)
    assert Notification.objects.filter(recipient=agent).unread().count() == 5


def test_a_case_that_is_not_an_id_is_a_bad_request(agent_client):
    assert agent_client.post("/notifications/read/", {"case": "1; DROP"}).status_code == 400


def test_the_badge_counts_cases_with_news(agent_client, news):
    response = agent_client.get("/cases/")
    assert response.context["unread_notifications"] == 3  # two cases, one about no case
    badge = re.search(r'Notifications <span class="badge[^"]*">(\d+)<span class="visually-hidden">'
                      r"([^<]*)</span>", response.content.decode())
    assert badge.groups() == ("3", " unread, counted by case")


def test_a_case_title_is_escaped_in_its_heading(agent, agent_client):
    case = CaseFactory(by=agent, title="<script>alert(1)</script>")
    told(agent, "Reopened", case)
    html = agent_client.get("/notifications/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_page_s_queries_do_not_grow_with_cases(agent, agent_client,
                                                  django_assert_num_queries):
    def many(count):
        for number in range(count):
            case = CaseFactory(by=agent)
            told(agent, f"Low survey score {number}", case)
            told(agent, f"Reopened {number}", case, 1)

    many(2)
    # session, user (with their role), the notifications with their cases, the badge
    with django_assert_num_queries(4):
        assert agent_client.get("/notifications/").status_code == 200
    many(20)
    with django_assert_num_queries(4):
        page = text(agent_client.get("/notifications/"))
    assert page.count("1 more about this case") == 22
