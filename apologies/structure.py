"""The method's structural rules, which no list of phrases can express:

- the regret step must really apologise: first-person regret in its common forms ("I am so
  sorry", "we deeply regret", "please accept our apology", "I would like to apologise"),
  without conditions ("sorry if you were offended" and "thank you for your patience" are
  not apologies);
- the acknowledgement must not report the failure as something that merely happened ("an
  error occurred", "your order was affected by an issue") without anyone owning it;
- no step may put the blame on someone else (`blame`);
- probing "did you …?" questions do not belong in an apology (a gentle "can you check …?" is
  fine).

Patterns run on normalised text (`normalise`), so offsets map back to the original.
"""

import re

from .blame import OWNERSHIP, blame_findings, passed_on_findings
from .findings import Finding, finding_at, whole_text
from .models import PhraseCategory, PhraseKind

SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
FIRST_PERSON = r"\b(?:i|we)\b"
REGRET_WORD = r"(?:sorry|apologi[sz]e[sd]?|apologi[sz]ing|regret(?:s|ted)?|apolog(?:y|ies))"

APOLOGY = re.compile(
    rf"{FIRST_PERSON}(?:[^.!?\n,;]{{0,40}}?)\b{REGRET_WORD}\b"
    r"|\b(?:my|our)\s+(?:\w+\s+){0,2}(?:apolog(?:y|ies)|regrets)\b"
    r"|\bplease\s+accept\s+(?:\w+\s+){0,3}apolog"
    r"|(?:^|[.!?\n]\s*)(?:oh\s+)?(?:so\s+|very\s+|truly\s+|really\s+|terribly\s+|deeply\s+)*"
    r"sorry\b"
    r"|\bapologies\s+(?:for|to)\b"
)
# "Sorry you feel…", "sorry that you were upset": regret for the customer's feelings, not
# for what we did. "Sorry that you were left without a kettle" names our effect: fine.
# ("hurt" is not among them: "sorry that you were hurt when our brake failed" is our effect.)
FEELINGS = (r"(?:offended|upset|unhappy|disappointed|annoyed|frustrated|dissatisfied"
            r"|confused|angry|let\s+down|inconvenienced)")
CONDITIONAL = re.compile(
    rf"\b{REGRET_WORD}\s+(?:if\b|(?:that\s+)?you\s+(?:feel|felt|think|thought|see\s+it)\b"
    rf"|(?:that\s+|to\s+hear\s+(?:that\s+)?)?you\s+(?:were|are|have\s+been|feel)\s+"
    rf"(?:so\s+|very\s+|a\s+bit\s+)?{FEELINGS}"
    r"|(?:to\s+hear\s+)?(?:that\s+)?(?:this|it)\s+(?:may|might)\s+have\b"
    r"|(?:for\s+|about\s+)?(?:any|whatever)\s+(?:\w+\s+)?(?:hurt|offen[cs]e|upset)\b)"
    r"|\b(?:if|in\s+case)\s+(?:we|i|this|it|our\s+\w+)\s+(?:\w+\s+){0,3}?"
    r"(?:caused|upset|offended|inconvenienced)\b"
)
FAILURE_NOUNS = (r"error|problem|issue|mistake|glitch|fault|failure|mix[\s-]?up|hiccup|oversight"
                 r"|incident|delay|misunderstanding|miscommunication|complication|discrepancy"
                 r"|outage|disruption|interruption|breakdown|inaccuracy|irregularity|anomaly"
                 r"|malfunction|bug|defect|shortfall|overcharge")
