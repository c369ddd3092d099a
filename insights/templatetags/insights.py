"""Table cells of the insights figures: numbers right-aligned and rounded, no value as "—",
a case as its link."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

from ..figures import Link, is_number

register = template.Library()


@register.filter
def cell(value):
    if value is None:
        return "—"
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, value.text)
    if isinstance(value, date):
        return date_format(value, "j M Y")
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


register.filter("numeric", is_number)
