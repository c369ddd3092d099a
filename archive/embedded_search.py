"""The archive's search on SQLite (the embedded desk): the query syntax and the ranking the
search box promises on PostgreSQL, from an FTS5 index.

Why FTS5 rather than the same rules in Python over the rows: the search must answer a desk
that has archived for years as it answers a demo, and reading every apology's five texts per
search grows with the archive, while an FTS5 index ranks (bm25, the title weighted above the
explanation and fix, above the rest, as PostgreSQL's A/B/C weights), stems (`porter`, close to
PostgreSQL's `english` configuration) and marks the matched words (`snippet`). FTS5 is built
into the SQLite of every usual Python (python.org, Debian, Homebrew, the Docker image).

The query is read as PostgreSQL's `websearch_to_tsquery` reads it: words must all appear,
`"a phrase"` must appear as written, `-word` (or `-"a phrase"`) must not, `or` between
words offers either (`a b or c` is `(a and b) or c`); English stop words outside quotes are
left out, and a query of nothing but stop words or punctuation finds nothing. Each of the
or-ed groups becomes "in the matches of its words, not in the matches of its exclusions", so
a group of exclusions only (`-voucher`) finds every apology without the word, as on
PostgreSQL, which an FTS5 expression alone cannot say.

The index is `archive_fts`, an external-content FTS5 table over the apologies' texts (they
are stored once), kept by triggers on every insert, update and delete of an archived
apology, as the search entries are (migration 0003). SQLite alters a table by making a new
one and dropping the old, which drops its triggers (migration 0006 did so: on SQLite the
search entries stopped following the apologies and the archive stayed empty). So the
triggers are not a migration's: `ensure` makes sure of them after every `migrate`, and when
one was missing it rebuilds what it keeps.
"""

import re
from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .models import SearchEntry

FTS = "archive_fts"
# the columns indexed, with bm25's weights: PostgreSQL's defaults for A, B and C
WEIGHTS = {"title": 1.0, "explain": 0.4, "fix": 0.4,
           "restore_value": 0.2, "acknowledge": 0.2, "regret": 0.2}
BODY = ["restore_value", "acknowledge", "explain", "fix", "regret"]  # what a snippet shows