# A failure told as something that merely happened: no one did it.
AGENTLESS = re.compile(
    rf"\b(?:an?|some|the|this|that)\s+(?:\w+\s+)?(?:{FAILURE_NOUNS})s?\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:occurr?ed|arose|arisen|happened|came\s+up|come\s+up|crept\s+in|affected|impacted"
    r"|caused|was\s+(?:made|found|identified|detected|discovered))\b"
    r"|\bthere\s+(?:was|were|has\s+been|have\s+been|had\s+been|(?:seems|appears)\s+to\s+have"
    r"\s+been|(?:may|might)\s+have\s+been)\s+(?:an?\s+|some\s+|a\s+few\s+)?(?:\w+\s+)?"
    rf"(?:{FAILURE_NOUNS})s?\b"
    r"|\b(?:something|things|it|this|that)\s+(?:went|has\s+gone|have\s+gone|had\s+gone)\s+"
    r"(?:wrong|awry|amiss)\b"
    r"|\b(?:mistakes|errors)\s+(?:were|have\s+been|had\s+been)\s+made\b"
    r"|\b(?:went|has\s+gone|have\s+gone|had\s+gone|got)\s+(?:missing|astray)\b"
    r"|\b(?:was|were|has\s+been|have\s+been|got)\s+(?:\w+\s+)?(?:[a-z]+ed|sent|issued|given|made"
    r"|taken|put|booked|done)\s+(?:\w+\s+){0,3}?(?:for|to|at|with|in|on)\s+the\s+wrong\b"
    r"|\b(?:went|were\s+sent|was\s+sent|came|arrived|left)\s+(?:out\s+)?with\s+(?:the\s+|a\s+)?"
    r"(?:wrong|incorrect|missing|faulty|broken|damaged)\b"
    r"|\b(?:did\s+not|never)\s+(?:get|got)\s+(?:sent|delivered|processed|shipped|dispatched"
    r"|booked|paid|refunded|fixed|done|made|recorded|applied)\b"
    r"|\b(?:an?|the|your|some)\s+(?:\w+\s+){0,2}(?:failed|did\s+not\s+manage)\s+to\s+[a-z]+"
    rf"|\b(?:experienced|encountered|ran\s+into|suffered|hit)\s+(?:an?\s+|some\s+)?(?:\w+\s+)?"
    rf"(?:{FAILURE_NOUNS})s?\b"
    r"|\b(?<!you\s)(?:was|were|has\s+been|have\s+been|got)\s+(?:\w+\s+)?(?:[a-z]+ed|sent|taken"
    r"|paid|given|made|done|set\s+up)\s+(?:incorrectly|wrongly|twice|by\s+mistake|in\s+error"
    r"|to\s+the\s+wrong)\b"
    r"|\b(?:was|were|has\s+been|have\s+been|got)\s+(?:\w+\s+)?(?:taken|charged|billed|debited"
    r"|collected|processed|applied|sent|paid|booked|issued)\s+(?:twice|two\s+times|double)\b"
    r"|\b(?:was|were|has\s+been|have\s+been|got)\s+(?:double[\s-]?booked|overbooked"
    r"|double[\s-]?charged)\b"
    r"|\b(?:your|the)\s+(?:\w+\s+){0,2}(?:was|were|has\s+been|have\s+been|had\s+been|got|is"
    r"|are|ended\s+up(?:\s+being)?)\s+(?:\w+\s+)?(?:affected|impacted|delayed|lost|damaged|misplaced|mislaid"
    r"|mishandled|misrouted|cancell?ed|overcharged|held\s+up|disrupted|interrupted|mixed\s+up"
    r"|sent\s+to\s+the\s+wrong|charged\s+twice)\b"
    r"|\b(?:your|the)\s+(?:\w+\s+){0,2}(?:went|was\s+sent|was\s+delivered|arrived|ended\s+up)"
    r"\s+(?:to\s+the\s+wrong|late|damaged|broken|at\s+the\s+wrong)\b"
    r"|\b(?:did|has|have|had)\s+not\s+(?:go|gone)\s+(?:as|to|according\s+to)\s+"
    r"(?:planned|plan|expected|hoped|intended)\b"
    r"|\b(?:your|the)\s+(?:\w+\s+){0,2}(?:was|were|has\s+been|have\s+been|had\s+been|got)\s+"
    r"(?:\w+\s+)?(?:missed|overlooked|forgotten|never\s+\w+|not\s+(?:sent|delivered|processed"
    r"|updated|refunded|fixed|applied|recorded|booked|passed\s+on))\b"
    r"|\b(?:your|the|some\s+of\s+your|all\s+of\s+your)\s+(?:\w+\s+){0,2}(?:was|were|has\s+been"
    r"|have\s+been|had\s+been|went|is|are)\s+(?:\w+\s+)?(?:unavailable|down|offline|inaccessible"
    r"|not\s+available|out\s+of\s+(?:service|stock|action)|interrupted|suspended|unusable)\b"
    r"|\b(?:some|a\s+few|several|many|most|two|three|all|(?:some|all|one|two|most)\s+of"
    r"\s+(?:your|the))\s+(?:\w+\s+){0,2}(?:was|were|got)\s+(?:\w+\s+)?(?:damaged|lost|broken"
    r"|missing|delayed|cancell?ed|mixed\s+up|misplaced|faulty)\b"
    r"|\b(?:your|the|some|a\s+few|several|many|most|two|three|all|(?:some|all|one|two|most)"
    r"\s+of\s+(?:your|the))\s+(?:\w+\s+){0,2}(?:could|can|did|was"
    r"|were|has|have|had)\s+not\s+(?:be\s+|been\s+)?(?:[a-z]+ed|sent|done|made|paid|found"
    r"|shown|seen|kept|read)\b"
    r"|\b(?:the\s+|a\s+)?(?:wrong|incorrect|faulty|damaged|broken|defective)\s+(?:\w+\s+){0,2}"
    r"(?:was|were|has\s+been|have\s+been|got|ended\s+up(?:\s+being)?)\s+(?:\w+\s+)?(?:sent|delivered|shipped|packed"
    r"|given|fitted|installed|charged|applied|dispatched|booked|ordered|supplied)\b"
)
PROBING_QUESTION = re.compile(
    r"(?:\b(?:did\s+you|have\s+you\s+(?:even\s+|actually\s+|already\s+)?(?:tried|checked|read"
    r"|looked|made\s+sure|restarted|rebooted|followed|plugged|turned|switched|cleared|updated"
    r"|reset|confirmed|verified|remembered|charged|installed)|are\s+you\s+(?:sure|certain)"
    r"|were\s+you\s+(?:actually\s+|really\s+|even\s+|definitely\s+)?(?:home|there|in|aware"
    r"|sure|given|told|sent|shown|using|following)"
    r"|(?:did|were|are|have)\s+you\s+(?:actually|really|even|definitely|ever)"
    r"|is\s+it\s+possible\s+(?:that\s+)?you|could\s+it\s+be\s+(?:that\s+)?you"
    r"|any\s+chance\s+(?:that\s+)?you"
    r"|have\s+you\s+been\s+[a-z]+ing|is\s+it\s+(?:actually\s+)?(?:plugged|switched|turned)"
    r"|why\s+did\s+you\s+not|why\s+did\s+you|do\s+you\s+(?:know\s+how\s+to|have\s+it))\b"
    r"[^.!?\n]*\?)"
    r"|(?:^|[.!?\n]\s*)(?:um,?\s+|so,?\s+|and\s+)?(?:did\s+you|have\s+you\s+(?:tried|checked"
    r"|read))\b[^.!?\n]*\??"
)


