"""The dashboard's figures are counted at most once a minute per range and viewer
(insights.counted): a second look within the minute reads no figure from the database, the
page says when they were counted, and the next count sees what changed."""

from datetime import timedelta

import pytest
import time_machine

from ..factories import CaseFactory
from .helpers import NOW, QUERY, at, small_desk
from .test_dashboard_page import PAGE_QUERIES

pytestmark = pytest.mark.django_db
URL = f"/insights/?{QUERY}"


@pytest.fixture
def desk(agent, other_agent):
    return small_desk(agent, other_agent)


def opened(page: str) -> str:
    return page[page.index(">Cases opened and resolved</h2>"):][:3000]


def test_a_second_look_within_the_minute_counts_nothing_again(
        desk, manager_client, agent, settings, django_assert_num_queries):
    settings.INSIGHTS_COUNT_SECONDS = 60
    with at(NOW):
        first = manager_client.get(URL).content.decode()
    assert "Counted at " in first and "again after 60 s" in first
    with at(NOW.replace(month=2, day=10)):
        CaseFactory(by=agent, assignee=agent)
    with at(NOW), django_assert_num_queries(3):  # session, user, the navigation's badges
        again = manager_client.get(URL).content.decode()
    assert opened(again) == opened(first)
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        later = manager_client.get(URL).content.decode()
    assert opened(later) != opened(first)  # the new case is counted


def test_each_agent_and_the_managers_have_their_own_count(
        desk, manager_client, agent_client, settings):
    settings.INSIGHTS_COUNT_SECONDS = 60
    with at(NOW):
        desk_page = manager_client.get(URL).content.decode()
        own_page = agent_client.get(URL).content.decode()
    assert "Everyone's cases." in desk_page and "Your cases only" in own_page
    assert "bo@example.com" not in own_page


def test_with_no_minute_set_every_view_counts(desk, manager_client, settings,
                                              django_assert_num_queries):
    settings.INSIGHTS_COUNT_SECONDS = 0
    with at(NOW):
        manager_client.get(URL)
    with at(NOW), django_assert_num_queries(PAGE_QUERIES):
        page = manager_client.get(URL).content.decode()
    assert "again after" not in page
