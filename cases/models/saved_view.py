"""A saved view of the queue: a name for a set of filters, sort and search
(`cases.saved_views` validates and writes them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from recovery.text import single_line


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, person):
        """Their own views and the desk's shared ones."""
        return self.filter(Q(owner=person) | Q(shared=True))


class SavedView(models.Model):
    """The queue's query string as it was saved (only the queue's filters, checked by
    `QueueFilter`); opening the view opens the queue with exactly that query. Personal
    (only its owner sees it) or shared with everyone at the desk (a manager's choice)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="saved_views")
    name = models.CharField(max_length=60, validators=[single_line])
    query = models.CharField(max_length=2000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("name"), "owner",
                                               name="saved_view_name_per_owner")]
        indexes = [models.Index("name", name="saved_view_shared_idx", condition=Q(shared=True))]

    def __str__(self):
        return f"{self.name} ({self.owner})"

    @property
    def url(self) -> str:
        """The queue with exactly this view's query."""
        queue = reverse("cases:queue")
        return f"{queue}?{self.query}" if self.query else queue
