"""Checking apology language against the lexicon, and the structural checks of the method.

`check(text, step=...)` returns findings in text order, at most one for any span of words.
A `banned` finding blocks completing a step; a `caution` finding warns.

The text is normalised first (`normalise`: look-alike and invisible characters, letter case,
apostrophes, contractions), then matched against the phrases managers curate. A phrase is
written as people say it, with three additions:

- each word also matches its forms: "lose" matches "lost", "policy" matches "policies";
- `a/b/c` in one place matches any of the words: "courier/carrier lose";
- `…` (or `...`) between words allows up to three other words in the same sentence:
  "per … policy" matches "per our returns policy";
- `=word` matches that form only: "it =happens" leaves "it happened" alone.

Otherwise words are never skipped: "our policy" does not match "our shipping policy".
"""

import re
from functools import cached_property, lru_cache

from recovery import read_cache

from .findings import Finding
from .forms_of_words import forms
from .models import Phrase, PhraseCategory
from .normalise import normalise
from .structure import disclaimed, structural_findings

TOKEN = re.compile(r"\.\.\.|…|[a-z0-9'/=]+")
SEP = r"[^a-z0-9'.!?\n]+"  # between words of one sentence
GAP = rf"(?:{SEP}[a-z0-9']+){{0,3}}?{SEP}"
NEVER = re.compile(r"(?!x)x")


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern:
    """The regular expression for a lexicon phrase (see the module's docstring)."""
    parts = []
    for token in TOKEN.findall(normalise(pattern).text):
        if token in ("...", "…"):
            if parts and parts[-1] != GAP:
                parts.append(GAP)
            continue
        words = [word for word in token.split("/") if word.strip("'=")]
        if not words:
            continue
        if parts and parts[-1] != GAP:
            parts.append(SEP)
        alternatives = sorted({form for word in words for form in forms(word)},
                              key=lambda form: (-len(form), form))
        parts.append("(?:" + "|".join(re.escape(form) for form in alternatives) + ")")
    while parts and parts[-1] == GAP:
        parts.pop()
    if not parts:
        return NEVER  # a pattern with no words matches nothing
    return re.compile(rf"(?<![a-z0-9']){''.join(parts)}(?![a-z0-9])")


class Lexicon(list):
    """The active phrases as loaded, with the edition `check` remembers findings by."""

    @cached_property
    def edition(self) -> tuple:
        return _edition(self)


def _edition(phrases) -> tuple:
    return tuple((p.pk, p.pattern, p.kind, p.category, tuple(p.steps or ()), p.explanation,
                  p.better_wording) for p in phrases)


def active_phrases() -> Lexicon:
    """The active lexicon, loaded once per page or request and passed to `check`."""
    return Lexicon(Phrase.objects.filter(is_active=True))


CACHED = "lexicon:active"


def phrases_for(request):
    """The active lexicon, loaded once for all the sections of one page, through the cache
    (`recovery.read_cache`: the lexicon's editors forget it when they save)."""
    if not hasattr(request, "_lexicon_phrases"):
        request._lexicon_phrases = Lexicon(read_cache.remembered(
            CACHED, lambda: Phrase.objects.filter(is_active=True)))
    return request._lexicon_phrases


def forget_cached() -> None:
    read_cache.forget(CACHED)


def check(text: str, step: str | None = None, phrases=None) -> list[Finding]:
    """Every finding for `text` written for `step` (None: the whole composed message).
    `phrases` (from `active_phrases`) saves a query when checking several texts.

    The same text checked against the same lexicon gives the same findings, so they are
    remembered (per process, the last few thousand): the case page checks each step and
    every similar archived apology at each view."""
    phrases = active_phrases() if phrases is None else phrases
    edition = phrases.edition if isinstance(phrases, Lexicon) else _edition(phrases)
    _editions[edition] = phrases
    while len(_editions) > 4:  # the lexicon as managers edited it, a few editions back
        del _editions[next(iter(_editions))]
    return list(_check(text or "", step, edition))


_editions: dict = {}


@lru_cache(maxsize=4096)
def _check(text: str, step: str | None, edition: tuple) -> tuple[Finding, ...]:
    norm = normalise(text)
    findings = []
    for phrase in _editions[edition]:
        if not phrase.applies_to(step):
            continue
        for match in compile_pattern(phrase.pattern).finditer(norm.text):
            if phrase.category == PhraseCategory.OVER_PROMISING and disclaimed(norm, match.start()):
                continue
            start, end = norm.span(match.start(), match.end())
            findings.append(
                Finding(
                    start=start, end=end, text=text[start:end],
                    kind=phrase.kind, category=phrase.category,
                    message=phrase.explanation or f"{phrase.get_category_display()} language.",
                    suggestion=phrase.better_wording, rule=f"lexicon:{phrase.pk}",
                )
            )
    findings.extend(structural_findings(text, norm, step))
    return tuple(sorted(one_per_span(findings), key=lambda f: (f.start, f.end, f.rule)))


def one_per_span(findings):
    """One finding for any span of words: where findings overlap, a banned one wins over a
    caution, then the longer one. Findings about the text as a whole (no span) are kept,
    one per rule."""
    kept, whole = [], {}
    for finding in sorted(findings, key=lambda f: (not f.blocking, f.start - f.end, f.start)):
        if finding.start == finding.end:
            whole.setdefault(finding.rule, finding)
        elif not any(finding.start < other.end and other.start < finding.end for other in kept):
            kept.append(finding)
    return [*kept, *whole.values()]


def blocking(findings) -> list[Finding]:
    return [finding for finding in findings if finding.blocking]


__all__ = ["Finding", "check", "blocking", "compile_pattern"]
