"""Each figure of the insights dashboard on the small known desk of `helpers`: the numbers
are worked out by hand there. Percentiles are PostgreSQL's percentile_cont (interpolated)."""

from datetime import date
from decimal import Decimal

import pytest

from apologies.models import ApologyStep
from cases.models import Category
from insights import figures
from insights.figures import Link

from ..factories import CaseFactory
from .helpers import NOW, PERIOD, at, feb, small_desk

pytestmark = pytest.mark.django_db

W1, W2 = date(2026, 2, 2), date(2026, 2, 9)


@pytest.fixture
def desk(agent, other_agent):
    return small_desk(agent, other_agent)


@pytest.fixture
def board(desk, manager):
    return {figure.slug: figure for figure in figures.dashboard(manager, PERIOD, now=NOW)}


def test_cases_opened_and_resolved_per_week(board):
    assert board["opened-resolved"].rows == [[W1, 1, 1], [W2, 2, 1]]


def test_first_response_median_p90_and_compliance_per_week(board):
    # week 1: case 1 answered after 26 h (target 8 h); week 2: case 2 after 7 h (target
    # 4 h), case 3 never, and its target has passed
    assert board["first-response"].rows == [[W1, 1, 1, 26.0, 26.0, 0.0],
                                            [W2, 2, 1, 7.0, 7.0, 0.0]]


def test_resolution_median_p90_and_compliance_per_week(board):
    # case 3's resolution target (5 days) passed unresolved: half of week 2 within target
    assert board["resolution"].rows == [[W1, 1, 1, 48.0, 48.0, 100.0],
                                        [W2, 2, 1, 24.0, 24.0, 50.0]]


def test_sla_per_severity_against_the_targets(board):
    assert board["sla"].rows == [
        ["Critical", 0, 1.0, None, None, None, 24.0, None, None, None],
        ["High", 1, 4.0, 7.0, 7.0, 0.0, 72.0, 24.0, 24.0, 100.0],
        ["Medium", 2, 8.0, 26.0, 26.0, 0.0, 120.0, 48.0, 48.0, 50.0],
        ["Low", 0, 24.0, None, None, None, 240.0, None, None, None],
    ]


def test_where_cases_stall_hours_per_step(board):
    # restore value took 2, 1 and 4 hours: median 2, p90 2 + 0.8 × (4 − 2) = 3.6
    assert board["stalls"].rows == [
        ["Restore lost value", 3, 2.0, 3.6, 1],  # case 4 waits there now
        ["Acknowledge responsibility", 2, 1.0, 1.0, 1],  # case 3 waits there
        ["Explain the problem", 2, 2.0, 2.8, 0],
        ["Describe the fix", 2, 9.5, 16.3, 0],
        ["Express regret", 2, 1.0, 1.0, 0],
        ["Sending (all five done)", 2, 1.5, 1.9, 0],
    ]


def test_remedy_cost_against_value(board):
    assert board["remedies"].rows == [
        ["Refund", "EUR", 1, 0, Decimal("45.00"), Decimal("80.00"), 1.78],
        ["Credit", "EUR", 1, 0, Decimal("10.00"), Decimal("30.00"), 3.0],
        ["Gift", "EUR", 1, 0, Decimal("5.00"), Decimal("20.00"), 4.0],
    ]


def test_a_remedys_extra_counts_in_its_cost_and_value(desk, manager):
    """What the recovery cost us in all and was worth to the customer in all: the extra's
    cost and value are added to its remedy's (make whole) row."""
    ApologyStep.objects.filter(key="restore_value", remedy_type="credit").update(
        extra_type="upgrade", extra_description="Next delivery free",
        extra_value_to_customer=Decimal("12.00"), extra_cost=Decimal("2.00"))
    remedies = figures.one(manager, "remedies", PERIOD, now=NOW)
    assert remedies.rows[:2] == [
        ["Refund", "EUR", 1, 0, Decimal("45.00"), Decimal("80.00"), 1.78],
        ["Credit", "EUR", 1, 1, Decimal("12.00"), Decimal("42.00"), 3.5],
    ]


