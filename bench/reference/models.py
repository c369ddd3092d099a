from django.db import models
from django.utils import timezone

# bench/load.py creates (and refills) the table; the reference app has no migrations.
TABLE_SQL = """
CREATE TABLE IF NOT EXISTS bench_reference_row (
    id bigserial PRIMARY KEY,
    title varchar(200) NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL
)
"""


class Row(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "bench_reference_row"
