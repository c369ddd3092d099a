"""The apologies sent before the conversation existed become its messages, so every case's
conversation is whole (and an apology still waiting for its email is sent by the sweep)."""

from django.db import migrations


def forwards(apps, schema_editor):
    ApologyMessage = apps.get_model("apologies", "ApologyMessage")
    Message = apps.get_model("conversation", "Message")
    sent = set(Message.objects.filter(kind="apology").values_list("case_id", flat=True))
    batch = []
    for apology in ApologyMessage.objects.iterator(chunk_size=2000):
        if apology.case_id in sent:
            continue
        batch.append(Message(
            case_id=apology.case_id, direction="out", kind="apology", subject=apology.subject,
            body=apology.text, html=apology.html, author_id=apology.sent_by_id,
            address=apology.to_email, message_id=apology.message_id,
            state="sent" if apology.delivered_at else "queued",
            state_changed_at=apology.delivered_at, created_at=apology.sent_at,
            sent_at=apology.delivered_at,
        ))
        if len(batch) >= 2000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("conversation", "0001_initial"),
        ("apologies", "0009_single_line_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
