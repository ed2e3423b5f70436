"""Step 4: extract facts (figures) from one document.

Extraction is a pure function of a Document and the profiles: it returns one
record per fact, each grounded by character offsets (text[start:end] == fact
text). Traps — numerals inside quoted names (“2332”), ordinals (第一批), slogans
(1+4), house numbers (1号厂房) — are rejected before they become quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zoneprofile.attribute import Attribution, ZoneMatcher, attribute
from zoneprofile.corpus import Document
from zoneprofile.metric import (
    FILLER_VERBS,
    clean_metric,
    metric_after_tokens,
    metric_before_tokens,
    prepare_dictionary,  # noqa: F401  (part of this module's API)
    split_tokens,
    tokens,
)
from zoneprofile.periods import period_at
from zoneprofile.profiles import Profile
from zoneprofile.quantities import QUOTED, quantities, ranks
from zoneprofile.segment import Sentence, paragraphs, sentences
from zoneprofile.text import clause_bounds


@dataclass(frozen=True)
class Fact:
    """One extracted fact. Field order is the `extract` contract (see README)."""

    doc: str
    zone: str | None
    zone_name: str | None
    kind: str
    text: str
    start: int
    end: int
    value: float | int | None
    unit: str | None
    qualifier: str | None
    metric: str | None
    period: str | None
    sentence: str
    # extensions after the contract fields
    scope: str | None = None  # 全国/全省/全市 for ranks
    attribution: str = "none"  # how the zone was decided: sentence|paragraph|document|none
    sentence_start: int = 0
    sentence_end: int = 0



def _strip_names(metric: str | None, matcher: ZoneMatcher) -> str | None:
    """镇江新区综合排名 → 综合排名: the zone is a column of its own."""
    if metric and matcher.pattern is not None:
        metric = matcher.pattern.sub("", metric).strip() or None
    return metric


def _metric(text: str, sent: Sentence, item: dict) -> str | None:
    start, end = item["span"]
    left, right = clause_bounds(text, sent, start, end)
    before, after = split_tokens(text, left, right, item["metric_end"], item.get("unit_end", end))
    if item["kind"] == "count":
        return metric_after_tokens(after) or metric_before_tokens(before)
    return metric_before_tokens(before) or metric_after_tokens(after)


def extract_document(doc: Document, profiles: list[Profile], matcher: ZoneMatcher | None = None) -> list[Fact]:
    """All facts of one document, in order of their position in the text."""
    text = doc.text
    matcher = matcher or ZoneMatcher(profiles)
    names = {p.id: p.name for p in profiles}
    paras = paragraphs(text)
    sents = sentences(text, paras)
    who: Attribution = attribute(text, paras, sents, matcher)
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    facts: list[Fact] = []
    for sent in sents:
        items = ranks(text, sent)
        items += quantities(text, sent, [i["span"] for i in items], quoted)
        if not items:
            continue
        sentence_text = re.sub(r"\s*\n\s*", "", sent.of(text))
        previous: dict[tuple[str, str], str] = {}  # (kind, unit) → last metric in this sentence
        for item in sorted(items, key=lambda i: i["span"]):
            start, end = item["span"]
            metric = _strip_names(_metric(text, sent, item), matcher)
            key = (item["kind"], item["unit"])
            if metric is None and key in previous:
                # 领办难题10项，已完成6项: the second figure counts the same thing
                left, _ = clause_bounds(text, sent, start, end)
                verb = clean_metric([w for w, f in tokens(text[left:item["metric_end"]])
                                      if f.startswith("v") and w not in FILLER_VERBS])
                metric = f"{previous[key]}（{verb}）" if verb and item["kind"] != "rank" else previous[key]
            if metric:
                previous.setdefault(key, metric)
            zone, how = who.zone_at(sent, start)
            facts.append(Fact(
                doc=doc.doc, zone=zone, zone_name=names.get(zone) if zone else None, kind=item["kind"],
                text=text[start:end], start=start, end=end, value=item["value"], unit=item["unit"],
                qualifier=item["qualifier"], metric=metric, period=period_at(text, sent, start),
                sentence=sentence_text, scope=item["scope"], attribution=how,
                sentence_start=sent.start, sentence_end=sent.end,
            ))
    return facts
