"""Blame, in every step: a third party (courier, carrier, supplier, distributor, vendor,
warehouse, partner, another department, "the system") or the customer made the cause of
the failure.

The customer dealt with us, so we own the failure whoever touched the parcel. Naming the
courier is not blame in itself ("our courier partner is collecting the sofa", "we have
switched to a new courier"): blame is a third party as the subject of a failure ("the
courier lost your parcel", "our payment provider charged you twice"), a failure put down to
them ("caused by our supplier", "it was the warehouse's fault", "this was really their
fault"), or the customer told they caused it ("you entered the wrong address", "if you had
called earlier").

A third party's failure told and then owned ("our supplier's part failed, but choosing that
supplier was our decision and the fault is ours") is not blame; owning it first and blaming
after ("we got it wrong, but another department handled the refund") still is.

Blame blocks the acknowledgement (its whole point is owning the failure) and warns
elsewhere. Patterns run on normalised text (`normalise`).
"""

import re

from .findings import finding_at
from .models import PhraseCategory, PhraseKind

# Outside the company: naming them as the cause is blame whoever "our" partner they are.
EXTERNAL = (
    r"(?:courier|carrier|supplier|distributor|vendor|manufacturer|maker|wholesaler|partner"
    r"|provider|contractor|subcontractor|postman|postwoman|handler|agency|airline|airport"
    r"|landlord|marketplace|seller|retailer|merchant|lab|laboratory|installer|insurer"
    r"|underwriter|broker|hotel|operator|mill|shipper|forwarder|haulier|hauler|printers?"
    r"|surgery|clinic|hospital|pharmacy|council|authority|host|garage|dealer|dealership"
    r"|surveyor|solicitor|valuer|assessor|inspector|lender|builder|caterer|venue|franchisee"
    r"|photographer|publisher|subcontracted\s+\w+|outsourced\s+\w+"
    r"|post\s+office|postal\s+service|mail\s+service|bank|processor"
    r"|third[\s-]part(?:y|ies)|ups|fedex|dhl|dpd|usps|royal\s+mail"
    r"|(?:shipping|delivery|logistics|haulage|freight|handling|hosting|cleaning|security"
    r"|catering|removal|installation)\s+(?:company|firm|agent|service))(?:e?s)?"
)
# Inside it: "the warehouse team packed the wrong item" puts it on them, but "our packing
# team used the wrong box" explains what we did (`_ours`).
INTERNAL = (
    r"(?:factory|warehouse|driver|adjuster|technician|fitter|cleaner|chef|receptionist|porter"
    r"|mechanic|crew|engineer|agent|network|waiter|cook"
    r"|plumber|electrician|clerk|temp|intern|trainee|new\s+starter|colleague|head\s+office"
    r"|(?:cleaning|kitchen|night|temporary|agency|weekend)\s+staff"
    r"|(?:another|the\s+other|a\s+different|other)\s+(?:department|team|office|branch)"
    r"|(?:it|billing|shipping|sales|accounts?|tech(?:nical)?|warehouse|dispatch|returns|finance"
    r"|legal|packing|fulfil?ment|installation|delivery|kitchen|handling|cleaning|security"
    r"|catering|removal)\s+(?:department|team|people|guys|folks|staff|crew|guy)"
    r"|(?:previous|other)\s+(?:agent|colleague|adviser|advisor))(?:e?s)?"
)
NOUNS = rf"(?:{EXTERNAL}|{INTERNAL})"
# "the system", "the app": our own tools, but told as if they acted on their own.
MACHINES = r"(?:system|computer|software|algorithm|machine|app|website|site|platform|server)s?"
# Words that may stand between the determiner and the noun ("our external courier"), never a
# verb or a preposition ("we chose the subcontractor", "for an engineer").
MODIFIER = (r"(?!(?:chose|picked|hired|used|use|for|to|with|from|by|at|of|about|on|in|and|but"
            r"|so|that|who|which|we|i|you|they|is|was|are|were)\b)[a-z0-9'-]+\s+")
THIRD_PARTY = (
    rf"(?:(?:(?:the|our|their|a|an|this|that|your|its)\s+)?(?:{MODIFIER}){{0,2}}?"
    rf"{NOUNS}|the\s+(?:[a-z0-9'-]+\s+)?{MACHINES})"
)
# "the company in Frankfurt", "the booking site we use"
WHERE = (r"(?:\s+(?:in|at|from|of|on)\s+(?:the\s+)?[a-z0-9'-]+)?"
         r"(?:\s+(?:that\s+|which\s+)?(?:we|i)\s+(?:use|used|work\s+with|chose|hired))?")
