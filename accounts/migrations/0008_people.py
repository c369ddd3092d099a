"""The People pages' record of changes, and the admin for superusers only: managers were
staff so the admin would let them in; now the desk's own pages serve them, and no desk role
is staff (SECURITY.md)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def managers_are_not_staff(apps, schema_editor):
    apps.get_model("accounts", "User").objects.filter(
        is_staff=True, is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_two_factor_session_salt"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeopleChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("what", models.CharField(choices=[("invited", "Invited"), ("invitation_resent", "Invitation sent again"), ("password_set", "Set their password"), ("name", "Name"), ("role", "Role"), ("approval_limit", "Approval limit"), ("deactivated", "Deactivated"), ("reactivated", "Reactivated"), ("api_key_issued", "Issued an API key"), ("api_key_revoked", "Revoked an API key")], max_length=20)),
                ("from_value", models.CharField(blank=True, max_length=200)),
                ("to_value", models.CharField(blank=True, max_length=200)),
                ("note", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                ("by", models.ForeignKey(blank=True, help_text="Empty: the person themselves", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="people_changes", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["person", "-at"], name="people_change_person_idx")],
            },
        ),
        migrations.RunPython(managers_are_not_staff, migrations.RunPython.noop),
    ]
