
import cases.models.notification
import django.core.validators
from django.db import migrations, models


def quiet_to_emails(apps, schema_editor):
    """The groups a person had turned off (`quiet`) are "not by email"; the rest stay
    "email at once", as they were."""
    Choices = apps.get_model("cases", "NotificationChoices")
    for choices in Choices.objects.exclude(quiet=[]):
        choices.emails = {key: "off" for key in choices.quiet}
        choices.save(update_fields=["emails"])


def emails_to_quiet(apps, schema_editor):
    """Backwards: any group not emailed at once (off, or in a digest) was quiet."""
    Choices = apps.get_model("cases", "NotificationChoices")
    for choices in Choices.objects.exclude(emails={}):
        choices.quiet = [key for key, mode in choices.emails.items() if mode != "now"]
        choices.save(update_fields=["quiet"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0023_saved_views'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='email_claimed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notificationchoices',
            name='digest_claimed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notificationchoices',
            name='digest_hour',
            field=models.PositiveSmallIntegerField(default=cases.models.notification.default_digest_hour, validators=[django.core.validators.MaxValueValidator(23)]),
        ),
        migrations.AddField(
            model_name='notificationchoices',
            name='emails',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='notificationchoices',
            name='last_digest_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(quiet_to_emails, emails_to_quiet),
        migrations.RemoveField(
            model_name='notificationchoices',
            name='quiet',
        ),
    ]