SUBJECT = rf"(?:{THIRD_PARTY}(?:'s(?:\s+[a-z]+){{1,2}})?{WHERE}|they)"
# What makes an act a failure: done wrong ("put the wrong label on"), or something faulty
# handed over ("shipped a faulty batch"); "collected the damaged sofa" is neither.
DEFECT_ACT = (r"(?:\w+\s+){0,4}?(?:wrong|incorrect|twice|double|too\s+much|by\s+mistake|in\s+error"
              r"|wrongly|incorrectly|late)\b")
DEFECT_THING = (r"(?:\w+\s+){0,3}?(?:faulty|damaged|broken|defective|mislabell?ed|buggy|expired"
                r"|outdated|incomplete|unfinished|bad|wrong|incorrect)\b")
PAST = (r"(?:[a-z]+ed|took|sent|gave|put|brought|left|made|got|went|sold|told|wrote|kept|cut"
        r"|did|set|ran)")
HANDED_OVER = (r"(?:sent|shipped|packed|supplied|provided|gave|delivered|pushed|released"
               r"|installed|fitted|sold|issued|dispatched|brought|returned)")
# Verbs that say "they failed" even a few words after their subject ("the engineer our
# contractor sent unfortunately didn't bring the part").
FAILED = (
    r"(?:forgot|failed\s+to|did\s+not\s+\w+|never\s+\w+|let\s+(?:us|you)\s+down|messed\s+up"
    r"|missed|lost|broke\s+down"
    r"|mixed\s+up|misrouted|misdirected|mislaid|misplaced|mishandled|overcharged"
    r"|double[\s-]?charged|double[\s-]?booked|overbooked|screwed\s+up"
    r"|locked\s+(?:you|your\s+\w+|us|them)\s+out|wiped|deleted|corrupted"
    r"|made\s+(?:a|an|the|that|this|those|these|several|two|a\s+few)\s+(?:\w+\s+)?"
    r"(?:mistake|error|mess)"
    rf"|{PAST}\s+{DEFECT_ACT}|{HANDED_OVER}\s+{DEFECT_THING})"
)
FAILURE = (
    r"(?:lost|loses|lose|losing|damaged|damages|broke|breaks|broken|delayed|delays|failed"
    r"|fails|forgets|forgotten|messed|mixed|caused|causes|dropped|mislabell?ed|handled|ignored"
    r"|crashed|glitched|errored|screwed|cancell?ed|declined|rejected|refused|went\s+down"
    r"|was\s+down|released|held|was\s+late|were\s+late|lost\s+track|held\s+up|holding\s+up"
    r"|is\s+holding|was\s+holding"
    r"|had\s+(?:a|an|some)\s+(?:\w+\s+)?(?:outage|problem|issue|failure|fault|error|glitch"
    r"|breakdown|incident|delay|shortage|bug|backlog)"
    r"|left\s+(?:\w+\s+){0,2}?(?:out|outside|unattended|in\s+the\s+rain|on\s+the\s+doorstep"
    r"|at\s+the\s+wrong|behind)"
    rf"|{FAILED})"
)
ADVERBS = (r"(?:\s+(?:had|has|have|must\s+have|seems?\s+to\s+have|appears?\s+to\s+have"
           r"|seemingly|apparently|accidentally|also|then|somehow|clearly|evidently|obviously"
           r"|unfortunately|again|just|completely|totally|simply|really|actually|automatically"
           r"|mistakenly|wrongly|incorrectly)){0,2}")
# "the engineer our contractor sent (didn't bring…)": a few words between the subject and its
# verb, but never a present or future ("our courier partner is collecting the damaged sofa").
CLAUSE = (r"(?:\s+(?!(?:is|are|will|would|can|could|shall|should|has|have|to|and|but|so|then"
          r"|now|we|i)\b)[a-z'-]+){0,4}?")
