"""The queue: a partial expression index for its default order (what is due soonest, over
the active cases), and a trigram index on the reference for partial-reference search
("2026-000013", "13"), PostgreSQL only like the search indexes of 0003 (SQLite scans)."""

import datetime
import django.db.models.functions.comparison
from django.db import migrations, models


def create_reference_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # `reference__endswith` is `reference::text LIKE '%-000013'`; the cast of a varchar
        # is a relabelling the planner sees through, so the plain column is indexed.
        schema_editor.execute("CREATE INDEX IF NOT EXISTS case_reference_trgm_idx "
                              "ON cases_case USING gin (reference gin_trgm_ops)")


def drop_reference_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_reference_trgm_idx")


class Migration(migrations.Migration):

    dependencies = [("cases", "0021_notification_choices")]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(django.db.models.functions.comparison.Least(models.Case(models.When(first_responded_at__isnull=True, then=models.F('first_response_due_at')), default=models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))), models.Case(models.When(models.Q(('resolved_at__isnull', True), ('waiting_on_customer_since__isnull', True)), then=django.db.models.functions.comparison.Least(django.db.models.functions.comparison.Coalesce(models.F('next_update_due_at'), models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))), models.F('resolution_due_at'))), default=models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc)))), models.F('id'), condition=models.Q(('status__in', ['open', 'apology_sent', 'resolved'])), name='case_due_idx'),
        ),
        migrations.RunPython(create_reference_trgm, drop_reference_trgm),
    ]
