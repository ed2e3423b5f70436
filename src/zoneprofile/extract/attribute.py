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

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass

from zoneprofile.lang.script import simplified_forms
from zoneprofile.read.profiles import Profile
from zoneprofile.read.segment import Paragraph, Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    zone: str | None  # profile id; None for a zone no profile claims (无锡高新区): not ours, so no inheriting
    lead: bool = True  # a zone no profile claims governs what follows only as a subject, not as a place
    # where something happens (仪式在浒关开发区举行: a part of the zone the article is about)
    generic: str | None = None  # a class word alone (新区): the zone it stands for is decided by the text


# a county, district or town opening its clause, with its figures right after it: 宿城区5个项目, 沭阳县完成投资
ADMIN_SUBJECT = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,4}?(?:区|县|市|省|镇|乡|街道))(?=[0-9０-９]|[一二三四五六七八九十两][个家项]|"
                           r"完成|实现|新增|共|累计|签约|开工|引进|增长|下降|有[0-9０-９一二三四五六七八九十两])")
NOT_ADMIN = {"全区", "本区", "该区", "我区", "城区", "市区", "新区", "园区", "景区", "社区", "片区", "辖区", "全市", "本市", "该市",
             "全县", "本县", "全镇", "各区", "各县", "各市", "开发区", "高新区", "经开区", "保税区", "自贸区", "工业区"}

# the tags a district's stem may carry when jieba does not tag it a place (吴江 nr), never a common word's
# (开发 v, 功能 n, 该 r), nor none (派驻到辖: not a word at all)
PLACE_LIKE = {"ns", "nr", "nrt", "nrfg", "nz", "j"}

# a character before a zone word that cannot end a place name: 在新区, 全区, 、高新区
_NOT_PLACE_END = set("的在和与及、，。；：“”（）《》 \n全本该我各两此")