# A third party as the cause: they did it, or it was done by them.
THIRD_PARTY_CAUSE = re.compile(
    rf"\b{SUBJECT}{ADVERBS}\s+{FAILURE}"
    rf"|\b{SUBJECT}{CLAUSE}(?:\s+(?:who|that|which))?{ADVERBS}\s+{FAILED}"
    rf"|\b(?:the\s+)?(?:[a-z0-9-]+\s+)?{MACHINES}\s+(?:automatically|mistakenly|wrongly"
    r"|incorrectly|accidentally|somehow|itself)\s+[a-z]+ed\b"
    rf"|\bthe\s+(?:[a-z0-9-]+\s+)?{MACHINES}{ADVERBS}\s+(?:wiped|deleted|erased|removed|overwrote"
    r"|overwritten|corrupted|reset|blocked|froze|locked|flagged|duplicated|misread|miscalculated"
    r"|lost|dropped|cancell?ed|rejected|declined|charged|billed|crashed|failed|glitched"
    r"|double[\s-]?booked|timed\s+out)\b"
    r"|\b[a-z]+'s\s+(?:[a-z]+\s+)?(?:failure|error|mistake|fault|outage|problem|delay|strike"
    r"|glitch|breakdown|backlog)\s+(?:caused|led\s+to|meant|resulted\s+in|is\s+why|was\s+why)\b"
    r"|\b(?:lost|damaged|broken|delayed|mishandled|misplaced|mislaid|misrouted|mixed\s+up"
    r"|held\s+up|dropped|crushed|stolen|handled|dealt\s+with|processed)\s+"
    r"(?:\w+\s+){0,2}?(?:by|at)\s+"
    rf"{THIRD_PARTY}\b"
)
# The failure put down to a third party, whatever is said around it.
ATTRIBUTION = re.compile(
    r"\b(?:due\s+to|because\s+of|caused\s+by|thanks\s+to|blame\s+(?:it\s+|this\s+)?on"
    r"|the\s+fault\s+of|down\s+to|(?:the\s+)?result\s+of|on\s+the\s+part\s+of)\s+"
    rf"{THIRD_PARTY}\b"
    rf"|\b{THIRD_PARTY}'s\s+(?:own\s+)?(?:fault|mistake|error|failure|responsibility)\b"
    r"|\b(?:their|his|her)\s+(?:own\s+)?(?:fault|mistake|error)\b"
    r"|\b(?:at|on)\s+their\s+(?:end|side)\b"
    rf"|\bon\s+{THIRD_PARTY}'s\s+(?:side|end)\b"
    r"|\bnot\s+(?:by\s+)?(?:us|me|mine|ours)\b|,\s*not\s+(?:by\s+)?our\s+(?:own\s+)?\w+"
    r"|\b(?!my\b|our\b|your\b)[a-z]+'s\s+(?:own\s+)?(?:fault|mistake|error|doing)\b"
    r"|\b(?:is|was|are|were)\s+(?:all\s+|really\s+|entirely\s+)?(?:down\s+to|on|because\s+of)"
    r"\s+them\b"
    r"|\bnot\s+(?:really\s+|entirely\s+|actually\s+|strictly\s+)?(?:down\s+to|because\s+of"
    r"|caused\s+by|on|the\s+fault\s+of)\s+(?:us|me)\b"
    r"|\b(?:one|that|this|it)\s+is\s+(?:really\s+|squarely\s+|all\s+)?on\s+them\b"
    r"|\b(?:its|their)\s+(?:own\s+)?(?:backlog|delays?|shortage|strike|outage|problems?"
    r"|mistakes?|errors?)\b"
    r"|\bthey\s+are\s+the\s+ones\b"
    rf"|\b{THIRD_PARTY}\s+(?:is|was|are|were)\s+the\s+ones?\b"
    rf"|\b{THIRD_PARTY}\s+(?:is|was|are|were)\s+(?:\w+\s+)?(?:to\s+blame|at\s+fault"
    r"|responsible\s+for)\b"
    r"|\b(?:fault|blame)\s+(?:lies|lay|rests|is)\s+with\s+(?!us\b|me\b)(?:the\s+|our\s+)?\w+"
)
CUSTOMER = re.compile(
    r"\byou\s+(?:must\s+have\s+|might\s+have\s+|may\s+have\s+|probably\s+|clearly\s+"
    r"|obviously\s+|simply\s+|just\s+|accidentally\s+|have\s+|had\s+)?(?:entered|typed|gave|given"
    r"|put|chose|chosen|picked|selected|ordered|used|provided|filled\s+in|wrote|written|booked"
    r"|input|supplied|plugged|installed|clicked|registered|sent|uploaded|brought|set|measured)\s+(?:\w+\s+){0,3}?(?:wrong|incorrect|invalid"
    r"|(?:an|the)\s+(?:old|outdated|expired))\b"
    r"|\byou\s+(?:(?:have|had|may\s+have|might\s+have|probably|clearly|obviously|simply)\s+)?"
    r"(?:should\s+have|should\s+not\s+have|ought\s+to\s+have|failed\s+to|forgot\s+to"
    r"|neglected\s+to|must\s+have\s+(?:misread|missed|misunderstood|forgotten|ignored|deleted"
    r"|overlooked|made)|misread|misunderstood|ignored|overlooked|got\s+(?:it|this|that)\s+wrong"
    r"|have\s+(?:it|this|that)\s+wrong|(?:are|were)\s+(?:wrong|mistaken|incorrect)"
    r"|(?:are|were)\s+supposed\s+to\s+(?:read|check|tell|call|contact|follow|enter|provide|include"
    r"|let|inform|notify|return|send)"
    r"|never\s+(?:told|mentioned|said|informed|let\s+us|asked|gave|sent|checked|read|called"
    r"|contacted|replied|answered|confirmed|updated)"
    r"|did\s+not\s+(?:read|follow|check|tell|inform|call|contact|notify|include|enter|provide"
    r"|specify|mention|bother|register|update|let\s+us|select|choose|pick|tick|opt|order|pay|add"
    r"|request|book|give|send|return|keep|use|sign|save|allow|answer|attach|leave|wait|install"
    r"|download|confirm|verify|activate|enable|charge|plug|switch|turn|restart|reset|upgrade"
    r"|renew|cancel|submit|complete|fill|print|measure|water|clean|store|lock|close|log))\b"
    r"|\b(?:if\s+(?:only\s+)?you\s+(?:had|would\s+have|would)|had\s+you)\s+"
    r"(?:only\s+|just\s+|actually\s+)?(?:[a-z]+ed\b|turned\s+up|shown\s+up|called|contacted|read|checked|told|followed|ordered"
    r"|let\s+us\s+know|reported|asked|waited|registered|paid|included|entered|used|informed"
    r"|notified|come|returned|sent|bothered|looked|listened|provided|updated|kept|chosen|chose"
    r"|selected|picked|taken|booked|saved|held|answered|been\s+(?:home|in|there|available)"
    r"|given|filled|ticked|signed|attached|mentioned|done)\b"
    r"|\b(?:next\s+time|in\s+(?:the\s+)?future)\s*,?\s+(?:please\s+)?(?:read|check|make\s+sure"
    r"|remember|be\s+sure|ensure|double[\s-]check|follow|look)\b"
    r"|\b(?:read|check|look\s+at|follow)\s+(?:\w+\s+){0,3}?more\s+carefully\b"
    r"|\byou\s+did\s+not\s+[a-z]+(?:\s+[a-z]+){0,4}?\s+(?:correctly|properly|right|in\s+time"
    r"|on\s+time|carefully)\b"
    r"|\byou\s+(?:must\s+have\s+|may\s+have\s+|might\s+have\s+|probably\s+)?(?:entered|typed"
    r"|filled|set|put|wrote|read|selected|chose|picked|ordered|installed|configured|plugged"
    r"|connected|booked|input|gave|given|provided|used|measured|assembled|fitted|returned"
    r"|packed|labell?ed|addressed|spelt|spelled|saved|updated|changed)\s+(?:\w+\s+){0,4}?"
    r"(?:incorrectly|wrongly|wrong)\b"
    r"|\b(?:one|that|this|it)\s+(?:is|was)\s+(?:really\s+|squarely\s+|all\s+)?on\s+you\b"
    r"|\byou\s+(?:actually|in\s+fact|definitely|originally)\s+(?:[a-z]+ed|chose|bought|said"
    r"|wrote|gave|put|paid|sent|booked|agreed)\b"
    r"|\b(?:[a-z]+ed|done|made|set)\s+(?:\w+\s+)?(?:on|at)\s+your\s+(?:end|side)\b"
    r"|\byou\s+(?:[a-z]+ed|chose|picked|took|made|paid|bought|set)\s+(?:\w+\s+){0,5}?"
    r"yourself\b"
    r"|\b(?:records|notes|logs|system|emails?|file)\s+(?:clearly\s+)?(?:show|shows|indicate"
    r"|indicates|confirm|confirms)\s+(?:that\s+)?you\s+(?:were\s+|had\s+been\s+|have\s+been\s+)?"
    r"(?:told|informed|notified|warned|sent|given|advised|agreed|accepted|signed)\b"
    r"|(?<!not\s)(?<!no\s)\b(?:your\s+(?:own\s+)?(?:fault|mistake|error|responsibility)"
    r"|user\s+error)\b"
    r"|\b(?:problem|issue|fault|error|mistake)\s+(?:is|was|lies|lay)\s+(?:on|at|with)\s+your\s+"
    r"(?:end|side)\b|\b(?:is|was)\s+on\s+your\s+(?:end|side)\b"
    r"|\b(?:because|since|as)\s+you\s+(?:had\s+not|have\s+not|failed\s+to|forgot\s+to|never"
    r"|were\s+not)\b"
)
# Sending the customer to someone else: "you'll need to file a claim with the manufacturer",
# "I'd recommend reaching out to the courier directly", "the warranty provider should be able
# to help you".
PASSED_ON = re.compile(
    r"\byou\s+(?:would\s+|will\s+|might\s+|may\s+|could\s+)?(?:need|have|want)\s+to\s+"
    rf"(?:\w+\s+){{1,4}}?(?:with|to|from)\s+{THIRD_PARTY}\b"
    r"|\byou\s+(?:would\s+|will\s+|might\s+|may\s+)?(?:need|have)\s+to\s+(?:try|ask|contact"
    r"|call|email|phone|ring|chase|check\s+with|go\s+to)\s+"
    rf"{THIRD_PARTY}\b"
    r"|\b(?:suggest|recommend|advise|best\s+to|better\s+to)\s+(?:that\s+)?(?:you\s+)?(?:contacting"
    r"|calling|reaching\s+out|getting\s+in\s+touch|giving\s+them|speaking|talking|emailing|asking"
    r"|contact|call|reach\s+out|get\s+in\s+touch|give\s+them|speak|talk|email|ask)\b"
    rf"(?:\s+\w+){{0,4}}?\s+(?:them|directly|{THIRD_PARTY})\b"
    rf"|\b{THIRD_PARTY}\s+(?:should|may|might|would)\s+be\s+(?:able|the\s+ones?|best\s+placed)"
    r"\s+to\b"
    r"|(?:^|(?<=[.!?;\n]))\s*(?:please\s+)?(?:email|call|phone|ring|contact|write\s+to|message"
    rf"|ask)\s+{THIRD_PARTY}\b"
    r"|\b(?:try|you\s+could\s+try|you\s+might\s+try)\s+(?:posting|asking|searching|looking"
    r"|checking|contacting|calling|emailing|googling)\b"
)

