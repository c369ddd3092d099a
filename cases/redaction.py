"""Taking a customer's identity out of text: their name, company and email's local part, and
any email address or phone number at all, each replaced by a mark ([customer], [company],
[email], [phone]) so the sentence still reads.

Shared by the archive (an apology published with the customer's identity removed) and
privacy (a customer's personal data erased everywhere it appears): one rule for both, so an
erased case and a published apology hide the same words.
"""

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone number: an optional +, then 7 or more digits with spaces, dots, dashes or
# parentheses between them (order numbers with letters or short codes are left alone).
PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[\s().-]{0,2}\d){6,}(?!\w)")
MIN_NAME_PART = 2  # "Al" is redacted; a single letter would mangle ordinary words


@dataclass(frozen=True)
class Identity:
    """The words that name one customer: every name, email address and company the desk
    knew them by (a customer renamed, or told differently by two integrations, has several).
    """

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    _patterns: list = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def of(cls, *, names=(), emails=(), companies=()) -> "Identity":
        def kept(values):
            return tuple(sorted({value.strip() for value in values if value and value.strip()}))
        return cls(kept(names), kept(emails), kept(companies))

    def patterns(self) -> list:
        if not self._patterns:
            self._patterns.extend(_identity(self))
        return self._patterns


def redact(text: str, identity: Identity) -> str:
    """`text` without the customer's name, company, or any email address or phone number."""
    if not text:
        return text
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
    for pattern, placeholder in identity.patterns():
        text = pattern.sub(placeholder, text)
    return text


def _identity(identity: Identity):
    """Patterns for the customer's identifying words, longest first (the full name before
    its parts). The full name, the company and the email's local part match in any case;
    a single part of the name only capitalised ("Will", "WILL"), so that a customer called
    Will Best does not take "we will do our best" with him."""
    found = {}
    whole = [(company, "[company]") for company in identity.companies]
    whole += [(name, "[customer]") for name in identity.names]
    whole += [(email.split("@")[0], "[customer]") for email in identity.emails]
    for value, placeholder in whole:
        if len(value) >= 3 and value not in found:
            found[value] = (re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE),
                            placeholder)
    for name in identity.names:
        for part in re.split(r"[\s,]+", name):
            if len(part) >= MIN_NAME_PART and part not in found:
                spelled = "|".join(re.escape(form) for form in {part.capitalize(), part.upper()})
                found[part] = (re.compile(rf"(?<!\w)(?:{spelled})(?!\w)"), "[customer]")
    return [found[value] for value in sorted(found, key=len, reverse=True)]
