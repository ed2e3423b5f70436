"""Step 4: extract facts (figures) from one document.

Extraction is a pure function of a Document and the profiles: it returns one
record per fact, each grounded by character offsets (text[start:end] == fact
text). Traps — numerals inside quoted names (“2332”), ordinals (第一批), slogans
(1+4), house numbers (1号厂房) — are rejected before they become quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from zoneprofile.attribute import Attribution, ZoneMatcher, attribute
from zoneprofile.corpus import Document
from zoneprofile.entities import (
    industries,
    initiatives,
    organizations,
    people,
    repeated_mentions,
)
from zoneprofile.metric import (
    FILLER_VERBS,
    KIND_LABELS,
    action_before_tokens,
    clean_metric,
    forget_tokens,
    metric_after_tokens,
    metric_before_tokens,
    nearest_noun_phrase,
    prepare_dictionary,  # noqa: F401  (part of this module's API)
    split_tokens,
    tokens,
)
from zoneprofile.periods import dates, document_year, fact_year, period_at
from zoneprofile.profiles import Profile
from zoneprofile.quantities import QUOTED, quantities, ranks
from zoneprofile.segment import Sentence, paragraphs, sentences
from zoneprofile.structure import BYLINE, CREDIT, Structure, analyse
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
    year: int | None = None  # the year the figure speaks of, where known
    detail: str | None = None  # a person's titles, a date in ISO form
    value_min: float | int | None = None  # the lower end of a range (3至5年); value is the upper end



def _strip_names(metric: str | None, matcher: ZoneMatcher) -> str | None:
    """镇江新区综合排名 → 综合排名: the zone is a column of its own."""
    if metric and matcher.pattern is not None:
        metric = matcher.pattern.sub("", metric).strip() or None
    return metric


def _metric(text: str, sent: Sentence, item: dict, floor: int = 0) -> tuple[str | None, str]:
    """(metric, fallback) of one figure. The metric is the phrase that names what
    the figure measures, or None; the fallback, for when neither it nor the
    sentence's previous figures say more, is the action, the nearest noun phrase
    of the clause, or at least the kind of measure. `floor` is where the previous
    figure ended: a metric never reaches back past another figure."""
    start, end = item["span"]
    left, right = clause_bounds(text, sent, start, end)
    left = max(left, floor)
    before, after = split_tokens(text, left, right, item["metric_end"], item.get("unit_end", end))
    if item["kind"] == "count":
        found = metric_after_tokens(after) or metric_before_tokens(before)
    else:
        found = metric_before_tokens(before) or metric_after_tokens(after)
    fallback = action_before_tokens(before) or nearest_noun_phrase(before, after) or KIND_LABELS[item["kind"]]
    return found, fallback


QUANTITY_KINDS = ("money", "percent", "count", "rank", "rank_change", "area", "duration")
ENTITY_KINDS = ("organization", "person", "industry", "initiative", "date")


@dataclass(frozen=True)
class DocumentInfo:
    """What a document is, beside its facts: for the brief's sources list."""

    doc: str
    title: str | None
    date: str | None  # from the manifest
    year: int | None  # the manifest's, else inferred from the text
    year_source: str  # manifest | text | unknown
    source: str | None  # from the manifest
    bylines: tuple[str, ...]
    credits: tuple[str, ...]
    encoding: str


def describe_document(doc: Document, structure: Structure | None = None) -> DocumentInfo:
    structure = structure or analyse(doc.text, paragraphs(doc.text))
    year, how = document_year(doc.text, doc.meta.get("date"))
    return DocumentInfo(doc.doc, doc.meta.get("title") or structure.title, doc.meta.get("date"), year, how,
                        doc.meta.get("source"), tuple(structure.bylines), tuple(structure.credits), doc.encoding)


def _quantity_items(text: str, sent: Sentence, quoted) -> list[dict]:
    items = ranks(text, sent)
    return items + quantities(text, sent, [i["span"] for i in items], quoted)


def _entity_items(text: str, sent: Sentence, doc_year: int | None) -> list[dict]:
    items = dates(text, sent, doc_year)
    for extractor in (organizations, people, industries, initiatives):
        items += [i for i in extractor(text, sent)
                  if not any(s < i["span"][1] and i["span"][0] < e for s, e in (j["span"] for j in items))]
    return items


