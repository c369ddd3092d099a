"""Reusing the archive on a new case: suggestions on the case page, and "Start from this
apology" filling drafts only."""

import pytest

from apologies.models import ApologyStep
from archive.models import ArchivedApology
from cases.models import Category

from ..apologies.steps import complete
from ..factories import CaseFactory
from .helpers import closed_case

pytestmark = pytest.mark.django_db


def test_start_from_an_archived_apology_fills_drafts_only(agent_client, agent):
    archived = ArchivedApology.objects.get(case=closed_case(agent))
    case = complete(CaseFactory(by=agent, title="Another broken vase"), "restore_value",
                    by=agent)
    response = agent_client.post(f"/archive/{archived.pk}/start/", {"case": case.reference})
    assert response.status_code == 302
    steps = {step.key: step for step in ApologyStep.objects.filter(case=case)}
    assert steps["restore_value"].is_complete  # left as it was
    assert not any(steps[key].is_complete for key in ["acknowledge", "explain", "fix", "regret"])
    assert steps["explain"].content == archived.explain
    case.refresh_from_db()
    assert case.stage == "acknowledge"  # nothing completed, nothing skipped
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert archived.acknowledge[:40] in page  # the draft is in the next step's form
    assert case.events.filter(kind="started_from_archive").exists()


def test_start_from_is_refused_once_the_apology_was_sent(agent_client, agent):
    archived = ArchivedApology.objects.get(case=closed_case(agent))
    sent = closed_case(agent, title="Sent already")
    response = agent_client.post(f"/archive/{archived.pk}/start/", {"case": sent.reference},
                                 follow=True)
    assert "already sent" in response.content.decode()
    assert not sent.events.filter(kind="started_from_archive").exists()


def test_the_case_page_suggests_similar_apologies_exemplary_first(agent_client, agent):
    shipping = Category.objects.get(slug="shipping")
    plain = closed_case(agent, title="Vase smashed in the parcel")
    best = closed_case(agent, title="Glass bowl smashed in transit")
    ArchivedApology.objects.filter(case=best).update(exemplary=True)
    closed_case(agent, title="Invoice wrong", category=Category.objects.get(slug="billing"),
                texts={"explain": {"content": "A typo in our billing run."}})
    case = CaseFactory(by=agent, title="My vase was smashed", category=shipping)
    page = agent_client.get(case.get_absolute_url()).content.decode()
    section = page[page.index("Similar apologies"):]
    assert section.index(best.title) < section.index(plain.title)
    # the other category's apology mentions a vase too: it comes after the same category's
    assert section.index(plain.title) < section.index("Invoice wrong")
    assert "Start from this apology" in section


def test_the_suggestion_panel_takes_a_fixed_number_of_queries(
        agent_client, agent, django_assert_max_num_queries):
    for n in range(3):
        closed_case(agent, title=f"Vase {n} smashed")
    case = CaseFactory(by=agent, title="Vase smashed")
    with django_assert_max_num_queries(60) as few:
        agent_client.get(case.get_absolute_url())
    for n in range(5):
        closed_case(agent, title=f"More vase {n} smashed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        agent_client.get(case.get_absolute_url())


def test_the_suggestions_fallback_reads_an_index_instead_of_sorting_the_category(agent):
    """When the text finds fewer than five, the category's best and newest fill in: an
    index in that order reads five rows rather than sorting the whole category (66 ms with
    100,000 archived apologies, found by `make bench`)."""
    from django.db import connection, transaction

    closed_case(agent, title="Vase smashed")
    shipping = Category.objects.get(slug="shipping")
    fallback = (ArchivedApology.objects.filter(category_id=shipping.pk)
                .exclude(case_id=0).order_by("-exemplary", "-archived_at")[:5])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: force the plan
        plan = fallback.explain()
    assert "archive_category_best_idx" in plan
    assert "Sort" not in plan


def test_the_suggestions_rank_the_newest_matches_and_the_newest_exemplary_ones(
        agent_client, agent, monkeypatch):
    """Ranking every match grew with the archive (120 ms at 100,000 apologies, found by
    `make bench`): the suggestions rank a pool of the newest matches and the newest
    exemplary ones (archive.search.POOL, EXEMPLARY_POOL), whatever the archive's size."""
    from archive import search

    monkeypatch.setattr(search, "POOL", 2)
    monkeypatch.setattr(search, "EXEMPLARY_POOL", 1)
    old_exemplary = closed_case(agent, title="Exemplary teapot smashed long ago")
    ArchivedApology.objects.filter(case=old_exemplary).update(exemplary=True)
    old = closed_case(agent, title="Plain teapot smashed long ago")
    newer = [closed_case(agent, title=f"Teapot smashed lately {n}") for n in range(2)]
    case = CaseFactory(by=agent, title="My teapot was smashed")
    page = agent_client.get(case.get_absolute_url()).content.decode()
    section = page[page.index("Similar apologies"):]
    assert all(c.title in section for c in [old_exemplary, *newer])
    assert old.title not in section  # beyond the pool of the two newest


def test_the_pool_of_exemplary_ones_reads_its_own_index(agent):
    """Exemplary apologies are a few in a hundred: without their own index the newest 200
    were found by reading every entry (22 ms at 100,000 archived, five times that at
    500,000, found by `make bench`)."""
    from django.db import connection, transaction

    from archive.models import SearchEntry

    closed_case(agent, title="Vase smashed")
    newest = (SearchEntry.objects.filter(exemplary=True)
              .order_by("-archived_at", "-apology_id").values("apology_id")[:200])
    with transaction.atomic(), connection.cursor() as cursor:
        # a handful of rows: force the plan a large archive gets
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = newest.explain()
    assert "archive_entry_exemplary_idx" in plan
    assert "Sort" not in plan
