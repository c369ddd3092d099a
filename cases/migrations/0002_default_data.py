"""Categories, SLA targets and the managers' admin permissions every desk starts with."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATEGORIES = [
    ("shipping", "Shipping and delivery"),
    ("billing", "Billing and payments"),
    ("product_quality", "Product quality"),
    ("outage", "Outage"),
    ("staff_conduct", "Staff conduct"),
    ("other", "Other"),
]

# severity: (minutes to first response, minutes to resolution)
SLA_TARGETS = {
    "critical": (60, 24 * 60),
    "high": (4 * 60, 3 * 24 * 60),
    "medium": (8 * 60, 5 * 24 * 60),
    "low": (24 * 60, 10 * 24 * 60),
}

MANAGER_PERMISSIONS = {
    "cases": {
        "category": ["add", "change", "delete", "view"],
        "slatarget": ["add", "change", "view"],
        "customer": ["change", "view"],
        "case": ["view"],
        "caseevent": ["view"],
    },
    "accounts": {"user": ["view", "change"], "apikey": ["add", "change", "view"]},
}


def forwards(apps, schema_editor):
    for slug, name in CATEGORIES:
        apps.get_model("cases", "Category").objects.get_or_create(slug=slug, defaults={"name": name})
    for severity, (respond, resolve) in SLA_TARGETS.items():
        apps.get_model("cases", "SlaTarget").objects.get_or_create(
            severity=severity,
            defaults={"first_response_minutes": respond, "resolution_minutes": resolve},
        )
    # Permissions are normally created after all migrations; make them now to grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    manager = apps.get_model("auth", "Group").objects.get(name="manager")
    for app_label, models in MANAGER_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            manager.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("accounts", "0002_desk_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
