"""Text as the lexicon reads it, with a map back to the text as written.

Banned wording hidden with invisible or look-alike characters must still be caught: a
zero-width space or a soft hyphen inside "pol\u200bicy", a Cyrillic "о" in "pоlicy", combining
accents, a dotless "ı", full-width letters. Each character is normalised on its own:

1. format and control characters (Unicode category Cf, Cc but line breaks) and combining
   marks are removed;
2. compatibility forms are decomposed (NFKD: "ﬁ" → "fi", full-width → ASCII) and the
   accents dropped;
3. letters are case-folded ("ß" → "ss");
4. any character still outside ASCII is replaced by its ASCII prototype from the Unicode
   confusables table (TR39, through `confusable_homoglyphs`): Cyrillic "о" → "o". ASCII is
   left alone (TR39 would turn "1" into "l" and break "100%" and "48 hours");
5. curly apostrophes become straight ones, "%" the word "percent", and contractions are
   written out ("doesn't" → "does not", "you'd" → "you would"), so a pattern written either
   way matches text written either way.

`normalise(text)` returns the normalised text and, for every character of it, the index of
the character of the original it came from; `span(start, end)` turns a match in the one into
the words of the other, so a finding always points at what the person wrote.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import confusables

APOSTROPHES = {"’", "‘", "`", "´", "ʼ", "′", "ʹ", "＇"}
KEEP = {"\n", "\t"}  # line breaks end sentences; everything else invisible goes

# Written out in both the text and the patterns. "'d" is usually "would" in an apology
# ("you'd need to ask"); "'s" only after the words where it means "is".
CONTRACTIONS = [
    (re.compile(r"\bcan'?not\b|\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"\b([a-z]+)n't\b"), r"\1 not"),
    (re.compile(r"\b(it|that|there|here|what|who|he|she|where|how|this|everything|nothing"
                r"|one)'s\b"),
     r"\1 is"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\b([a-z]+)'re\b"), r"\1 are"),
    (re.compile(r"\b([a-z]+)'ve\b"), r"\1 have"),
    (re.compile(r"\b([a-z]+)'ll\b"), r"\1 will"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\b(i|you|we|they|he|she|it|that)'d\b"), r"\1 would"),
]


@lru_cache(maxsize=4096)
def _char(char: str) -> str:
    """What one character of the original becomes (possibly nothing, possibly several)."""
    if char in KEEP or char.isascii() and char.isprintable():
        return char.lower()
    if char in APOSTROPHES:
        return "'"
    category = unicodedata.category(char)
    if category in ("Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn"):
        return ""
    if category == "Zs" or category in ("Zl", "Zp"):
        return " " if category == "Zs" else "\n"
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part) in ("Mn", "Me", "Cf"):
            continue
        for folded in part.casefold():
            out.append(folded if folded.isascii() else _prototype(folded))
    return "".join(out)


@lru_cache(maxsize=4096)
def _prototype(char: str) -> str:
    """The ASCII letter or digit `char` is confusable with, else `char` itself."""
    if char in APOSTROPHES:
        return "'"
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[])
    for homoglyph in (found[0]["homoglyphs"] if found else []):
        candidate = homoglyph["c"].lower()
        if len(candidate) == 1 and candidate.isascii() and candidate.isalnum():
            return candidate
    return char


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # origin[i]: index in the original of normalised character i
    length: int  # of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original's (start, end) for the normalised text's [start:end]."""
        if start >= end or not self.origin:
            point = self.origin[start] if start < len(self.origin) else self.length
            return point, point
        return self.origin[start], self.origin[end - 1] + 1


def _rewrite(text: str, origin: list[int], pattern: re.Pattern, replacement: str):
    """`pattern.sub(replacement)`, keeping every new character mapped to the original."""
    out, mapped, last = [], [], 0
    for match in pattern.finditer(text):
        out.append(text[last:match.start()])
        mapped.extend(origin[last:match.start()])
        new = match.expand(replacement)
        width = match.end() - match.start()
        out.append(new)
        # the i-th new character points at the i-th old one (the last, past its end)
        mapped.extend(origin[match.start() + min(i, width - 1)] for i in range(len(new)))
        last = match.end()
    out.append(text[last:])
    mapped.extend(origin[last:])
    return "".join(out), mapped


def normalise(text: str) -> Normalised:
    chars, origin = [], []
    for index, char in enumerate(text or ""):
        for piece in _char(char).replace("%", " percent"):
            chars.append(piece)
            origin.append(index)
    normalised = "".join(chars)
    if "'" in normalised or "cannot" in normalised:
        for pattern, replacement in CONTRACTIONS:
            normalised, origin = _rewrite(normalised, origin, pattern, replacement)
    return Normalised(normalised, tuple(origin), len(text or ""))
