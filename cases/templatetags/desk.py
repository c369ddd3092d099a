"""Small display helpers for cases: durations, SLA clocks, severity badges."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def duration(delta) -> str:
    """A timedelta as the two largest units: "3d 4h", "2h 5m", "12m"."""
    seconds = abs(int(delta.total_seconds()))
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes = seconds // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


@register.simple_tag
def sla_clock(due_at, met_at=None, now=None):
    """Time left to a target, "overdue by …", or when it was met."""
    now = now or timezone.now()
    if met_at is not None:
        late = met_at > due_at
        text = "met late" if late else "met"
        css = "overdue" if late else "text-success"
        return format_html('<span class="{}">{}</span>', css, text)
    remaining = due_at - now
    if remaining.total_seconds() < 0:
        return format_html('<span class="overdue">overdue {}</span>', duration(remaining))
    return format_html("<span>{} left</span>", duration(remaining))


@register.simple_tag
def due_clock(case, now=None):
    """The queue's "Due" cell: the target the case must meet next and how long is left, or
    how long ago it was due, in words ("2h 5m overdue"), not in colour alone."""
    due = case.next_due
    if due is None:
        return mark_safe('<span class="text-secondary">—<span class="visually-hidden"> '  # nosec
                         "nothing due</span></span>")  # constant text
    remaining = due.at - (now or timezone.now())
    if remaining.total_seconds() < 0:
        when = format_html('<span class="overdue" title="{}">{} overdue</span>',
                           stamp(due.at), duration(remaining))
    else:
        when = format_html('<span title="{}">in {}</span>', stamp(due.at), duration(remaining))
    return format_html('<div class="small text-secondary">{}</div>{}', due.what, when)


@register.simple_tag
def severity_badge(case):
    return format_html(
        '<span class="badge sev-{}">{}</span>', case.severity, case.get_severity_display()
    )


@register.filter
def age(created_at) -> str:
    return duration(timezone.now() - created_at)


@register.filter
def stamp(moment) -> str:
    """A date and time in the desk's zone, "1 Dec 2026, 13:24": in every row of the queue,
    where Django's localised `date` formatting costs more than the rest of the row."""
    return timezone.localtime(moment).strftime("%d %b %Y, %H:%M").lstrip("0")


# What each page's keys do (static/js/shortcuts.js), listed in its help dialog.
SHORTCUTS = {
    "queue": [
        (("j",), "Choose the next case in the list"),
        (("k",), "Choose the previous case"),
        (("Enter",), "Open the chosen case"),
        (("/",), "Search the queue"),
    ],
    "case": [
        (("j",), "Go to the next section of the case (the apology, its steps, the timeline…)"),
        (("k",), "Go to the previous section"),
        (("n",), "Write a note"),
        (("/",), "Search the queue"),
    ],
}


@register.simple_tag
def shortcuts(page: str):
    return SHORTCUTS[page]


@register.simple_tag(takes_context=True)
def with_param(context, name, value=""):
    """This page's query with `name` set to `value` (or left out when empty), keeping the
    rest: paging the timeline back keeps the conversation where it is, and the other way
    round. Escaped by the template (`{% with_param ... %}` in an href)."""
    query = context["request"].GET.copy()
    query.pop(name, None)
    if value:
        query[name] = value
    return f"?{query.urlencode()}"