# Owning the failure: after a third party's part in it, this makes the account no blame.
OWNERSHIP = re.compile(
    r"\b(?:the\s+)?(?:fault|mistake|error|responsibility|blame|failure)"
    r"(?:\s+for\s+(?:\w+\s+){1,3}?)?\s+(?:is|was|lies|lay"
    r"|rests|sits)\s+(?:entirely\s+|completely\s+|fully\s+|squarely\s+|all\s+)?(?:ours|mine"
    r"|with\s+us|with\s+me|on\s+us|on\s+me)\b"
    r"|(?<!not\s)(?<!no\s)\b(?:our|my)\s+(?:own\s+)?(?:fault|mistake|error|responsibility"
    r"|failure|decision|doing|oversight|choice)\b"
    r"|\b(?:we|i)\s+(?:\w+\s+)?(?:take|accept|bear|carry)\s+(?:full\s+|complete\s+|total\s+"
    r"|the\s+)?(?:responsibility|blame|ownership|fault)\b"
    r"|\b(?:we|i)\s+own\s+(?:this|it|that|the\s+\w+|up)\b"
    r"|\b(?:we|i|our\s+\w+)\s+(?:are|am|were|was)\s+(?:fully\s+|entirely\s+|completely\s+"
    r"|solely\s+)?(?:responsible|to\s+blame|at\s+fault|accountable|wrong)\b"
    r"|\b(?:that|this|it)\s+(?:is|was)\s+(?:entirely\s+|all\s+)?on\s+(?:us|me)\b"
    r"|\b(?:we|i)\s+(?:really\s+|clearly\s+|badly\s+|completely\s+)?(?:got|get)\s+"
    r"(?:\w+\s+){0,2}wrong\b"
    r"|\b(?:we|i)\s+(?:\w+\s+)?(?:made|make)\s+(?:a|an|the|this|that|several|two)\s+"
    r"(?:\w+\s+)?(?:mistake|error|mess)"
    r"|\b(?:we|i|our\s+(?:\w+\s+)?\w+)\s+(?:had|have|did)\s+not\s+(?:\w+\s+)?(?:arranged|planned"
    r"|checked|noticed|tested|caught|prepared|warned|told|kept|followed|booked|sent|updated"
    r"|spotted|realised|realized|confirmed|arrange|plan|check|notice|test|catch|prepare|warn"
    r"|tell|keep|follow|book|send|update|spot|realise|realize|confirm)\b"
    r"|\b(?:we|i)\s+(?:\w+\s+)?(?:failed|let\s+you\s+down|messed\s+up|dropped\s+the\s+ball"
    r"|should\s+have|should\s+not\s+have|did\s+not\s+(?:check|catch|notice|tell|keep|do|send"
    r"|pack|follow|plan|test|warn))\b"
)

