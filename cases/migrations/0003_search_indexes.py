"""Trigram indexes for the queue's search box (PostgreSQL only; SQLite scans instead).

They match the SQL Django writes for `icontains`: UPPER(column::text) LIKE UPPER(%s).
"""

from django.db import migrations

INDEXES = {
    "case_title_trgm_idx": ("cases_case", "title"),
    "customer_email_trgm_idx": ("cases_customer", "email"),
    "customer_name_trgm_idx": ("cases_customer", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_default_data")]
    operations = [migrations.RunPython(create, drop)]
