"""The reminder policy's one row, so managers find it in the admin, and their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("cases", "ReminderPolicy").objects.get_or_create(pk=1)
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    manager = apps.get_model("auth", "Group").objects.get(name="manager")
    manager.permissions.add(*Permission.objects.filter(
        content_type__app_label="cases",
        codename__in=["change_reminderpolicy", "view_reminderpolicy", "view_reminder",
                      "view_survey"],
    ))


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_notification_unemailed_index"), ("accounts", "0002_desk_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
