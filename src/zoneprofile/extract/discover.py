"""Zones the corpus names that no profile claims: 苏州工业园区, 南京江北新区 ...

A candidate is a place name (jieba tags it as one) followed by a zone word
(新区, 高新区, 经开区, 开发区, 工业园区 ...). Generic phrases (国家级经开区,
全省开发区) are not zones. `draft_profile` writes a starting point for a profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from zoneprofile.lang.dictionary import short_tokens
from zoneprofile.read.corpus import Document
from zoneprofile.read.profiles import Profile

ZONE_WORDS = {
    "高新技术产业开发区": "国家级高新技术产业开发区", "经济技术开发区": "国家级经济技术开发区",
    "经济开发区": "经济开发区", "工业园区": "工业园区", "产业园区": "产业园区", "高新区": "高新技术产业开发区",
    "经开区": "经济技术开发区", "开发区": "开发区", "新区": "新区", "自贸区": "自由贸易试验区", "保税区": "保税区",
}
CANDIDATE = re.compile(
    rf"(?P<place>[\u4e00-\u9fff]{{2,6}}?)(?P<word>{'|'.join(sorted(ZONE_WORDS, key=len, reverse=True))})"
)
PLACE_TAGS = {"ns", "nsf"}
ZONE_WORD = re.compile("|".join(ZONE_WORDS))


@dataclass
class Candidate:
    name: str
    place: str  # the first place name: the city, usually
    kind: str
    count: int = 0
    docs: set[str] = field(default_factory=set)
    example: str = ""


def _place(text: str, word_start: int) -> list[str]:
    """The place-name tokens right before a zone word, tagged in context
    (陆续加盟新区: 加盟 is a verb there, not a place)."""
    context = text[max(0, word_start - 10):word_start]
    toks = short_tokens(context)
    place: list[str] = []
    rest = list(toks)
    while rest:
        word, flag = rest[-1]
        if flag in PLACE_TAGS or (place and word.endswith(("市", "县", "区", "省"))):
            place.insert(0, word)
            rest.pop()
        else:
            break
    if rest and rest[-1][1] in {"d", "ad"}:
        return []  # 陆续加盟新区: after an adverb the "place" is a verb jieba mis-tags
    return place if len("".join(place)) >= 2 else []


def strip_zone_names(phrase: str) -> str:
    """The phrase without the zone names in it (苏州工业园区综合排名 → 综合排名); generic
    phrases (国家级经开区) stay, as `discover` does not count them as zones either."""
    if not ZONE_WORD.search(phrase):
        return phrase
    for m in reversed(list(CANDIDATE.finditer(phrase))):
        parts = _place(phrase, m.start("word"))
        if parts:
            start = m.start("word") - len("".join(parts))
            phrase = phrase[:start] + phrase[m.end():]
    return phrase


def discover(docs: Iterable[Document], profiles: list[Profile]) -> list[Candidate]:
    claimed = {n for p in profiles for n in p.names}
    found: dict[str, Candidate] = {}
    for doc in docs:
        for m in CANDIDATE.finditer(doc.text):
            parts = _place(doc.text, m.start("word"))
            if not parts:
                continue
            place = "".join(parts)
            name = place + m.group("word")
            if name in claimed or any(name.endswith(c) and len(c) >= 4 for c in claimed):
                continue
            cand = found.setdefault(name, Candidate(name, parts[0], ZONE_WORDS[m.group("word")]))
            cand.count += 1
            cand.docs.add(doc.doc)
            if not cand.example:
                line = doc.text[max(0, m.start() - 20):m.end() + 20].replace("\n", " ")
                cand.example = f"{doc.doc}: …{line}…"
    return sorted(found.values(), key=lambda c: (-c.count, c.name))


def profile_id(name: str) -> str:
    from pypinyin import lazy_pinyin

    return re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(name)).lower()).strip("-") or "zone"


def draft_profile(c: Candidate) -> str:
    """A profile to review: the name as the corpus writes it; aliases to fill in."""
    import yaml

    city = re.sub(r"(市|县|区|省)$", "", c.place)
    data = {"id": profile_id(c.name), "name": c.name, "aliases": [], "kind": c.kind, "city": city,
            "draft": True}
    example = re.sub(r"[\r\n\x0b\x0c\x85\u2028\u2029]", " ", c.example)  # each a line break to YAML
    header = (f"# Draft written by `zoneprofile zones --discover` from {len(c.docs)} document(s), "
              f"{c.count} mention(s).\n# Check kind and city, add the aliases the texts use, then remove "
              f"'draft'.\n# e.g. {example}\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
