"""Small text helpers shared by the extractors: clause bounds and quote marks."""

from __future__ import annotations

import re

from zoneprofile.segment import Sentence

CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、\n]")
QUOTE_CHARS = "“”\"「」『』《》‘’'"


def clause_bounds(text: str, sent: Sentence, start: int, end: int) -> tuple[int, int]:
    left = sent.start
    for m in CLAUSE_BREAK.finditer(text, sent.start, start):
        left = m.end()
    m = CLAUSE_BREAK.search(text, end, sent.end)
    right = m.start() if m else sent.end
    return left, right
