"""When: the as-of phrase of a figure (今年以来, 前三季度, 1-6月, 截至10月底)."""

from __future__ import annotations

import re

from zoneprofile.segment import Sentence

PERIOD = re.compile(
    r"(?:截至|截止|截止到)(?:目前|今年\d{1,2}月(?:底|末)?|\d{4}年(?:\d{1,2}月(?:底|末)?)?|\d{1,2}月(?:底|末|份)?"
    r"|上半年末?|年底|去年底|今年)"
    r"|(?:今年|去年|\d{4}年)\d{1,2}月(?:上旬|中旬|下旬|底|末|份)?(?:以来|开始)?"
    r"|(?:\d{4}年)?\d{1,2}[-—~～至]\d{1,2}月份?"
    r"|(?:今年|去年|\d{4}年)?(?:前三季度|上半年|下半年|第[一二三四]季度|[一二三四]季度|全年|年初以来)"
    r"|今年以来|去年以来|近年来|近年以来|今年|去年(?!同期)|\d{4}年度?(?!同期)"
)

def period_at(text: str, sent: Sentence, offset: int) -> str | None:
    found = [m for m in PERIOD.finditer(text, sent.start, sent.end)]
    before = [m for m in found if m.end() <= offset]
    chosen = before[-1] if before else None
    return chosen.group() if chosen else None
