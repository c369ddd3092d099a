"""Managers keep the root-cause list and the message template in the admin, and can read
approvals and sent apologies there."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_rootcause", "change_rootcause", "view_rootcause",
    "change_messagetemplate", "view_messagetemplate",
    "view_remedyapproval", "view_apologymessage",
]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("apologies")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    manager = apps.get_model("auth", "Group").objects.get(name="manager")
    manager.permissions.add(*Permission.objects.filter(
        content_type__app_label="apologies", codename__in=CODENAMES,
    ))


class Migration(migrations.Migration):
    dependencies = [("apologies", "0005_default_root_causes_and_template")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
