"""The queue: an expression index for its default order (what is due soonest), one for its
order by step, one on customers for its order by customer, and a trigram index on the
reference for partial-reference search ("2026-000013", "13"), PostgreSQL only like the
search indexes of 0003 (SQLite scans)."""

import datetime
import django.db.models.functions.comparison
import django.db.models.functions.text
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
            index=models.Index(models.Case(models.When(status__in=['open', 'apology_sent', 'resolved'], then=django.db.models.functions.comparison.Least(models.Case(models.When(first_responded_at__isnull=True, then=models.F('first_response_due_at')), default=models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))), models.Case(models.When(models.Q(('resolved_at__isnull', True), ('waiting_on_customer_since__isnull', True)), then=django.db.models.functions.comparison.Least(django.db.models.functions.comparison.Coalesce(models.F('next_update_due_at'), models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))), models.F('resolution_due_at'))), default=models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))))), default=models.Value(datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))), models.F('id'), name='case_due_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.Case(models.When(stage='restore_value', then=models.Value(0)), models.When(stage='acknowledge', then=models.Value(1)), models.When(stage='explain', then=models.Value(2)), models.When(stage='fix', then=models.Value(3)), models.When(stage='regret', then=models.Value(4)), models.When(stage='ready', then=models.Value(5)), models.When(stage='sent', then=models.Value(6)), output_field=models.IntegerField()), models.F('created_at'), models.F('id'), condition=models.Q(('status__in', ['open', 'apology_sent', 'resolved'])), name='case_step_idx'),
        ),
        migrations.AddIndex(
            model_name='customer',
            index=models.Index(django.db.models.functions.text.Lower(django.db.models.functions.comparison.Coalesce(django.db.models.functions.comparison.NullIf(models.F('name'), models.Value('')), models.F('email'))), models.F('id'), name='customer_sort_idx'),
        ),
        migrations.RunPython(create_reference_trgm, drop_reference_trgm),
    ]