def extract_document(doc: Document, profiles: list[Profile], matcher: ZoneMatcher | None = None) -> list[Fact]:
    """All facts of one document, in order of their position in the text."""
    forget_tokens()  # the tags kept are for one document at a time
    text = doc.text
    matcher = matcher or ZoneMatcher(profiles)
    names = {p.id: p.name for p in profiles}
    paras = paragraphs(text)
    sents = sentences(text, paras)
    structure = analyse(text, paras)
    doc_year, _ = document_year(text, doc.meta.get("date"))
    who: Attribution = attribute(text, paras, sents, matcher)
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    facts: list[Fact] = []
    for sent in sents:
        if structure.role_at(sent.start) in (BYLINE, CREDIT):
            continue  # metadata of the document (DocumentInfo), not facts
        items = _quantity_items(text, sent, quoted)
        taken = [i["span"] for i in items]
        items += [i for i in _entity_items(text, sent, doc_year)
                  if not any(s < i["span"][1] and i["span"][0] < e for s, e in taken)]
        if not items:
            continue
        sentence_text = re.sub(r"\s*\n\s*", "", sent.of(text))
        previous: dict[tuple[str, str], str] = {}  # (kind, unit) → last metric in this sentence
        floor, last_metric, last_end = sent.start, None, -1
        for item in sorted(items, key=lambda i: i["span"]):
            start, end = item["span"]
            zone, how = who.zone_at(sent, start)
            common = dict(doc=doc.doc, zone=zone, zone_name=names.get(zone) if zone else None, kind=item["kind"],
                          text=text[start:end], start=start, end=end, sentence=sentence_text, attribution=how,
                          sentence_start=sent.start, sentence_end=sent.end)
            if item["kind"] in ENTITY_KINDS:
                facts.append(Fact(**common, value=None, unit=None, qualifier=None, metric=None, period=None,
                                  year=item.get("year"), detail=item.get("detail")))
                continue
            found, fallback = _metric(text, sent, item, floor)
            metric = _strip_names(found, matcher)
            key = (item["kind"], item["unit"])
            if metric is None and key in previous:
                # 领办难题10项，已完成6项: the second figure counts the same thing, in a new state
                left, _ = clause_bounds(text, sent, start, end)
                toks = tokens(text[max(left, floor):item["metric_end"]])
                state = clean_metric([w for w, f in toks if (f.startswith("v") and w not in FILLER_VERBS)
                                      or (w in ("已", "已经") and f == "d")])
                head = clean_metric([w for w, _ in tokens(previous[key])][-2:])
                metric = f"{head}{state}" if state and item["kind"] != "rank" else previous[key]
            if metric is None and last_metric and re.fullmatch(r"\s*、\s*", text[last_end:item["metric_end"]]):
                metric = last_metric  # 摸排约23400户、近53400人: one list, one metric
            if metric:
                previous.setdefault(key, metric)
            metric = metric or _strip_names(fallback, matcher) or KIND_LABELS[item["kind"]]
            floor, last_metric, last_end = end, metric, end
            period = period_at(text, sent, start)
            facts.append(Fact(**common, value=item["value"], unit=item["unit"], qualifier=item["qualifier"],
                              metric=metric, period=period, scope=item["scope"],
                              year=fact_year(period, doc_year), value_min=item.get("value_min")))
    facts += _repeated(doc, facts, sents, who, names)
    return sorted(facts, key=lambda f: (f.start, f.end))


def _repeated(doc: Document, facts: list[Fact], sents: list[Sentence], who: Attribution,
              names: dict[str, str]) -> list[Fact]:
    """Recurring mentions of entities already recognised in this document."""
    text = doc.text
    found = [dict(span=(f.start, f.end), kind=f.kind) for f in facts if f.kind in ENTITY_KINDS]
    taken = [(f.start, f.end) for f in facts if f.kind not in ENTITY_KINDS]
    starts = [s.start for s in sents]
    out = []
    for item in repeated_mentions(text, found, taken):
        start, end = item["span"]
        i = bisect_right(starts, start) - 1
        if i < 0 or end > sents[i].end:
            continue  # outside any sentence (a byline, a credit): metadata, not a fact
        sent = sents[i]
        zone, how = who.zone_at(sent, start)
        out.append(Fact(doc=doc.doc, zone=zone, zone_name=names.get(zone) if zone else None, kind=item["kind"],
                        text=text[start:end], start=start, end=end, value=None, unit=None, qualifier=None,
                        metric=None, period=None, sentence=re.sub(r"\s*\n\s*", "", sent.of(text)),
                        attribution=how, sentence_start=sent.start, sentence_end=sent.end))
    return out
