from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_single_line_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="is_inbound",
            field=models.BooleanField(
                default=False,
                help_text="A mail server's key: it may post raw email to /api/v1/inbound-email/ "
                "and do nothing else.",
                verbose_name="inbound email only",
            ),
        ),
    ]
