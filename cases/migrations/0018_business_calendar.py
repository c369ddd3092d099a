"""Business hours for the SLA (issue 17): the desk's calendar (one row, around the clock, so
existing desks keep 24/7 targets until a manager sets hours), its holidays, a next-update
target per severity set on the existing rows, and the managers' permissions to edit them."""

import cases.models.calendar
import datetime
import django.db.models.deletion
import recovery.text
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# severity: business minutes between updates to the customer (SlaTarget.UPDATE_FALLBACK)
UPDATE_EVERY = {"critical": 4 * 60, "high": 8 * 60, "medium": 24 * 60, "low": 48 * 60}
MANAGER_CODENAMES = ["change_businesscalendar", "view_businesscalendar", "add_holiday",
                     "change_holiday", "delete_holiday", "view_holiday"]


def forwards(apps, schema_editor):
    apps.get_model("cases", "BusinessCalendar").objects.get_or_create(pk=1)
    SlaTarget = apps.get_model("cases", "SlaTarget")
    for severity, minutes in UPDATE_EVERY.items():
        SlaTarget.objects.filter(severity=severity, update_every_minutes__isnull=True).update(
            update_every_minutes=minutes)
    # Permissions are normally created after all migrations; make them now to grant them.
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    manager = apps.get_model("auth", "Group").objects.get(name="manager")
    manager.permissions.add(*Permission.objects.filter(
        content_type__app_label="cases", codename__in=MANAGER_CODENAMES,
    ))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_desk_roles'),
        ('cases', '0017_conversation'),
    ]

    operations = [
        migrations.AddField(
            model_name='slatarget',
            name='update_every_minutes',
            field=models.PositiveIntegerField(blank=True, help_text='While the case is open the customer hears from us at least this often (business minutes)', null=True),
        ),
        migrations.AlterField(
            model_name='slatarget',
            name='first_response_minutes',
            field=models.PositiveIntegerField(help_text='Business minutes from logging the case to the first response to the customer'),
        ),
        migrations.AlterField(
            model_name='slatarget',
            name='resolution_minutes',
            field=models.PositiveIntegerField(help_text='Business minutes from logging the case to its resolution'),
        ),
        migrations.CreateModel(
            name='BusinessCalendar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('around_the_clock', models.BooleanField(default=True, help_text='SLA targets count every minute, nights and weekends included (untick to count only the hours below)')),
                ('time_zone', models.CharField(default=cases.models.calendar.default_time_zone, help_text="The desk's time zone, as an IANA name (e.g. Europe/London); hours and holidays are in it, and its summer time is followed", max_length=64, validators=[cases.models.calendar.validate_time_zone])),
                ('opens_at', models.TimeField(default=datetime.time(9, 0))),
                ('closes_at', models.TimeField(default=datetime.time(17, 0), help_text='After the opening time')),
                ('weekdays', models.JSONField(default=cases.models.calendar.default_weekdays, error_messages={'blank': 'Choose at least one weekday on which the desk is open.'}, help_text='The days the desk is open (ISO numbers: 1 is Monday, 7 is Sunday)', validators=[cases.models.calendar.validate_weekdays])),
            ],
            options={
                'verbose_name': 'business calendar',
                'verbose_name_plural': 'business calendar',
                'constraints': [models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='calendar_closes_after_it_opens')],
            },
        ),
        migrations.CreateModel(
            name='Holiday',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField()),
                ('name', models.CharField(blank=True, max_length=100, validators=[recovery.text.SingleLineValidator()])),
                ('calendar', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='holidays', to='cases.businesscalendar')),
            ],
            options={
                'ordering': ['date'],
                'constraints': [models.UniqueConstraint(fields=('calendar', 'date'), name='holiday_once_per_date')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
