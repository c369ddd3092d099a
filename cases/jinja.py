"""The Jinja2 environment of the hot lists (Django's own Jinja2 backend, autoescaping on).

Only the loop that repeats per row is rendered by Jinja2: the queue's 25 rows cost 4.2 ms of
CPU in Django's engine and 1.5 ms here (bench/RESULTS.md, "Floors", has the engines side by
side), while the layout and forms around them stay Django templates. The cells use the desk's
own template helpers, so both engines say the same thing the same way.
"""

from django.template import defaultfilters, engines
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment

from .choices import Severity, Stage, Status
from .templatetags import desk


def truncatechars(value, length: int) -> str:
    """Django's `truncatechars`, without its character walk when nothing is cut (most
    titles): a string no longer than `length` is never shortened."""
    value = str(value)
    return value if len(value) <= length else defaultfilters.truncatechars(value, length)


def environment(**options) -> Environment:
    env = Environment(**options)
    env.filters.update(truncatechars=truncatechars, age=desk.age, stamp=desk.stamp)
    env.globals.update(due_clock=desk.due_clock, sla_clock=desk.sla_clock)
    return env


def rows_html(rows) -> SafeString:
    """The queue's rows as HTML for its Django template: Jinja2 escaped every value. The
    choices' labels are read once a page (in the active language), not once a cell."""
    labels = {name: {value: str(label) for value, label in choices}
              for name, choices in (("stage", Stage.choices), ("status", Status.choices),
                                    ("severity", Severity.choices))}
    template = engines["jinja2"].get_template("cases/queue_rows.html")
    return mark_safe(template.render(  # nosec: Jinja2 escaped every value
        {"rows": rows, "now": timezone.now(), "labels": labels}))
