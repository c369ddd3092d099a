"""A lexicon finding, where it is in the text as written."""

from dataclasses import asdict, dataclass

from .models import PhraseKind


@dataclass(frozen=True)
class Finding:
    start: int  # offsets into the text as given
    end: int
    text: str
    kind: str
    category: str
    message: str
    suggestion: str
    rule: str

    @property
    def blocking(self) -> bool:
        return self.kind == PhraseKind.BANNED

    @property
    def key(self) -> str:
        """Names the finding, the same for the same words in the same text: a caution is
        confirmed by its key (`cautions`)."""
        return f"{self.rule}@{self.start}-{self.end}"

    def as_dict(self) -> dict:
        return {**asdict(self), "blocking": self.blocking, "key": self.key}


def quoted_words(findings) -> str:
    """The words found, quoted, for a refusal's message ("“it's our policy”, “calm down”")."""
    return ", ".join(f"“{f.text}”" for f in findings if f.text) or "the wording"


def finding_at(norm, match, text, kind, category, message, suggestion, rule) -> Finding:
    """A finding for `match` in normalised text `norm`, pointing into the original `text`
    (leading spaces and punctuation left out)."""
    start, end = match.start(), match.end()
    while start < end and not norm.text[start].isalnum():
        start += 1
    start, end = norm.span(start, end)
    return Finding(start=start, end=end, text=text[start:end], kind=kind, category=category,
                   message=message, suggestion=suggestion, rule=rule)


def whole_text(kind, category, message, suggestion, rule) -> Finding:
    """A finding about the text as a whole (something missing), anchored at its start."""
    return Finding(start=0, end=0, text="", kind=kind, category=category, message=message,
                   suggestion=suggestion, rule=rule)
