"""The public page of published apologies and its Atom feed: no sign-in, and only the
redacted public title and text (with the category and the date) ever shown."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from .models import ArchivedApology

PUBLIC_FIELDS = ["id", "public_title", "public_text", "published_at", "category__name"]


def _published():
    return (ArchivedApology.objects.filter(published_at__isnull=False)
            .select_related("category").only(*PUBLIC_FIELDS).order_by("-published_at", "-id"))


def published(request):
    page = Paginator(_published(), 20).get_page(request.GET.get("page"))
    return render(request, "archive/public_list.html", {"page": page})


def published_one(request, pk):
    return render(request, "archive/public_detail.html",
                  {"apology": get_object_or_404(_published(), pk=pk)})


class PublishedFeed(Feed):
    feed_type = Atom1Feed
    title = "Our apologies"
    subtitle = "When we fail a customer we say so, fix it, and say what we changed."
    link = reverse_lazy("archive:public")

    def items(self):
        return _published()[:50]

    def item_title(self, item):
        return item.public_title

    def item_description(self, item):
        # Atom's summary is type="html": escape the text, so readers show it, never run it
        return linebreaks(item.public_text, autoescape=True)

    def item_link(self, item):
        return reverse("archive:public-detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.category.name]
