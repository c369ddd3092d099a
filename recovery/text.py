"""Single-line text: the check for fields that hold one line, and the fold for text that
must be one line (an email's subject).

A line break in a title or a name is never meant, and it is harmful where the text becomes
a header: Django refuses to send an email whose subject has CR or LF (BadHeaderError), so
one such title stopped every notification about its case, retried for two days. The
check refuses every control character (C0, DEL, C1, which includes tabs and NEL) and the
Unicode line and paragraph separators; the fold turns any run of them, or of whitespace,
into one space.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SINGLE_LINE_MESSAGE = "Use a single line: no line breaks, tabs or other control characters."


@deconstructible
class SingleLineValidator:
    """On a model field (so ModelForms, the admin and ModelSerializers share it) and on
    the forms and serializers that declare their own fields."""

    message = SINGLE_LINE_MESSAGE
    code = "single_line"

    def __call__(self, value):
        if isinstance(value, str) and CONTROL.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)

    def __hash__(self):
        return hash(self.code)


single_line = SingleLineValidator()


def one_line(text: str) -> str:
    """`text` on one line: control characters and runs of whitespace become one space."""
    return " ".join(CONTROL.sub(" ", text).split())


# Text of many lines (a message to the customer): line breaks and tabs are meant, the other
# control characters never are (a NUL cannot even be stored in PostgreSQL).
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
PLAIN_TEXT_MESSAGE = "Remove the control characters from the text."


@deconstructible
class PlainTextValidator:
    message = PLAIN_TEXT_MESSAGE
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and CONTROL_IN_TEXT.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator)

    def __hash__(self):
        return hash(self.code)


plain_text = PlainTextValidator()
