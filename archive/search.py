"""Finding archived apologies: ranked full-text search with facets, and the suggestions on
a case page.

On PostgreSQL, a weighted tsvector (title A; explanation and fix B; the other parts C) with
a GIN index, `websearch_to_tsquery` (quotes, `or`, `-word`: what people type into search
boxes, and it never raises on odd input), `ts_rank` and `ts_headline`. On SQLite (the
embedded default) the same query syntax, ranked and marked, from an FTS5 index
(`embedded_search`).

The search filters `SearchEntry` rows (narrow copies of the apologies), draws a pool of the
newest SEARCH_POOL matches, sorts and counts that pool by facet (`pool`), then reads the twenty
apologies of the page it shows: a broad word matches hundreds of thousands of apologies,
and any pass over every match, or over the apologies' own wide rows, costs more than the
whole page may, and more every year.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apologies import lexicon
from apologies.models import RootCause
from cases.models import Category

from . import embedded_search, reuse
from .models import PARTS, ArchivedApology, SearchEntry

CONFIG = "english"
VECTOR = (
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("explain", "fix", weight="B", config=CONFIG)
    + SearchVector("restore_value", "acknowledge", "regret", weight="C", config=CONFIG)
)
MAX_QUERY = 300  # longer input is cut, not refused: a pasted paragraph still searches
START, STOP = "\x02", "\x03"  # ts_headline's markers, turned into <mark> after escaping

SORTS = {
    "relevance": "Best match",
    "newest": "Newest first",
    "rating": "Highest rated",
    "outcome": "Best outcome",
}
FACETS = {  # name: column counted
    "category": "category_id", "root_cause": "root_cause_id", "remedy_type": "remedy_type",
    "rating": "rating", "exemplary": "exemplary", "outcome": "outcome",
}


def full_text() -> bool:
    return connection.vendor == "postgresql"


def _query(text):
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def entries():
    """What the search filters, counts and sorts (see the module's docstring)."""
    return SearchEntry.objects.all()


def matching(queryset, text: str):
    """`queryset` (search entries) narrowed to those whose apology matches `text`, ranked
    when it can be (an annotation `rank`)."""
    text = text.strip()[:MAX_QUERY]
    if not text:
        return queryset
    if not full_text():
        return embedded_search.matching(queryset, text)
    query = _query(text)
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query)
    )


def apologies(found, text: str, queryset):
    """The archived apologies (from `queryset`) of the ids `found` (a page of a pool), in
    that order, each with `snippet`: the best passage, the matched words marked. One query:
    the headlines are computed with the rows."""
    text, ids = text.strip()[:MAX_QUERY], list(found)
    if not ids:
        return []
    marking = bool(text) and full_text()
    marked_here = embedded_search.snippets(ids, text, START, STOP) if text and not marking else {}
    if marking:
        body = Concat(*[part for field in PARTS for part in (F(field), Value(" … "))][:-1],
                      output_field=TextField())
        queryset = queryset.annotate(headline=SearchHeadline(
            body, _query(text), config=CONFIG, start_sel=START, stop_sel=STOP,
            max_words=40, min_words=15, max_fragments=2, fragment_delimiter=" … ",
        ))
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    rows = [rows[pk] for pk in ids if pk in rows]
    for row in rows:
        if marking or row.pk in marked_here:
            # escaped first; only our own markers become tags
            marked = escape(row.headline if marking else marked_here[row.pk])
            row.snippet = mark_safe(marked.replace(START, "<mark>").replace(STOP, "</mark>"))  # nosec
        else:
            row.snippet = escape(row.explain[:240])
    return rows


# A search sorts and counts a pool: the newest SEARCH_POOL entries that match its words and
# filters, not every match. A common word matches 42 % of the archive, and ranking and
# counting every match (ts_rank and the facets over 210,000 entries) took 355 ms at 500,000
# archived apologies and grew with the archive; the newest matches are read in date order
# (archive_entry_recent_idx) and the scan stops at the pool's end, whatever the archive's
# size. A filter or another word narrows the set before the pool is drawn, so a narrow
# search is still sorted and counted whole; the page says when the pool holds less than
# every match (`Found.complete`).
SEARCH_POOL = 2000


@dataclass(frozen=True)
class Found:
    """A search's pool: the ids of its apologies in the order asked for, the facets counted
    over them, and whether they are every match or only the newest SEARCH_POOL."""

    entries: list[int]
    facets: dict[str, list[dict]]
    complete: bool = True

    @property
    def count(self) -> int:
        return len(self.entries)


NOTHING = Found([], {})


def pool(queryset, sort: str) -> Found:
    """The newest SEARCH_POOL entries of `queryset` (filtered, and ranked when it has
    `rank`), sorted by `sort` and counted by facet: one query, its rows read as plain
    tuples (a few µs each), one row past the pool telling whether there are more."""
    columns = ["pk", "csat", *FACETS.values()]
    columns += ["rank"] if "rank" in queryset.query.annotations else []
    rows = list(queryset.order_by("-archived_at", "-pk")
                .values_list(*columns)[:SEARCH_POOL + 1])
    complete, rows = len(rows) <= SEARCH_POOL, rows[:SEARCH_POOL]
    by_column = {column: [row[i] for row in rows] for i, column in enumerate(columns)}
    return Found(_sorted(by_column, sort), facets(by_column), complete)


