"""Small text helpers shared by the extractors: clause bounds and quote marks."""

from __future__ import annotations

import re

from zoneprofile.read.segment import Sentence

CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、\n]")
QUOTE_CHARS = "“”\"「」『』《》‘’'"


def clause_bounds(text: str, sent: Sentence, start: int, end: int) -> tuple[int, int]:
    left = sent.start
    for m in CLAUSE_BREAK.finditer(text, sent.start, start):
        left = m.end()
    m = CLAUSE_BREAK.search(text, end, sent.end)
    right = m.start() if m else sent.end
    return left, right


class Needing:
    """A compiled pattern whose every match contains all of `needed` (strings, or patterns to search
    for): finditer skips the costly search of a sentence that lacks one. The same matches, sooner."""

    def __init__(self, pattern: re.Pattern, *needed: str | re.Pattern):
        self.pattern = pattern
        self.needed = needed

    def finditer(self, text: str, start: int, end: int):
        for n in self.needed:
            if (n.search(text, start, end) is None) if isinstance(n, re.Pattern) else text.find(n, start, end) < 0:
                return iter(())
        return self.pattern.finditer(text, start, end)
