"""Managers curate the lexicon, in the desk and in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("apologies")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    manager = apps.get_model("auth", "Group").objects.get(name="manager")
    manager.permissions.add(*Permission.objects.filter(
        content_type__app_label="apologies",
        codename__in=["add_phrase", "change_phrase", "delete_phrase", "view_phrase"],
    ))


class Migration(migrations.Migration):
    dependencies = [("apologies", "0002_default_lexicon"), ("accounts", "0002_desk_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
