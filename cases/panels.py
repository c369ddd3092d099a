"""Sections other apps add to the case page, so the page can show the apology without
`cases` importing `apologies` (imports point one way). An app registers a function in its
`AppConfig.ready`; the function takes (request, case) and returns a context dict with a
`template` to include, or None to add nothing.

A section may also offer the page's stepper (the five steps and their state), as the
apology's does: a `stepper` list in its dict. The stepper and the apology's section are then
read from one state of the apology, so they cannot disagree.

Banners are the same kind of function, shown at the top of the page: what the agent must
know before anything else (the customer reopened the case, cannot be reached, …)."""

_sections = []
_banners = []
_readings = []


def register(section):
    _sections.append(section)
    return section


def register_banner(banner):
    _banners.append(banner)
    return banner


def register_reading(reading):
    """`reading(cases)` returns the case page's queryset reading more with the case (a
    `select_related` of the app's one-to-one row, say), so a section need not query again."""
    _readings.append(reading)
    return reading


def read_with_the_case(cases):
    for reading in _readings:
        cases = reading(cases)
    return cases


def _built(builders, request, case) -> list[dict]:
    return [part for part in (build(request, case) for build in builders) if part]


def sections(request, case) -> list[dict]:
    return _built(_sections, request, case)


def banners(request, case) -> list[dict]:
    return _built(_banners, request, case)


def stepper(built_sections) -> list[dict]:
    """The stepper offered by one of the page's sections (the apology's), or none."""
    return next((part["stepper"] for part in built_sections if part.get("stepper")), [])


# The customer page (`cases.customer_page`) is composed the same way: an app registers a
# function taking (request, customer) that returns a context dict with a `template`, or None.
# Each such section reads in a fixed number of queries, however many cases the customer has.
_customer_sections = []


def register_customer_section(section):
    _customer_sections.append(section)
    return section


def customer_sections(request, customer) -> list[dict]:
    return _built(_customer_sections, request, customer)
