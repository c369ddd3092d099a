"""Every email's subject now starts with the case reference in brackets
(`conversation.outbox.tagged_subject`): the default subject no longer repeats it."""

from django.db import migrations

OLD = "We are sorry: {{ title }} ({{ reference }})"
NEW = "We are sorry: {{ title }}"


def forwards(apps, schema_editor):
    apps.get_model("apologies", "MessageTemplate").objects.filter(subject=OLD).update(subject=NEW)


def backwards(apps, schema_editor):
    apps.get_model("apologies", "MessageTemplate").objects.filter(subject=NEW).update(subject=OLD)


class Migration(migrations.Migration):
    dependencies = [("apologies", "0009_single_line_fields")]
    operations = [migrations.RunPython(forwards, backwards)]
