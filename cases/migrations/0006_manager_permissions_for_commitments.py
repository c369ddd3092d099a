"""Managers see and correct commitments (owner, due date, kept) in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["change_commitment", "view_commitment"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    manager = apps.get_model("auth", "Group").objects.get(name="manager")
    manager.permissions.add(*Permission.objects.filter(
        content_type__app_label="cases", codename__in=CODENAMES,
    ))


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_commitments_notifications"), ("accounts", "0002_desk_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
