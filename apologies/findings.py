"""A lexicon finding, and the text folding that both kinds of check share."""

import unicodedata
from dataclasses import asdict, dataclass

from .models import PhraseKind

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


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

    def as_dict(self) -> dict:
        return {**asdict(self), "blocking": self.blocking}


def fold(text: str) -> str:
    """Lower-case, straight apostrophes, compatibility forms; same length as the input, so
    offsets found in the folded text point into the original."""
    folded = []
    for char in text:
        simple = unicodedata.normalize("NFKC", char).translate(APOSTROPHES).lower()
        folded.append(simple if len(simple) == 1 else char)  # keep offsets aligned
    return "".join(folded)


