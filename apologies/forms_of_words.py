"""The forms of a word that a lexicon phrase matches: "lose" also matches "loses", "losing"
and "lost"; "policy" matches "policies".

English inflection is regular but for a few hundred verbs, of which the lexicon uses a few
dozen: the regular endings are generated, the irregular forms are listed. A lemmatiser
(simplemma, lemminflect) would do the same for every word of every text checked, with a
dictionary of tens of megabytes or numpy behind it; here only the phrases' own words are
inflected, once each, and the text is matched as it stands. Short words and function words
are left alone ("a" must not match "as").
"""

from functools import lru_cache

IRREGULAR = {
    "be": ["am", "is", "are", "was", "were", "been", "being"],
    "have": ["has", "had", "having"], "do": ["does", "did", "done", "doing"],
    "say": ["says", "said"], "make": ["made"], "lose": ["lost"], "send": ["sent"],
    "break": ["broke", "broken"], "forget": ["forgot", "forgotten"], "get": ["got", "gotten"],
    "give": ["gave", "given"], "take": ["took", "taken"], "leave": ["left"], "go": ["went", "gone"],
    "tell": ["told"], "pay": ["paid"], "put": ["put"], "let": ["let"], "mislay": ["mislaid"],
    "misread": ["misread"], "mislead": ["misled"], "understand": ["understood"],
    "misunderstand": ["misunderstood"], "bring": ["brought"], "buy": ["bought"],
    "deal": ["dealt"], "run": ["ran"], "write": ["wrote", "written"], "read": ["read"],
    "think": ["thought"], "keep": ["kept"], "hold": ["held"], "upset": ["upset"],
    "stand": ["stood"], "fall": ["fell", "fallen"], "ship": ["shipped", "shipping"],
    "drop": ["dropped", "dropping"], "stop": ["stopped", "stopping"],
    "mix": ["mixes", "mixed"], "fix": ["fixes", "fixed"],
}
FUNCTION_WORDS = {
    "the", "and", "but", "for", "not", "our", "you", "your", "its", "his", "her", "their",
    "any", "all", "was", "are", "can", "may", "has", "had", "did", "who", "how", "why", "yet",
    "this", "that", "with", "from", "into", "just", "only", "very", "will", "would", "shall",
    "should", "could", "must", "might", "have", "there", "here", "they", "them", "what", "when",
    "where", "which", "while", "than", "then", "also", "about", "again", "ever", "never",
    "percent", "yourself", "ours", "mine", "us", "per", "under", "against", "according",
    "nothing", "anything", "something", "more", "further", "else",
}
VOWELS = set("aeiou")
LEMMA_OF = {form: lemma for lemma, listed in IRREGULAR.items() for form in listed}


def _regular(word: str) -> set[str]:
    found = {word, word + "s", word + "ed", word + "ing"}
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        found.add(word + "es")
    if word.endswith("e"):
        found |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2] not in VOWELS:
        found |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (len(word) <= 4 and word[-1] not in VOWELS | {"w", "x", "y"}
            and word[-2] in VOWELS and word[-3] not in VOWELS):
        found |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # drop → dropped
    return found


@lru_cache(maxsize=4096)
def forms(word: str) -> frozenset[str]:
    """`word` and its inflected forms (as the lexicon's phrases are written: lower case);
    `=word` is the word alone."""
    if word.startswith("="):
        return frozenset({word.lstrip("=")})
    if len(word) < 3 or word in FUNCTION_WORDS or not word.isalpha():
        return frozenset({word, *IRREGULAR.get(word, [])}) if word in ("be", "do", "go") \
            else frozenset({word})
    lemma = LEMMA_OF.get(word, word)
    found = _regular(lemma) | set(IRREGULAR.get(lemma, []))
    return frozenset(found | {word})
