"""Every banned phrase of the default lexicon stays caught when it is hidden: invisible
characters inside its words, look-alike letters from other scripts, combining accents, a
dotless "ı", full-width forms, odd capitals. Property tests: hypothesis picks the phrase,
the places and the disguises."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apologies.lexicon import check
from apologies.models import Phrase
from apologies.normalise import normalise

pytestmark = pytest.mark.django_db

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]
LOOK_ALIKES = {  # Cyrillic and Greek letters drawn like Latin ones
    "a": ["\u0430"], "c": ["\u0441"], "e": ["\u0435"], "i": ["\u0456", "\u0131"],
    "j": ["\u0458"], "o": ["\u043e", "\u03bf"], "p": ["\u0440", "\u03c1"], "s": ["\u0455"],
    "x": ["\u0445"], "y": ["\u0443"],
}
ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0302"]


def example(pattern: str) -> str:
    """The plainest sentence a phrase matches: the first of each set of alternatives, the
    gaps closed."""
    words = [word.split("/")[0].lstrip("=") for word in pattern.replace("…", " ").split()
             if word not in ("...", "…")]
    return " ".join(word for word in words if word)


def banned_examples():
    return [example(phrase.pattern) for phrase in
            Phrase.objects.filter(is_active=True, kind="banned", steps=[])]


def disguise(text, draw):
    out = []
    for char in text:
        how = draw(st.sampled_from(["plain", "plain", "invisible", "look-alike", "accent",
                                    "full-width", "capital"]))
        if how == "invisible" and char.isalpha():
            out.append(char + draw(st.sampled_from(INVISIBLE)))
        elif how == "look-alike" and char in LOOK_ALIKES:
            out.append(draw(st.sampled_from(LOOK_ALIKES[char])))
        elif how == "accent" and char.isalpha():
            out.append(char + draw(st.sampled_from(ACCENTS)))
        elif how == "full-width" and char.isalpha():
            out.append(chr(ord(char) + 0xFEE0))
        elif how == "capital":
            out.append(char.upper())
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_banned_phrase_is_caught_however_it_is_disguised(data):
    phrase = data.draw(st.sampled_from(banned_examples()), label="phrase")
    hidden = disguise(phrase, data.draw)
    sentence = f"Well, {hidden}, sorry."
    findings = [f for f in check(sentence) if f.blocking]
    assert findings, f"{hidden!r} ({phrase}) was not caught"
    # the finding points at the disguised words as written
    assert any(f.start >= len("Well, ") and f.end <= len("Well, ") + len(hidden)
               for f in findings)


def test_every_banned_phrase_has_an_example_it_catches():
    for text in banned_examples():
        assert any(f.blocking for f in check(f"Well, {text}.")), text


@pytest.mark.parametrize("text", [
    "It's our pol\u200bicy", "It's our p\u043elicy", "It's our po\u0301licy",
    "It's our pol\u0131cy", "It's our \uff50\uff4f\uff4c\uff49\uff43\uff59", "IT'S OUR POLICY",
    "It\u2019s our pol\u00adicy", "It is our pol\u2060icy",
])
def test_each_disguise_alone_is_seen_through(text):
    finding = next(f for f in check(text) if f.category == "policy_speak")
    assert (finding.start, finding.end) == (0, len(text))


def test_offsets_map_back_through_removed_and_expanded_characters():
    norm = normalise("We can\u200b't do th\u0301at.")
    assert norm.text == "we can not do that."
    start = norm.text.index("can not")
    assert norm.span(start, start + len("can not")) == (3, 9)  # "can\u200b't" as written
    assert re.fullmatch(r"[ -~]*", normalise("Ｆｕｌｌ ｗｉｄｔｈ ﬁne").text)