class ZoneMatcher:
    """Finds zone names in text; longest name first at each position. A zone the profiles do
    not claim (a place name and a zone word: 无锡高新区) is found too, as a mention of no zone,
    so that a short alias inside it (高新区) is not read as ours and its sentences inherit nothing."""

    def __init__(self, profiles: list[Profile]):
        from zoneprofile.extract.discover import CANDIDATE
        from zoneprofile.read.profiles import is_generic

        self.by_name: dict[str, str] = {}
        self.names = {p.id: p.name for p in profiles}
        self.cities = {p.id: p.city for p in profiles}
        self.one_city = len(set(self.cities.values())) <= 1  # the profiles' cities: one, or several
        self.generic: dict[str, list[str]] = {}  # 新区 → the profiles that list it
        for p in profiles:
            for name in p.names:
                if is_generic(name) and name != p.name:
                    self.generic.setdefault(name, []).append(p.id)
                    self.by_name.setdefault(name, p.id)
                else:
                    self.by_name[name] = p.id
        for p in profiles:  # a profile in either script names its zone in both: text is read simplified
            for name, written in simplified_forms(p.names).items():
                if is_generic(name) and name != p.name:
                    if p.id not in self.generic.setdefault(name, []):
                        self.generic[name].append(p.id)
                    self.by_name.setdefault(name, p.id)
                    continue
                owner = self.by_name.setdefault(name, p.id)  # a name another profile writes as such is that one's
                if owner != p.id:
                    log.warning("profile %s: %s is %s in simplified characters, a name of profile %s; "
                                "it stays %s's", p.id, written, name, owner, owner)
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None
        self.full_names = [n for n in names if len(n) >= 4]  # longest first: what a metric loses
        self.candidate = CANDIDATE

    def mentions(self, text: str, start: int = 0, end: int | None = None, foreign: bool = True) -> list[Mention]:
        """The zone names in text[start:end]; `foreign=False` skips the zones no profile claims
        (they cost a tagging of each zone word's context: a whole huge file is judged without them)."""
        end = len(text) if end is None else end
        found = [Mention(m.start(), m.end(), self.by_name[m.group()],
                         generic=m.group() if m.group() in self.generic else None)
                 for m in self.pattern.finditer(text, start, end)] if self.pattern is not None else []
        foreign = self._foreign(text, start, end, found) if foreign else []
        if foreign:
            kept = [m for m in found if not any(f.start <= m.start and m.end <= f.end for f in foreign)]
            found = sorted(kept + foreign, key=lambda m: m.start)
        return self._resolve_generic(found, text) if self.generic else found

    def _resolve_generic(self, found: list[Mention], text: str) -> list[Mention]:
        """A class word alone (新区, 高新区) stands for a zone of that class the text names by name: one of
        ours (a profile listing the word, or any zone of ours whose name ends with it: 湘江新区 … 新区) or a
        zone no profile claims (湘潭高新区 … 国家级高新区: not ours). The one named before it in its own
        sentence, else the one the text names most often (the zone it is about); the text naming none,
        the one profile's that lists the word, if only one does (else none: never guessed)."""
        from bisect import bisect_left

        by_word: dict[str, tuple[list[Mention], list[int], str | None]] = {}  # named, their starts, the usual one

        def named_of(generic: str):
            if generic not in by_word:
                word, listing = _class_word(generic), self.generic[generic]
                named = [n for n in found if n.generic is None and (
                    text[n.start:n.end].endswith(word) if n.zone is None
                    else n.zone in listing or self.names.get(n.zone, "").endswith(word))]
                counts: dict[str, int] = {}
                for n in named:
                    key = n.zone or "\0" + text[n.start:n.end]
                    counts[key] = counts.get(key, 0) + 1
                if named:
                    top = max(counts, key=lambda k: counts[k])
                    usual = None if top.startswith("\0") else top  # another zone's class word
                elif others:
                    # the text is about another zone of ours (长沙经开区 … 园区全年新增…): the word is its
                    # common noun, no mention of the one profile that lists it
                    usual = _COMMON
                elif len(listing) == 1 and (self.one_city or not self.cities.get(listing[0])
                                            or self.cities[listing[0]] in text):
                    usual = listing[0]  # the one profile that lists it (profiles of several cities: in a text of its city)
                else:
                    usual = _COMMON if len(listing) == 1 else None  # another city's text, or ambiguous: never guessed
                by_word[generic] = (named, [n.start for n in named], usual)
            return by_word[generic]

        others = any(n.generic is None and n.zone is not None for n in found)  # a zone of ours named by name
        out = []
        for m in found:
            if m.generic is None:
                out.append(m)
                continue
            named, starts, zone = named_of(m.generic)
            i = bisect_left(starts, m.start) - 1
            if i >= 0:
                sentence_start = max(text.rfind(c, 0, m.start) for c in "。！？!?\n") + 1
                if named[i].start >= sentence_start:
                    zone = named[i].zone  # named before it in its sentence (湘潭高新区成立于…，晋升为国家级高新区)
            if zone is _COMMON:
                continue
            out.append(Mention(m.start, m.end, zone, m.lead, m.generic))
        return out

    def _foreign(self, text: str, start: int, end: int, found: list[Mention]) -> list[Mention]:
        """Zones named in the text that no profile claims: a place (jieba's tags) before a zone word."""
        from zoneprofile.extract.discover import _place

        out: list[Mention] = []
        for m in self.candidate.finditer(text, start, end):
            word = m.start("word")
            if word == start or text[word - 1] in _NOT_PLACE_END:
                continue
            if any(k.start < word < k.end or (k.start < word and k.end >= m.end("word")) for k in found):
                continue  # inside a name of ours (镇江新区's 新区)
            if not _may_be_place(text, word):
                continue  # no word of jieba's dictionary tagged as a place ends here: skip the tagging
            parts = _place(text, word)
            if not parts:
                continue
            begin = word - len("".join(parts))
            if begin >= start and not any(k.start <= begin and m.end("word") <= k.end for k in found):
                out.append(Mention(begin, m.end("word"), None, lead=_leads(text, begin)))
        return out + self._places(text, start, end, found + out)

    def _places(self, text: str, start: int, end: int, found: list[Mention]) -> list[Mention]:
        """Counties, districts, towns as the subjects of their own figures in a list (宿城区5个项目…；沭阳县
        6个项目…): places, not the zone the text names elsewhere; their clauses get no zone of ours."""
        from zoneprofile.lang.dictionary import dictionary_tags

        tags = dictionary_tags()
        out = []
        for m in ADMIN_SUBJECT.finditer(text, start, end):
            name = m.group("name")
            if name in NOT_ADMIN or any(k.start <= m.start() < k.end or m.start() <= k.start < m.end("name")
                                         for k in found):
                continue
            stem = name[:-2] if name.endswith("街道") else name[:-1]
            if tags.get(name) != "ns" and tags.get(stem) != "ns" and not (
                    len(stem) >= 2 and tags.get(stem) in PLACE_LIKE):
                continue  # not a place: 该区, 开发区, 功能区, 派驻到辖区 … (吴江区: jieba tags 吴江 a name, still a place)
            if _leads(text, m.start()):
                out.append(Mention(m.start(), m.end("name"), None, lead=True))
        return out


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

    def subject_at(self, sentence: Sentence, offset: int) -> Mention | None:
        """The zone or place named last before `offset` in its sentence as a subject, if any."""
        before = [m for m in self._sent_mentions.get(sentence.index, []) if m.lead and m.start <= offset]
        return before[-1] if before else None

    def zone_at(self, sentence: Sentence, offset: int) -> tuple[str | None, str]:
        """(zone id or None, how it was decided: sentence|paragraph|document|none)."""
        in_sentence = [m for m in self._sent_mentions.get(sentence.index, []) if m.lead]
        if in_sentence:
            before = [m for m in in_sentence if m.start <= offset]
            return _said((before[-1] if before else in_sentence[0]).zone, "sentence")
        in_para = [m for m in self._para_mentions.get(sentence.paragraph, []) if m.lead]
        earlier = [m for m in in_para if m.start < sentence.start]
        if earlier:
            return _said(earlier[-1].zone, "paragraph")
        if len({m.zone for m in in_para}) == 1:
            return _said(in_para[0].zone, "paragraph")
        if self.document_zone is not None:
            return self.document_zone, "document"
        return None, "none"


_COMMON = "\0common"  # a class word that is a common noun in its text: no mention at all


def _class_word(generic: str) -> str:
    """新区管委会 → 新区: the class word of a generic name."""
    for suffix in ("管委会", "管理委员会", "党工委"):
        if generic.endswith(suffix) and len(generic) > len(suffix):
            return generic[:-len(suffix)]
    return generic


def _may_be_place(text: str, end: int) -> bool:
    """A dictionary look-up: does a word jieba tags as a place (无锡, 苏州市) end at `end`?"""
    from zoneprofile.lang.dictionary import dictionary_tags

    tags = dictionary_tags()
    for n in (2, 3, 4):
        word = text[max(0, end - n):end]
        if tags.get(word) == "ns" or (word[-1:] in "市县区" and tags.get(word[:-1]) == "ns"):
            return True
    return False


_CLAUSE_START = re.compile(r"(?:^|[，,；;。！？!?：:、\n])\s*(?:同期|同时|其中|此外|另外|而|今年|去年|[0-9]{4}年|[^，,；;。]{0,8}?以来)?[，,]?\s*$")


def _leads(text: str, begin: int) -> bool:
    """Whether a name at `begin` opens its clause (a subject), allowing a leading 同期/今年."""
    return bool(_CLAUSE_START.search(text, max(0, begin - 14), begin))


def _said(zone: str | None, how: str) -> tuple[str | None, str]:
    return (zone, how) if zone is not None else (None, "other")  # a zone no profile claims


def document_zone(mentions: list[Mention], paras: list[Paragraph], text: str) -> str | None:
    """The zone named in the headline (first paragraph that names one, if it is
    among the first three), else the only zone named in the document (zones no profile
    claims count: a document about two zones, one of them ours, is not ours alone)."""
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