def test_survey_scores_against_the_baseline(board, settings):
    surveys = board["surveys"]
    assert surveys.rows == [[W1, 1, 5.0, 10.0, 100.0], [W2, 1, 4.0, 6.0, 100.0]]
    assert surveys.summary == (
        "Recovered customers scored 4.50 on average (2 answers), 0.50 above the baseline: "
        "the recovery paradox at work. Net promoter score +0.")
    assert surveys.chart["reference"]["label"] == "Baseline 4.0"


def test_the_baseline_comes_from_the_setting(desk, manager, settings):
    settings.INSIGHTS_BASELINE_CSAT = Decimal("4.8")
    surveys = figures.one(manager, "surveys", PERIOD, now=NOW)
    assert "0.30 below the baseline" in surveys.summary
    assert "baseline of 4.8" in surveys.about


def test_top_categories_and_root_causes_against_the_previous_period(board):
    assert board["categories"].rows == [
        ["Shipping and delivery", 2, 0, 2, None],
        ["Billing and payments", 1, 1, 0, 0.0],  # case 4 was opened the week before
    ]
    assert board["root-causes"].rows == [["Process", 1, 0, 1, None],
                                         ["Supplier", 1, 0, 1, None]]


def test_categories_of_one_name_are_one_row_and_those_without_cases_none(desk, manager, agent):
    """Counted per category, summed by name: what grouping the cases by their category's
    name gave."""
    twin = Category.objects.create(slug="shipping-too", name="Shipping and delivery")
    Category.objects.create(slug="unused", name="Never chosen")
    with at(feb(12, 9)):
        CaseFactory(by=agent, category=twin)
    assert figures.one(manager, "categories", PERIOD, now=NOW).rows == [
        ["Shipping and delivery", 3, 0, 3, None],
        ["Billing and payments", 1, 1, 0, 0.0],
    ]


def test_an_agent_s_top_categories_count_their_cases_only(desk, agent):
    assert figures.one(agent, "categories", PERIOD, now=NOW).rows == [
        ["Billing and payments", 1, 1, 0, 0.0],  # cases 2, and 4 the week before
        ["Shipping and delivery", 1, 0, 1, None],  # case 1 (case 3 is the other agent's)
    ]


def test_customers_failed_more_than_once(board, desk):
    two = desk[1]
    assert board["at-risk"].rows == [
        ["Ann Lee", "ann@example.com", 2, Link(two.reference, two.get_absolute_url()),
         date(2026, 2, 10)],
    ]


def test_lexicon_findings_per_week_and_kind(board):
    findings = board["findings"]
    minimizing = findings.columns.index("Minimizing")
    assert [row[:2] for row in findings.rows] == [[W1, 0], [W2, 1]]
    assert findings.rows[1][minimizing] == 1
    assert sum(findings.rows[1][2:]) == 1


def test_an_agent_sees_only_the_cases_assigned_to_them(desk, agent, other_agent):
    mine = {figure.slug: figure for figure in figures.dashboard(agent, PERIOD, now=NOW)}
    assert mine["opened-resolved"].rows == [[W1, 1, 1], [W2, 1, 1]]
    assert [row[0] for row in mine["remedies"].rows] == ["Refund", "Credit"]
    assert [row[:2] for row in mine["findings"].rows] == [[W1, 0], [W2, 0]]
    assert [row[4] for row in mine["stalls"].rows] == [1, 0, 0, 0, 0, 0]
    theirs = figures.one(other_agent, "opened-resolved", PERIOD, now=NOW)
    assert theirs.rows == [[W1, 0, 0], [W2, 1, 0]]
    assert figures.one(other_agent, "at-risk", PERIOD, now=NOW).rows == []
