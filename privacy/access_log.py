"""The access log: who looked at, exported or erased which customer's data (ISO 10002's
confidentiality, GDPR's accountability). One INSERT per entry; a view already logged this
hour by the same person for the same customer is not logged again (the unique index, and
ON CONFLICT DO NOTHING, decide it in the same statement: no read first)."""

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.actors import actor_fields

from .models import AccessRecord, Action


def record(by, customer_id: int, action: Action, *, case_id=None, at=None) -> None:
    """One statement, on every case and customer page: `bulk_create(ignore_conflicts=True)`
    says the same but wraps it in a transaction of its own (BEGIN, INSERT, COMMIT)."""
    at = at or timezone.now()
    who = actor_fields(by)
    values = {"at": at, "hour": at.replace(minute=0, second=0, microsecond=0),
              "customer": customer_id, "case": case_id, "action": action,
              "person": getattr(who["actor"], "pk", None),
              "api_key": getattr(who["api_key"], "pk", None)}
    fields = [AccessRecord._meta.get_field(name) for name in values]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AccessRecord._meta.db_table)} "  # nosec: names from the model
            f"({', '.join(quote(field.column) for field in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING",
            [field.get_db_prep_value(value, connection)
             for field, value in zip(fields, values.values(), strict=True)])


def search(*, person=None, customer="", action="", since=None, until=None):
    """The log, newest first, narrowed by the page's filters (each served by an index)."""
    records = AccessRecord.objects.select_related("person", "customer", "case", "api_key")
    if person is not None:
        records = records.filter(person=person)
    if customer:
        records = records.filter(customer_matching(customer))
    if action:
        records = records.filter(action=action)
    if since is not None:
        records = records.filter(at__date__gte=since)
    if until is not None:
        records = records.filter(at__date__lte=until)
    return records


def customer_matching(text: str):
    """Customers a manager's search names: by id (#12 or 12), else by email or name."""
    text = text.strip().lstrip("#")
    if text.isdigit():
        return Q(customer_id=int(text))
    return Q(customer__email__icontains=text) | Q(customer__name__icontains=text)