# "Never … again" however far apart in one sentence ("you'll never have to wait a single
# minute here again"), but not a regret for the past ("it should never have happened again").
NEVER_AGAIN = re.compile(r"\bnever\b(?!\s+have\s+(?:happened|been))[^.!?\n]{0,80}?\bagain\b"
                         r"|\b(?:will|would|shall|can)\s+ever\b[^.!?\n]{0,80}?\bagain\b"
                         r"|\bguaranteed\s*(?:[.!,;]|$)")
# A promise that no one can make is not made when it is disclaimed in the same sentence:
# "we can't promise there'll never be another delay".
DISCLAIMED = re.compile(r"\b(?:not|never|no\s+one\s+can|nobody\s+can)\s+(?:\w+\s+)?(?:promise"
                        r"|guarantee|pretend|say\s+for\s+certain)\b[^.!?\n]*$")


def disclaimed(norm, start) -> bool:
    """Whether the words before `start`, in its sentence, disclaim the promise made there."""
    sentence_start = max(norm.text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    return DISCLAIMED.search(norm.text[sentence_start:start]) is not None


def over_promising_findings(text, norm):
    return [
        finding_at(norm, m, text, PhraseKind.CAUTION, PhraseCategory.OVER_PROMISING,
                   "A promise no one can keep turns the next failure into a broken promise.",
                   "Say what you changed and how you will check it: “we now …”.",
                   "structure:over_promising")
        for m in NEVER_AGAIN.finditer(norm.text) if not disclaimed(norm, m.start())
    ]


def regret_findings(text, norm):
    findings = [
        finding_at(norm, m, text, PhraseKind.BANNED, PhraseCategory.CONDITIONAL,
                   "A conditional apology puts the problem on the customer's feelings.",
                   "We are sorry that we <name what happened>.", "structure:conditional")
        for m in CONDITIONAL.finditer(norm.text)
    ]
    sincere = any(
        APOLOGY.search(sentence.group()) and not CONDITIONAL.search(sentence.group())
        for sentence in SENTENCE.finditer(norm.text)
    )
    if not sincere:
        findings.append(whole_text(
            PhraseKind.BANNED, PhraseCategory.MINIMIZING,
            "The regret step must say sorry: “I am sorry”, “we apologise”, “we deeply regret”. "
            "Thanks for patience or a conditional “sorry if” is not an apology.",
            "We are truly sorry that <the effect on you>.", "structure:no_apology",
        ))
    return findings


def conditional_findings(text, norm):
    return [
        finding_at(norm, m, text, PhraseKind.CAUTION, PhraseCategory.CONDITIONAL,
                   "A conditional apology puts the problem on the customer's feelings.",
                   "We are sorry that we <name what happened>.", "structure:conditional")
        for m in CONDITIONAL.finditer(norm.text)
    ]


def acknowledge_findings(text, norm):
    if OWNERSHIP.search(norm.text):
        return []
    return [
        finding_at(norm, m, text, PhraseKind.BANNED, PhraseCategory.EXCUSE,
                   "Say who got it wrong: the failure did not just happen, we caused it.",
                   "We made a mistake with <what>, and that is our responsibility.",
                   "structure:no_responsibility")
        for m in AGENTLESS.finditer(norm.text)
    ]


def probing_findings(text, norm):
    return [
        finding_at(norm, m, text, PhraseKind.CAUTION, PhraseCategory.DYPII,
                   "A probing “did you…?” question sounds like blame inside an apology.",
                   "Offer help instead: “Can you check …? If it still does not work, we will …”",
                   "structure:probing_question")
        for m in PROBING_QUESTION.finditer(norm.text)
    ]


def structural_findings(text: str, norm, step: str | None) -> list[Finding]:
    findings = (probing_findings(text, norm) + blame_findings(text, norm, step)
                + over_promising_findings(text, norm) + passed_on_findings(text, norm))
    if step == "regret":
        findings += regret_findings(text, norm)
    else:
        findings += conditional_findings(text, norm)
    if step == "acknowledge":
        findings += acknowledge_findings(text, norm)
    return findings
