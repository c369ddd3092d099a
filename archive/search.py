"""Finding archived apologies: ranked full-text search with facets, and the suggestions on
a case page.

On PostgreSQL, a weighted tsvector (title A; explanation and fix B; the other parts C) with
a GIN index, `websearch_to_tsquery` (quotes, `or`, `-word`: what people type into search
boxes, and it never raises on odd input), `ts_rank` and `ts_headline`. On SQLite (the
embedded default) the same query syntax, ranked and marked, from an FTS5 index
(`embedded_search`).

The search filters, counts and ranks `SearchEntry` rows (narrow copies of the apologies),
then reads the twenty apologies of the page it shows: a broad word matches tens of
thousands of apologies, and every pass over the matches on the apologies' own wide rows
cost more than the whole page may.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, TextField, Value, When
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


def ordered(queryset, sort: str, searching: bool):
    # only the ids are read (`apologies` reads the page's rows): sorting every match with
    # its search vector cost more than computing the rank (28 → 20 ms for `refund`)
    queryset = queryset.only("pk")
    if sort == "relevance" and searching:
        return queryset.order_by("-rank", "-archived_at", "-pk")
    if sort == "rating":
        return queryset.order_by(F("rating").desc(nulls_last=True), "-archived_at", "-pk")
    if sort == "outcome":
        return queryset.order_by(F("csat").desc(nulls_last=True), "-archived_at", "-pk")
    return queryset.order_by("-archived_at", "-pk")


def apologies(found, text: str, queryset):
    """The archived apologies (from `queryset`) of the search entries `found` (a page), in
    that order, each with `snippet`: the best passage, the matched words marked. One query:
    the headlines are computed with the rows."""
    text, ids = text.strip()[:MAX_QUERY], [entry.pk for entry in found]
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


def facets(queryset) -> dict[str, list[dict]]:
    """For each facet, its values among `queryset` with their counts, most first.

    On PostgreSQL one scan of the results counts every facet (GROUPING SETS); elsewhere a
    GROUP BY per facet."""
    rows = _grouped_pg(queryset) if full_text() else _grouped_each(queryset)
    categories = Category.objects.values_list("pk", "slug", "name")
    root_causes = RootCause.objects.values_list("pk", "slug", "name")
    names, shown = {"category": {}, "root_cause": {}}, {"category": {}, "root_cause": {}}
    for name, listed in (("category", categories), ("root_cause", root_causes)):
        for pk, slug, label in listed:
            names[name][pk], shown[name][slug] = slug, label
    counted = {name: [] for name in FACETS}
    for name, value, count in rows:
        if value is None or value == "":
            continue
        value = names[name].get(value, value) if name in names else value
        label = shown[name].get(value, value) if name in shown else _label(name, value)
        counted[name].append({"value": value, "label": label, "count": count})
    for values in counted.values():
        values.sort(key=lambda facet: (-facet["count"], str(facet["value"])))
    counted["rating"] = _at_least(counted["rating"])
    return counted


def _grouped_pg(queryset):
    """(facet, value, count) for every facet, from one GROUPING SETS query.

    The matches are first counted by all facets at once (a few hundred combinations), and
    the grouping sets add those up: one hash lookup per match instead of one per facet
    (24 → 16 ms for 42,000 matches)."""
    columns = list(FACETS.values())
    inner, params = (queryset.order_by().values(*columns).annotate(found=Count("pk"))
                     .query.sql_with_params())
    flags = ", ".join(f"GROUPING({column})" for column in columns)
    sets = ", ".join(f"({column})" for column in columns)
    with connection.cursor() as cursor:
        # column names are our FACETS constant; every value travels in `params`
        cursor.execute(f"SELECT {', '.join(columns)}, {flags}, CAST(SUM(found) AS bigint) "  # nosec
                       f"FROM ({inner}) combinations GROUP BY GROUPING SETS ({sets})", params)
        for row in cursor.fetchall():
            values, grouped, count = row[:len(columns)], row[len(columns):-1], row[-1]
            index = grouped.index(0)  # the one column this row is grouped by
            yield list(FACETS)[index], values[index], count


def _grouped_each(queryset):
    plain = queryset.order_by()
    for name, column in FACETS.items():
        for row in plain.values(column).annotate(count=Count("pk")).order_by():
            yield name, row[column], row["count"]


def total(counted) -> int:
    """How many apologies the facets counted (each is either exemplary or not), so the
    paginator need not count them again."""
    return sum(facet["count"] for facet in counted["exemplary"])


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