BLAME_MESSAGE = ("Do not put the blame on someone else: the customer dealt with us, so we "
                 "own the failure.")
WRONG_MESSAGE = ("Do not tell the customer they caused it: an apology that corrects the "
                 "customer becomes an argument.")


def _owned_after(norm, position) -> bool:
    return OWNERSHIP.search(norm.text, position) is not None


def passed_on_findings(text, norm):
    return [
        finding_at(norm, m, text, PhraseKind.BANNED, PhraseCategory.BRUSH_OFF,
                   "The customer should not have to chase anyone: we take it on.",
                   "I will take care of this myself and come back to you by <time>.",
                   "structure:passed_on")
        for m in PASSED_ON.finditer(norm.text)
    ]


OUTSIDE = re.compile(rf"\b{EXTERNAL}\b|\bthe\s+(?:[a-z0-9'-]+\s+)?{MACHINES}\b|\bthey\b")


# "We chose the subcontractor who turned up late": the choice, and so the failure, is ours.
CHOSEN = re.compile(r"\b(?:we|i)\s+(?:chose|picked|hired|selected|appointed|booked|engaged"
                    r"|used|use)\s+$")


def _ours(norm, match) -> bool:
    """Whether the party blamed is our own people ("our packing team"), not an outsider, or
    one we own the choice of."""
    if CHOSEN.search(norm.text[max(0, match.start() - 30):match.start()]):
        return True
    before = norm.text[max(0, match.start() - 40):match.start()].split()[-2:]
    first = match.group().split()[:1]
    return (bool({"our", "my"} & {*before, *first})
            and OUTSIDE.search(match.group()) is None)


