from django.db import migrations

# A search ranks its matches in one backend: with parallel workers (the planner's choice
# for `refund`, 42 % of 100,000 entries) the ranked page took 29 ms instead of 15 ms on
# two busy cores, the workers' start-up and their competition with the web processes
# costing more than the split saves; and a search must answer every time, not win alone.
PARALLEL = "ALTER TABLE archive_searchentry {} (parallel_workers{})"


def serial(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PARALLEL.format("SET", " = 0"))


def planner_decides(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PARALLEL.format("RESET", ""))


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0003_search_entries"),
    ]

    operations = [
        migrations.RunPython(serial, planner_decides),
    ]
