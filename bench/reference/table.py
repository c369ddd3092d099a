"""The reference app's one table, created by bench/load.py (the app has no migrations)."""

TABLE_SQL = """
CREATE TABLE IF NOT EXISTS bench_reference_row (
    id bigserial PRIMARY KEY,
    title varchar(200) NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL
)
"""
