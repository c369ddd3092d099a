"""Sections other apps add to the case page, so the page can show the apology without
`cases` importing `apologies` (imports point one way). An app registers a function in its
`AppConfig.ready`; the function takes (request, case) and returns a context dict with a
`template` to include, or None to add nothing."""

_sections = []


def register(section):
    _sections.append(section)
    return section


def sections(request, case) -> list[dict]:
    return [section for section in (build(request, case) for build in _sections) if section]
