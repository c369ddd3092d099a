"""Integrations stop sharing customers (issue 16): the desk's customer record remembers
which integration's details it holds, and each integration's case keeps the customer as
that integration told us.

Existing rows: what each integration told us was never kept, so the backfill assumes only
what is safe. The integration that logged a customer's first case recorded them; its cases
read that record as told. Every other integration's cases read back the email alone (no
name, company or tier): better to show an integration less than it told us than another
integration's details."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

NOTHING_TOLD = {"name": "", "company": "", "tier": None}


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Customer = apps.get_model("cases", "Customer")
    first_case = Case.objects.filter(customer=OuterRef("pk")).order_by("created_at", "id")
    Customer.objects.update(details_from=Subquery(first_case.values("source_key")[:1]))
    # a person's key is the desk, not an integration
    Customer.objects.filter(details_from__user__isnull=False).update(details_from=None)
    integrations = Case.objects.filter(source_key__isnull=False, source_key__user__isnull=True)
    record = Customer.objects.filter(pk=OuterRef("customer_id")).values(
        told=JSONObject(name="name", company="company", tier="tier"))[:1]
    recorded = Customer.objects.filter(details_from=OuterRef("source_key"),
                                       pk=OuterRef("customer_id"))
    integrations.filter(models.Exists(recorded)).update(customer_as_told=Subquery(record))
    integrations.filter(customer_as_told__isnull=True).update(customer_as_told=NOTHING_TOLD)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_idempotent_requests'),
        ('cases', '0015_single_line_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='customer_as_told',
            field=models.JSONField(blank=True, help_text="The customer's name, company and tier as the integration that logged the case gave them (what its key reads back); empty for the desk's cases", null=True),
        ),
        migrations.AddField(
            model_name='customer',
            name='details_from',
            field=models.ForeignKey(blank=True, db_index=False, help_text='The integration whose details this record holds (it may keep the tier up to date); empty once a person at the desk recorded them', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.apikey'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
