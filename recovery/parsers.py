"""The API's JSON parser: DRF's, refusing text the database cannot store.

JSON's escapes can decode to a NUL (`\\u0000`) or to an unpaired surrogate (`\\ud800`).
Both parse, and DRF's text fields refuse a NUL, but not its lookups (a category slug, an
assignee's email) and nothing refuses a surrogate: they would reach the query and fail
there as a server error. Refused here, each is a 400 naming the field, in DRF's shape.

Nesting is bounded too: Python's decoder recurses once per level, so ~1,000 levels raised
RecursionError (a 500), and fewer would still make every later walk (ours, a serializer's)
recurse as deep. No body the API takes is more than a few levels deep, so more than
MAX_JSON_DEPTH is a 400 before anything else looks at the value.
"""

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32
TOO_DEEP = f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."


class StorableJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # the decoder itself gave up: far deeper than the limit
            raise ParseError(TOO_DEEP) from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise ParseError(TOO_DEEP)
        for path, text in _texts(data, ()):
            problem = _unstorable(text)
            if problem is None:
                continue
            if not path:
                raise ParseError(f"JSON parse error - {problem}")
            detail = [problem]
            for name in reversed(path):
                detail = {name: detail}
            raise ValidationError(detail)
        return data


def _unstorable(text: str) -> str | None:
    if "\x00" in text:
        return "Null characters are not allowed."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Unpaired surrogate characters (\\ud800-\\udfff) are not allowed."
    return None


def _depth(value) -> int:
    """How many arrays and objects deep a parsed value goes, counted with a stack (not
    recursion), stopping as soon as it is past the limit."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


def _texts(value, path):
    """(path, text) for every string in a parsed JSON value; a key is reported at its
    parent's path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path, key
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, str(index)))
