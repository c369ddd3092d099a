"""The method's structural rules, which no list of phrases can express:

- the regret step must really apologise, in the first person, without conditions
  ("sorry if you were offended" and "thank you for your patience" are not apologies);
- the acknowledgement must take responsibility in the first person, and must not put the
  blame on a supplier, a courier, another department or the customer;
- probing "did you …?" questions do not belong in an apology (a gentle "can you check …?"
  is fine).

Patterns run on folded text (see `findings.fold`), so offsets point into the original.
"""

import re

from .findings import Finding
from .models import PhraseCategory, PhraseKind

SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
FIRST_PERSON = r"\b(?:i|we)\b"

APOLOGY = re.compile(
    rf"{FIRST_PERSON}[^.!?\n]{{0,40}}?\b(?:sorry|apologi[sz]e)"
    r"|\b(?:my|our)\s+(?:sincere\s+|deepest\s+|heartfelt\s+)?apologies\b"
    r"|\bplease\s+accept\s+(?:my|our)\s+(?:\w+\s+){0,2}apolog"
)
# "Sorry you feel…", "sorry that you were upset": regret for the customer's feelings, not
# for what we did. "Sorry that you were left without a kettle" names our effect: fine.
FEELINGS = (r"(?:offended|upset|unhappy|disappointed|annoyed|frustrated|hurt|dissatisfied"
            r"|confused|angry)")
CONDITIONAL = re.compile(
    r"\b(?:sorry|apologi[sz]e)\s+(?:if\b|(?:that\s+)?you\s+(?:feel|felt|think|thought)\b"
    rf"|(?:that\s+)?you\s+(?:were|are|have\s+been)\s+(?:so\s+|very\s+)?{FEELINGS}"
    r"|for\s+any\b)"
    r"|\bapologi[sz]e\s+if\b"
)
RESPONSIBILITY = re.compile(
    rf"{FIRST_PERSON}[^.!?\n]{{0,40}}?\b(?:mistake|fault|got\s+(?:this|it|that|things)\s+(?:\w+\s+)?wrong"
    r"|failed|let\s+you\s+down|responsib|dropped\s+the\s+ball|should\s+have|did\s+not|didn't"
    r"|messed\s+up|made\s+an?\s+error|own\s+(?:this|it|the))"
    r"|\b(?:our|my)\s+(?:own\s+)?(?:mistake|fault|error|failure|responsibility)\b"
    r"|\bthe\s+(?:responsibility|fault)\s+is\s+(?:ours|mine)\b"
)
THIRD_PARTY = (
    r"(?:courier|carrier|supplier|vendor|manufacturer|delivery\s+(?:company|partner|driver)"
    r"|warehouse|partner|contractor|third[\s-]party|(?:other|another)\s+(?:department|team)"
    r"|(?:the|our)\s+(?:it|billing|shipping|sales)\s+(?:department|team))"
)
BLAME = re.compile(
    rf"\b(?:(?:the|our|their|a|an)\s+)?{THIRD_PARTY}s?\s+(?:was|were|is|did|didn't|did\s+not"
    r"|failed|lost|made|caused|messed|delayed|forgot|sent|damaged|mixed|handled|mishandled"
    r"|got|had|dropped|missed)\b"
    rf"|\b(?:due\s+to|because\s+of|caused\s+by|blame|fault\s+of)\s+(?:the\s+|our\s+|a\s+)?"
    rf"{THIRD_PARTY}"
    rf"|\b{THIRD_PARTY}'s\s+(?:fault|mistake|error)"
    r"|\byou\s+(?:should\s+have|should've|didn't|did\s+not|failed\s+to|forgot\s+to"
    r"|were\s+supposed\s+to)\b"
    r"|\byour\s+(?:own\s+)?(?:fault|mistake|error)\b"
)
PROBING_QUESTION = re.compile(
    r"\b(?:did\s+you|have\s+you\s+(?:tried|checked|read)|are\s+you\s+sure|why\s+didn't\s+you"
    r"|why\s+did\s+you\s+not)\b[^.!?\n]*\?"
)


def _finding(match, text, kind, category, message, suggestion, rule):
    return Finding(
        start=match.start(), end=match.end(), text=text[match.start():match.end()],
        kind=kind, category=category, message=message, suggestion=suggestion, rule=rule,
    )


def _whole(kind, category, message, suggestion, rule):
    """A finding about the text as a whole (something missing), anchored at its start."""
    return Finding(start=0, end=0, text="", kind=kind, category=category, message=message,
                   suggestion=suggestion, rule=rule)


def regret_findings(text, folded):
    findings = [
        _finding(m, text, PhraseKind.BANNED, PhraseCategory.CONDITIONAL,
                 "A conditional apology puts the problem on the customer's feelings.",
                 "We are sorry that we <name what happened>.", "structure:conditional")
        for m in CONDITIONAL.finditer(folded)
    ]
    sincere = any(
        APOLOGY.search(sentence.group()) and not CONDITIONAL.search(sentence.group())
        for sentence in SENTENCE.finditer(folded)
    )
    if not sincere:
        findings.append(_whole(
            PhraseKind.BANNED, PhraseCategory.MINIMIZING,
            "The regret step must actually apologise, in the first person: thanks for patience "
            "or a conditional “sorry if” is not an apology.",
            "We are truly sorry that <the effect on you>.", "structure:no_apology",
        ))
    return findings


def acknowledge_findings(text, folded):
    findings = [
        _finding(m, text, PhraseKind.BANNED, PhraseCategory.BLAME,
                 "The acknowledgement must not put the blame on someone else: the customer "
                 "dealt with us, so we own the failure.",
                 "We got this wrong, and it is our responsibility.", "structure:blame")
        for m in BLAME.finditer(folded)
    ]
    if not RESPONSIBILITY.search(folded):
        findings.append(_whole(
            PhraseKind.BANNED, PhraseCategory.EXCUSE,
            "Take responsibility in the first person: say plainly that we (or I) got it wrong.",
            "We made a mistake, and that is our responsibility.", "structure:no_responsibility",
        ))
    return findings


def probing_findings(text, folded):
    return [
        _finding(m, text, PhraseKind.CAUTION, PhraseCategory.DYPII,
                 "A probing “did you…?” question sounds like blame inside an apology.",
                 "Offer help instead: “Can you check …? If it still does not work, we will …”",
                 "structure:probing_question")
        for m in PROBING_QUESTION.finditer(folded)
    ]


def structural_findings(text: str, folded: str, step: str | None) -> list[Finding]:
    findings = probing_findings(text, folded)
    if step == "regret":
        findings += regret_findings(text, folded)
    elif step == "acknowledge":
        findings += acknowledge_findings(text, folded)
    return findings
