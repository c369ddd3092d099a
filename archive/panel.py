"""The case page's "Similar apologies" section: the five archived apologies most like this
case, each a click from its full text, with "Start from this apology" until the apology is
sent."""

from apologies import lexicon
from cases.choices import Stage, Status

from . import search


def suggestions_section(request, case):
    if case.status == Status.CLOSED:
        return None
    return {
        "template": "archive/_suggestions.html",
        "suggestions": search.similar(case, phrases=lexicon.phrases_for(request)),
        "can_start": case.stage != Stage.SENT,
    }
