"""The API's JSON parser: DRF's, refusing text the database cannot store.

JSON's escapes can decode to a NUL (`\\u0000`) or to an unpaired surrogate (`\\ud800`).
Both parse, and DRF's text fields refuse a NUL, but not its lookups (a category slug, an
assignee's email) and nothing refuses a surrogate: they would reach the query and fail
there as a server error. Refused here, each is a 400 naming the field, in DRF's shape.
"""

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser


class StorableJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
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
