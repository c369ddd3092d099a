"""What the queue's bulk bar and saved views need to draw themselves, read where they are
included (`cases/_bulk_actions.html`, `cases/_saved_views.html`), so the queue's view stays
as it is. One query for the saved views; the bulk bar reuses the people the assignee filter
read, and asks each registered action for its options (incidents: one query)."""

from django import template

from .. import bulk, saved_views
from ..models import SavedView

register = template.Library()


@register.simple_tag(takes_context=True)
def bulk_bar(context) -> list[dict]:
    return [{"action": action, "options": None if action.options is None
             else [(str(value), label) for value, label in action.options(context)]}
            for action in bulk.actions()]


@register.simple_tag(takes_context=True)
def saved_views_bar(context) -> dict:
    """The views this person sees (theirs, then the desk's shared ones), which of them is
    on screen now, and the query "Save this view" would save."""
    request = context["request"]
    person = request.user
    current = saved_views.query_of(request.GET)
    views = sorted(SavedView.objects.visible_to(person).only("name", "query", "shared",
                                                             "owner_id"),
                   key=lambda view: (view.owner_id != person.pk, view.name.casefold()))
    marked = next((view.pk for view in views if view.query == current), None)
    return {"views": [(view, view.pk == marked) for view in views], "query": current,
            "may_share": person.is_manager, "full": sum(
                1 for view in views if view.owner_id == person.pk) >= saved_views.MAX_PER_PERSON}
