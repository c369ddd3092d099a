"""Customers' links become random tokens kept hashed (`CustomerLink`), and the customer
reads a title of their own: the case's `customer_title`, else its category's wording."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

# What the customer reads for the categories every desk starts with (0002), where a
# manager has not written something else.
WORDING = {
    "shipping": "Your delivery",
    "billing": "Your bill",
    "product_quality": "A problem with your order",
    "outage": "The interruption to our service",
    "staff_conduct": "How we treated you",
    "other": "The problem you reported",
}


def fill_wording(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    for slug, wording in WORDING.items():
        Category.objects.filter(slug=slug, customer_wording="").update(customer_wording=wording)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0013_lean_write_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='customer_title',
            field=models.CharField(blank=True, help_text="What the customer reads as the title (status page, emails); blank: the category's wording", max_length=200),
        ),
        migrations.AddField(
            model_name='category',
            name='customer_wording',
            field=models.CharField(blank=True, help_text='What the customer reads as the title of a case of this kind, unless the agent writes one (e.g. “Your delivery”)', max_length=200),
        ),
        migrations.CreateModel(
            name='CustomerLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('status', 'Status page'), ('survey', 'Survey')], max_length=10)),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('expires_at', models.DateTimeField()),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='customer_links', to='cases.case')),
            ],
        ),
        migrations.RunPython(fill_wording, migrations.RunPython.noop),
    ]