def _sorted(by_column, sort) -> list[int]:
    """The pool's ids (newest first) in the order of `sort`; the sort is stable, so the
    newest comes first among equals, as the unbounded search's tie-breaks had it."""
    ids = by_column["pk"]
    key = {"relevance": by_column.get("rank"), "rating": by_column["rating"],
           "outcome": by_column["csat"]}.get(sort)
    if key is None:  # newest, or "best match" without words to rank by
        return list(ids)
    order = sorted(range(len(ids)), key=lambda i: (key[i] is None, -(key[i] or 0)))
    return [ids[i] for i in order]


def facets(by_column) -> dict[str, list[dict]]:
    """For each facet, its values in a pool (`by_column`: column → the pool's values) with
    their counts, most first."""
    categories = Category.objects.values_list("pk", "slug", "name")
    root_causes = RootCause.objects.values_list("pk", "slug", "name")
    names, shown = {"category": {}, "root_cause": {}}, {"category": {}, "root_cause": {}}
    for name, listed in (("category", categories), ("root_cause", root_causes)):
        for pk, slug, label in listed:
            names[name][pk], shown[name][slug] = slug, label
    counted = {name: [] for name in FACETS}
    for name, column in FACETS.items():
        for value, count in Counter(by_column[column]).items():
            if value is None or value == "":
                continue
            value = names[name].get(value, value) if name in names else value
            label = shown[name].get(value, value) if name in shown else _label(name, value)
            counted[name].append({"value": value, "label": label, "count": count})
    for values in counted.values():
        values.sort(key=lambda facet: (-facet["count"], str(facet["value"])))
    counted["rating"] = _at_least(counted["rating"])
    return counted


def _at_least(ratings):
    """Ratings as the filter reads them (`min_rating`): "4 or more" counts the 4s and 5s;
    the top rating is only itself, so it reads "5", not "5 or more"."""
    ratings, running, cumulative = sorted(ratings, key=lambda r: -r["value"]), 0, []
    for rating in ratings:
        running += rating["count"]
        top = rating["value"] >= 5
        cumulative.append({**rating, "count": running,
                           "label": str(rating["value"]) if top else f"{rating['value']} or more"})
    return cumulative


def _label(name, value):
    field = ArchivedApology._meta.get_field(name)
    if field.choices:
        return dict(field.choices).get(value, value)
    if name == "exemplary":
        return "Exemplary" if value else "Not marked exemplary"
    return str(value)


WORD = re.compile(r"[^\W\d_]{3,}")


def similar(case, limit=5, phrases=None):
    """Archived apologies like this case, the best to start from first: the same category
    before others; within it, one the lexicon finds nothing in before one it does (a 3/5
    apology with policy-speak is never the first choice), exemplary ones first, then the
    best rated, then the closest text (any word of the case's title and description), then
    the most recent. Candidates are drawn three times over `limit`, then ranked."""
    candidates = _candidates(case, limit * 3)
    phrases = lexicon.active_phrases() if phrases is None else phrases
    flawed = {archived.pk: bool(reuse.findings(archived, phrases)) for archived in candidates}
    ranked = sorted(enumerate(candidates), key=lambda pair: (
        pair[1].category_id != case.category_id, flawed[pair[1].pk], not pair[1].exemplary,
        -(pair[1].rating or 0), pair[0]))
    return [archived for _, archived in ranked][:limit]


# The suggestions rank a pool, not the whole archive: the newest matches and the newest
# exemplary matches. Ranking every match took 120 ms at 100,000 archived apologies and grew
# with the archive (bench/RESULTS.md); a pool keeps the case page flat whatever its size, and
# leans toward recent apologies, which name today's policies and remedies.
POOL, EXEMPLARY_POOL = 1000, 200


def _candidates(case, limit):
    """One query, in three tiers: the text's matches in the case's category (the closest
    first), then its matches in other categories, then the rest of the category (the best
    rated first); within each, exemplary ones first and the most recent last."""
    others = (ArchivedApology.objects.exclude(case_id=case.pk).select_related("category")
              .defer("search_vector"))  # ranked in the database, never read here
    same = Q(category_id=case.category_id)
    words = list(dict.fromkeys(WORD.findall(f"{case.title} {case.description}".lower())))[:30]
    if not (full_text() and words):
        return list(others.filter(same).order_by(
            "-exemplary", F("rating").desc(nulls_last=True), "-archived_at")[:limit])
    query = reduce(or_, [SearchQuery(word, config=CONFIG) for word in words])
    matches = Q(search_vector=query)
    entries = SearchEntry.objects.filter(same | matches).exclude(
        apology_id__in=ArchivedApology.objects.filter(case_id=case.pk).values("pk"))
    newest = entries.order_by("-archived_at", "-apology_id").values("apology_id")
    pool = newest[:POOL].union(newest.filter(exemplary=True)[:EXEMPLARY_POOL])
    tier = Case(When(same & matches, then=0), When(matches, then=1), default=2)
    return list(
        others.filter(pk__in=pool)
        .annotate(tier=tier,
                  rank=Case(When(matches, then=SearchRank(F("search_vector"), query)),
                            default=0.0, output_field=FloatField()),
                  tier_rating=Case(When(same & ~matches, then=F("rating")), default=None))
        .order_by("tier", "-exemplary", "-rank", F("tier_rating").desc(nulls_last=True),
                  "-archived_at")[:limit])
