"""What erasing does to words: text is redacted (`cases.redaction`), the customer's own words
are removed, and JSON keeps its shape and its numbers, dates and codes while its text is
redacted. Numbers and dates never change, so the figures on /insights/ stay as they were."""

import re

from cases.redaction import Identity, redact

ERASED = "[erased]"
# JSON values that are codes, amounts or times, not words: a customer called Blame, or an
# amount of 1234567.00 that looks like a phone number, must not change what is counted.
CODE_KEYS = {"category", "kind", "key", "step", "code", "status", "state", "severity",
             "channel", "remedy_type", "extra_type", "root_cause", "event", "tier",
             "currency", "reference", "stage", "outcome", "direction", "content_type"}
NOT_WORDS = re.compile(r"[-+]?\d+(?:\.\d+)?|\d{4}-\d\d-\d\d(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")


def own_words(text: str) -> str:
    """What the customer wrote themselves: gone entirely (the mark says something was)."""
    return ERASED if text else text


def redacted_json(value, identity: Identity):
    """`value` (parsed JSON) with the text of its strings redacted; keys, numbers, dates and
    codes kept."""
    if isinstance(value, dict):
        return {key: value[key] if key in CODE_KEYS else redacted_json(value[key], identity)
                for key in value}
    if isinstance(value, list):
        return [redacted_json(item, identity) for item in value]
    if isinstance(value, str) and not NOT_WORDS.fullmatch(value.strip()):
        return redact(value, identity)
    return value


def redacted_fields(row, names, identity: Identity) -> list[str]:
    """Redact the text fields `names` of `row` in place; the names of those that changed."""
    changed = []
    for name in names:
        before = getattr(row, name)
        after = redact(before, identity)
        if after != before:
            setattr(row, name, after)
            changed.append(name)
    return changed
