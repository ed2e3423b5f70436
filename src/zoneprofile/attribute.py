"""Step 3: attribute each sentence to a zone.

A sentence belongs to the zone it names; where it names several, a figure goes
to the nearest zone named before it in the sentence. A sentence that names no
zone inherits from its paragraph (the last zone named earlier in it, or the
only one named in it), then from its document (the zone named in the headline,
or the only one named anywhere). Otherwise the zone stays None: never guessed.
The longest name wins at every position, so 镇江高新区 is never read as 镇江新区
and 高新区 never as 新区.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from zoneprofile.profiles import Profile
from zoneprofile.segment import Paragraph, Sentence


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    zone: str  # profile id


class ZoneMatcher:
    """Finds zone names in text; longest name first at each position."""

    def __init__(self, profiles: list[Profile]):
        self.by_name: dict[str, str] = {}
        for p in profiles:
            for name in p.names:
                self.by_name[name] = p.id
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        if self.pattern is None:
            return []
        end = len(text) if end is None else end
        return [Mention(m.start(), m.end(), self.by_name[m.group()])
                for m in self.pattern.finditer(text, start, end)]


@dataclass
class Attribution:
    """Answers 'which zone does this offset belong to?' for one document."""

    mentions: list[Mention]
    sentences: list[Sentence]
    paragraphs: list[Paragraph]
    document_zone: str | None

    def __post_init__(self):
        self._starts = [m.start for m in self.mentions]
        self._para_mentions: dict[int, list[Mention]] = {}
        self._sent_mentions: dict[int, list[Mention]] = {}
        sent_starts = [s.start for s in self.sentences]
        for m in self.mentions:
            i = bisect_right(sent_starts, m.start) - 1
            if i >= 0 and m.start < self.sentences[i].end:
                s = self.sentences[i]
                self._sent_mentions.setdefault(s.index, []).append(m)
                self._para_mentions.setdefault(s.paragraph, []).append(m)

    def zone_at(self, sentence: Sentence, offset: int) -> tuple[str | None, str]:
        """(zone id or None, how it was decided: sentence|paragraph|document|none)."""
        in_sentence = self._sent_mentions.get(sentence.index, [])
        if in_sentence:
            before = [m for m in in_sentence if m.start <= offset]
            return (before[-1] if before else in_sentence[0]).zone, "sentence"
        in_para = self._para_mentions.get(sentence.paragraph, [])
        earlier = [m for m in in_para if m.start < sentence.start]
        if earlier:
            return earlier[-1].zone, "paragraph"
        if len({m.zone for m in in_para}) == 1:
            return in_para[0].zone, "paragraph"
        if self.document_zone is not None:
            return self.document_zone, "document"
        return None, "none"


def document_zone(mentions: list[Mention], paras: list[Paragraph], text: str) -> str | None:
    """The zone named in the headline (first paragraph that names one, if it is
    among the first three), else the only zone named in the document."""
    zones = {m.zone for m in mentions}
    if len(zones) == 1:
        return zones.pop()
    for para in paras[:3]:
        named = {m.zone for m in mentions if para.start <= m.start < para.end}
        if len(named) == 1 and para.end - para.start <= 80:
            return named.pop()
    return None


def attribute(text: str, paras: list[Paragraph], sents: list[Sentence], matcher: ZoneMatcher) -> Attribution:
    mentions = matcher.mentions(text)
    return Attribution(mentions, sents, paras, document_zone(mentions, paras, text))
