"""Measuring the lexicon against a corpus of lines it must flag or pass (the development
corpus in `shared/lexicon/`, or a desk's own): recall on the bad lines and false positives on
the good ones, by kind. The same figures a manager sees with `manage.py lexicon_corpus` are
held by the test suite."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from . import lexicon


@dataclass
class KindFigures:
    lines: int = 0
    right: int = 0  # flagged when bad, passed when good
    misses: list = field(default_factory=list)


@dataclass
class CorpusReport:
    bad: dict = field(default_factory=lambda: defaultdict(KindFigures))
    good: dict = field(default_factory=lambda: defaultdict(KindFigures))

    @property
    def recall(self) -> float:
        lines = sum(figures.lines for figures in self.bad.values())
        return sum(figures.right for figures in self.bad.values()) / lines if lines else 1.0

    @property
    def false_positives(self) -> int:
        return sum(figures.lines - figures.right for figures in self.good.values())

    @property
    def good_lines(self) -> int:
        return sum(figures.lines for figures in self.good.values())

    def rows(self):
        for label, table in (("bad", self.bad), ("good", self.good)):
            for kind, figures in sorted(table.items()):
                yield label, kind, figures


def load(path) -> list[dict]:
    with open(path, encoding="utf-8") as corpus:
        return json.load(corpus)["lines"]


def measure(lines, phrases=None) -> CorpusReport:
    """Check every line in its step; a bad line must get a finding, a good one none."""
    phrases = lexicon.active_phrases() if phrases is None else phrases
    report = CorpusReport()
    for line in lines:
        findings = lexicon.check(line["text"], line.get("step"), phrases)
        figures = (report.bad if line["bad"] else report.good)[line["kind"]]
        figures.lines += 1
        if bool(findings) == line["bad"]:
            figures.right += 1
        else:
            figures.misses.append((line, findings))
    return report
