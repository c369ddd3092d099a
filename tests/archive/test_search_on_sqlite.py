"""The archive's search on the embedded desk (SQLite) answers as on PostgreSQL: the query
read the same way, the same apologies found. The SQLite half runs in a pytest of its own
(`sqlite_search_checks.py`, with `DATABASE_URL=sqlite:///…`); the PostgreSQL half here."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.embedded_search import parse

from .sqlite_search_checks import SYNTAX, _titles, archive  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("query, groups", [
    ('late delivery refund, "wrong size", -voucher',
     [(['"late"', '"delivery"', '"refund"', '"wrong size"'], ['"voucher"'])]),
    ("a b or c", [(['"b"'], []), (['"c"'], [])]),  # `a`: a stop word, as on PostgreSQL
    ('x -y -"z w" or -v', [(['"x"'], ['"y"', '"z w"']), ([], ['"v"'])]),
    ('"the size of the shoe"', [(['"size of the shoe"'], [])]),
    ('wi-fi "unclosed', [(['"wi fi"', '"unclosed"'], [])]),
    ("the and of", []), ("or", []), ("-", []), ('""', []), ("", []),
    ('NEAR(a b) col:x "q"*', [(['"near"', '"b"', '"col x"', '"q"'], [])]),  # no FTS5 syntax
])
def test_the_query_is_read_as_postgresql_reads_it(query, groups):
    assert parse(query) == groups


@pytest.mark.django_db
def test_postgresql_gives_the_answers_sqlite_is_held_to(agent_api, archive):  # noqa: F811
    answers = {query: set(_titles(agent_api, query)) for query, _ in SYNTAX}
    assert answers == dict(SYNTAX)
    assert _titles(agent_api, 'late delivery refund, "wrong size", -voucher') == [
        "Wrong size sent twice"]


def test_the_search_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}"}
    env.pop("REDIS_URL", None)  # the embedded desk's broker, as `make run` has it
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/archive/sqlite_search_checks.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout
