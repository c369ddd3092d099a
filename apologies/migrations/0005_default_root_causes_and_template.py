"""The managed list of root causes (the contract's slugs) and the default message frame."""

from django.db import migrations

ROOT_CAUSES = [
    ("human_error", "Human error"),
    ("process", "Process"),
    ("system", "System"),
    ("supplier", "Supplier"),
    ("communication", "Communication"),
    ("other", "Other"),
]

TEMPLATE = {
    "subject": "We are sorry: {{ title }} ({{ reference }})",
    "greeting": "Dear {{ customer_name }},",
    "sign_off": "With our sincere apologies,\n{{ agent_name }}\n{{ organisation }}",
    "organisation": "Recovery Desk",
}


def seed(apps, schema_editor):
    RootCause = apps.get_model("apologies", "RootCause")
    for slug, name in ROOT_CAUSES:
        RootCause.objects.get_or_create(slug=slug, defaults={"name": name})
    apps.get_model("apologies", "MessageTemplate").objects.get_or_create(pk=1, defaults=TEMPLATE)


class Migration(migrations.Migration):
    dependencies = [("apologies", "0004_apology_steps")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
