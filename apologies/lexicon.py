"""Checking apology language against the lexicon, and the structural checks of the method.

`check(text, step=...)` returns findings in text order. A `banned` finding blocks completing
a step; a `caution` finding warns. Matching is robust to letter case, curly apostrophes,
contractions and punctuation between words, and never skips words: "our policy" does not
match "our shipping policy".
"""

import re
from functools import lru_cache

from .findings import Finding, fold
from .models import Phrase
from .structure import structural_findings

# Contractions are expanded in both the text and the patterns, so either form matches.
CONTRACTIONS = {
    "it's": "it is", "that's": "that is", "there's": "there is", "you're": "you are",
    "we're": "we are", "they're": "they are", "i'm": "i am", "don't": "do not",
    "doesn't": "does not", "didn't": "did not", "can't": "cannot", "won't": "will not",
    "isn't": "is not", "aren't": "are not", "wasn't": "was not", "weren't": "were not",
    "you'll": "you will", "we'll": "we will", "i'll": "i will", "you've": "you have",
    "we've": "we have", "i've": "i have", "shouldn't": "should not", "couldn't": "could not",
    "haven't": "have not", "hasn't": "has not",
}
WORD = re.compile(r"[a-z0-9']+")


# (first, second) word pairs that a contraction may stand for, e.g. ("it", "is") → "it's".
PAIRS = {tuple(full.split()): short for short, full in CONTRACTIONS.items() if " " in full}
CANNOT = r"(?:cannot|can't|can\W+not)"


def _expand(words: list[str]) -> list[str]:
    """Pattern words with contractions written out: ["it's", "our"] → ["it", "is", "our"]."""
    expanded = []
    for word in words:
        expanded.extend((CONTRACTIONS.get(word) or word).split())
    return expanded


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern:
    """The pattern's words, in order, separated by anything that is not a word; a pair like
    "it is" also matches "it's" (and the reverse), and a final plural "s" is allowed."""
    words = _expand(WORD.findall(fold(pattern)))
    if not words:
        return re.compile(r"(?!x)x")  # an empty pattern matches nothing
    segments, i = [], 0
    while i < len(words):
        pair = tuple(words[i:i + 2])
        if pair in PAIRS:
            segments.append(rf"(?:{re.escape(pair[0])}\W+{re.escape(pair[1])}"
                            rf"|{re.escape(PAIRS[pair])})")
            i += 2
        elif pair == ("can", "not") or words[i] == "cannot":
            segments.append(CANNOT)
            i += 2 if pair == ("can", "not") else 1
        else:
            segments.append(re.escape(words[i]))
            i += 1
    body = r"\W+".join(segments)
    return re.compile(rf"(?<![a-z0-9']){body}s?(?![a-z0-9'])")


def active_phrases():
    """The active lexicon, loaded once per page or request and passed to `check`."""
    return list(Phrase.objects.filter(is_active=True))


def check(text: str, step: str | None = None, phrases=None) -> list[Finding]:
    """Every finding for `text` written for `step` (None: the whole composed message).
    `phrases` (from `active_phrases`) saves a query when checking several texts."""
    folded = fold(text or "")
    findings = []
    for phrase in active_phrases() if phrases is None else phrases:
        if not phrase.applies_to(step):
            continue
        for match in compile_pattern(phrase.pattern).finditer(folded):
            findings.append(
                Finding(
                    start=match.start(), end=match.end(), text=text[match.start():match.end()],
                    kind=phrase.kind, category=phrase.category,
                    message=phrase.explanation or f"{phrase.get_category_display()} language.",
                    suggestion=phrase.better_wording, rule=f"lexicon:{phrase.pk}",
                )
            )
    findings.extend(structural_findings(text or "", folded, step))
    return sorted(_dedupe(findings), key=lambda f: (f.start, f.end, f.rule))


def _dedupe(findings):
    """One finding per place: a banned one wins over a caution on the same words."""
    best = {}
    for finding in findings:
        key = (finding.start, finding.end)
        if key not in best or (finding.blocking and not best[key].blocking):
            best[key] = finding
    return best.values()


def blocking(findings) -> list[Finding]:
    return [finding for finding in findings if finding.blocking]


__all__ = ["Finding", "check", "blocking", "compile_pattern"]
