from django.db import models
from django.utils import timezone

# bench/load.py creates (and refills) the table (reference/table.py): no migrations here.

class Row(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "bench_reference_row"

    def __str__(self):
        return self.title