# PostgreSQL's english.stop (tsearch_data), which `websearch_to_tsquery` leaves out
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now
""".split())
TERM = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')  # -? then "a phrase" (maybe unclosed) or a word
TOKEN = re.compile(r"[^\W_]+")


def parse(text: str) -> list[tuple[list[str], list[str]]]:
    """The query as or-ed groups, each (the phrases that must appear, those that must not),
    every phrase written as an FTS5 string. No group: the query finds nothing."""
    groups, current = [], ([], [])
    for minus, quoted, word in TERM.findall(text):
        if quoted == "" and word.lower() == "or" and not minus:
            groups.append(current)
            current = ([], [])
            continue
        tokens = [token.lower() for token in TOKEN.findall(quoted or word)]
        if quoted:  # a phrase keeps its inner stop words ("size of the shoe"), not its ends
            while tokens and tokens[0] in STOP_WORDS:
                tokens.pop(0)
            while tokens and tokens[-1] in STOP_WORDS:
                tokens.pop()
        else:
            tokens = [token for token in tokens if token not in STOP_WORDS]
        if tokens:
            # tokens are letters and digits only: nothing in them is FTS5 syntax
            current[1 if minus else 0].append(f'"{" ".join(tokens)}"')
    groups.append(current)
    return [group for group in groups if group[0] or group[1]]


def _matches(expression):
    return RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [expression])  # nosec


def _wanted(groups) -> str:
    """One FTS5 expression for the words wanted (what ranks and what the snippet marks)."""
    return " OR ".join(f"({' AND '.join(wanted)})" for wanted, _ in groups if wanted)


def matching(queryset, text: str):
    """`queryset` (search entries) narrowed to those whose apology matches `text`, with
    `rank` (bm25, higher is better; 0 for a match by exclusions only)."""
    groups = parse(text)
    if not groups:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    conditions = []
    for wanted, unwanted in groups:
        condition = Q(apology_id__in=_matches(" AND ".join(wanted))) if wanted else Q()
        if unwanted:
            condition &= ~Q(apology_id__in=_matches(" OR ".join(unwanted)))
        conditions.append(condition)
    ranked = queryset.filter(reduce(or_, conditions))
    wanted = _wanted(groups)
    if not wanted:
        return ranked.annotate(rank=Value(0.0, output_field=FloatField()))
    weights = ", ".join(str(weight) for weight in WEIGHTS.values())
    table = SearchEntry._meta.db_table
    return ranked.annotate(rank=Coalesce(RawSQL(
        f"SELECT -bm25({FTS}, {weights}) FROM {FTS} "  # nosec: our constants only
        f'WHERE {FTS} MATCH %s AND {FTS}.rowid = "{table}"."apology_id"', [wanted],
        output_field=FloatField()), Value(0.0)))


def snippets(ids, text: str, start: str, stop: str) -> dict[int, str]:
    """For the apologies `ids`, the best passage of their five parts with the matched words
    between `start` and `stop`; apologies whose parts match no wanted word are left out."""
    wanted = _wanted(parse(text))
    if not ids or not wanted:
        return {}
    placeholders = ", ".join("%s" for _ in ids)
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({FTS}, -1, %s, %s, ' … ', 32) FROM {FTS} "  # nosec
            f"WHERE {FTS} MATCH %s AND rowid IN ({placeholders})",
            [start, stop, f"{{{' '.join(BODY)}}} : ({wanted})", *ids])
        return dict(cursor.fetchall())


# What `ensure` keeps: the search entries' triggers (as migration 0003 wrote them) and the
# full-text index with its own.
COPIED = SearchEntry.COPIED
UPSERT = (f"INSERT INTO archive_searchentry (apology_id, {', '.join(COPIED)}) "
          f"VALUES (NEW.id, {', '.join(f'NEW.{column}' for column in COPIED)}) "
          f"ON CONFLICT (apology_id) DO UPDATE SET "
          f"{', '.join(f'{column} = excluded.{column}' for column in COPIED)};")
COLUMNS = ", ".join(f'"{column}"' for column in WEIGHTS)


def _values(row):
    return ", ".join(f'{row}."{column}"' for column in WEIGHTS)


FORGET = f"INSERT INTO {FTS} ({FTS}, rowid, {COLUMNS}) VALUES ('delete', OLD.id, {_values('OLD')});"
LEARN = f"INSERT INTO {FTS} (rowid, {COLUMNS}) VALUES (NEW.id, {_values('NEW')});"
ON = "ON archive_archivedapology"
KEPT = {  # name in sqlite_master: the statement that makes it
    FTS: f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='archive_archivedapology', "
         "content_rowid='id', tokenize='porter unicode61')",
    "archive_copy_search_entry_insert": f"CREATE TRIGGER archive_copy_search_entry_insert "
                                        f"AFTER INSERT {ON} BEGIN {UPSERT} END",
    "archive_copy_search_entry_update": f"CREATE TRIGGER archive_copy_search_entry_update "
                                        f"AFTER UPDATE OF {', '.join(COPIED)} {ON} "
                                        f"BEGIN {UPSERT} END",
    "archive_fts_insert": f"CREATE TRIGGER archive_fts_insert AFTER INSERT {ON} BEGIN {LEARN} END",
    "archive_fts_delete": f"CREATE TRIGGER archive_fts_delete AFTER DELETE {ON} BEGIN {FORGET} END",
    "archive_fts_update": f"CREATE TRIGGER archive_fts_update AFTER UPDATE OF {COLUMNS} {ON} "
                          f"BEGIN {FORGET} {LEARN} END",
}
REBUILD = [
    f"INSERT INTO archive_searchentry (apology_id, {', '.join(COPIED)}) "
    f"SELECT id, {', '.join(COPIED)} FROM archive_archivedapology WHERE true "
    f"ON CONFLICT (apology_id) DO UPDATE SET "
    f"{', '.join(f'{column} = excluded.{column}' for column in COPIED)}",
    f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')",
]


def ensure(using="default", **kwargs):
    """After `migrate` (post_migrate): on SQLite, the index and the triggers exist, and when
    one had to be made, the search entries and the index are rebuilt from the apologies."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {name for (name,) in cursor.fetchall()}
        if "archive_archivedapology" not in existing:  # migrated only part of the way
            return
        missing = [name for name in KEPT if name not in existing]
        for name in missing:
            cursor.execute(KEPT[name])
        for statement in REBUILD if missing else []:
            cursor.execute(statement)