# "Sorry you waited in for an engineer who never came": the engineer is no subject there.
AFTER_PREPOSITION = re.compile(r"\b(?:for|to|with|from|by|about|into|than)\s+$")


def _not_a_subject(norm, match) -> bool:
    return AFTER_PREPOSITION.search(norm.text[max(0, match.start() - 12):match.start()]) is not None


def blame_findings(text, norm, step):
    kind = PhraseKind.BANNED if step == "acknowledge" else PhraseKind.CAUTION
    matches = [m for m in ATTRIBUTION.finditer(norm.text) if not _ours(norm, m)]
    matches += [m for m in THIRD_PARTY_CAUSE.finditer(norm.text)
                if not _owned_after(norm, m.end()) and not _ours(norm, m)
                and not _not_a_subject(norm, m)]
    findings = [
        finding_at(norm, m, text, kind, PhraseCategory.BLAME, BLAME_MESSAGE,
                   "We got this wrong, and it is our responsibility.", "structure:blame")
        for m in matches
    ]
    findings += [
        finding_at(norm, m, text, kind, PhraseCategory.YOURE_WRONG, WRONG_MESSAGE,
                   "We were not clear enough about <what>; here is what we will do.",
                   "structure:blame")
        for m in CUSTOMER.finditer(norm.text)
    ]
    return findings
