"""Step 5: compare. Turn the fact table into the brief's context: figures classified
into categories, comparable metrics paired across zones, each zone at a glance,
distinctive vocabulary, numbered citations, and the figures no zone could claim.

Everything returned is plain data (context.py), so templates never touch pandas.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from zoneprofile.compare.align import align, paired_rows
from zoneprofile.compare.categories import Categories
from zoneprofile.compare.views import (
    Category,
    FactView,
    Mention,
    Note,
    Source,
    Term,
    ZoneSummary,
)
from zoneprofile.extract.periods import data_year
from zoneprofile.extract.record import ENTITY_KINDS, QUANTITY_KINDS, DocumentInfo
from zoneprofile.read.corpus import Document
from zoneprofile.read.profiles import Profile

QUALIFIER_MARK = {"over": "超", "about": "约", "under": "不足"}
# A brief shows at most this many figures per zone (and as many without a zone), the first
# in reading order: a corpus of thousands of articles still gives a brief of some pages,
# in seconds; the rest are counted in the brief and all are in `zoneprofile extract`.
MAX_FIGURES_PER_ZONE = 300


def _cap(rows: list[dict], limit: int) -> tuple[list[dict], dict[str, int]]:
    """The first `limit` figures of each zone (and of no zone), in reading order; how many are left out."""
    kept, seen, omitted = [], {}, {}
    for r in rows:
        zone = r["zone"] or ""
        seen[zone] = seen.get(zone, 0) + 1
        if seen[zone] <= limit:
            kept.append(r)
        else:
            omitted[zone] = omitted.get(zone, 0) + 1
    return kept, omitted
RANK_KINDS = ("rank", "rank_change")


# ---------------------------------------------------------------- number formatting
def format_number(value: float) -> str:
    """19.3 → '19.3', 1234567 → '1,234,567', 0.5 → '0.5'."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_value(value: float | None, unit: str | None, kind: str) -> str:
    """Money as 亿元/万元 (19.3亿元, 2,500万元); other figures with their unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    unit = unit or ""
    if kind == "rank":
        return f"第{format_number(value)}位"
    if kind == "rank_change":
        return f"{'上升' if value > 0 else '下降'}{format_number(abs(value))}位"
    if kind == "money" or (kind == "area" and value >= 10_000):
        for size, word in ((1e8, "亿"), (1e4, "万")):
            if abs(value) >= size:
                return f"{format_number(round(value / size, 4))}{word}{unit}"
    if unit == "百分点":
        unit = "个百分点"  # 提高了3个百分点, as it is written
    return f"{format_number(value)}{unit}"


# ---------------------------------------------------------------- figures and citations

def _view(row: dict, note: int, category: str) -> FactView:
    value = row["value"]
    shown = format_value(value, row["unit"], row["kind"])
    mark = QUALIFIER_MARK.get(row["qualifier"], "")
    if row["kind"] == "rank" and row["qualifier"] == "under":  # 前3位: among the first three
        shown, mark = f"前{format_number(value)}位", ""
    low = row.get("value_min")
    if low is not None and not (isinstance(low, float) and math.isnan(low)) and row["qualifier"] == "under":
        lower = format_value(low, row["unit"], row["kind"]).removesuffix(row["unit"] or "")
        shown, mark = f"{lower}–{shown}", ""  # 1-2个工作日: the range, not 不足2个工作日
    if row["kind"] == "rank" and row.get("scope"):
        shown = f"{row['scope']}{shown}"
    exact = f"{format_number(value)}{row['unit'] or ''}" if value is not None else ""
    return FactView(
        zone=row["zone"], kind=row["kind"], display=f"{mark}{shown}",
        exact=exact, text=row["text"], value=value, unit=row["unit"], qualifier=row["qualifier"],
        metric=row["metric"], period=row["period"], year=row.get("year"), scope=row.get("scope"),
        category=category, doc=row["doc"], start=row["start"], end=row["end"], note=note,
        outlook=_text_or_none(row.get("outlook")), indicator=_text_or_none(row.get("indicator")),
        measure=_text_or_none(row.get("measure")), basis=_text_or_none(row.get("basis")),
        ranking=_text_or_none(row.get("ranking")), of=_int_or_none(row.get("of")),
    )


def _with_programmes(views: list[FactView], initiatives: list[dict]) -> list[FactView]:
    """Each figure's programme: the quoted initiative named last before it in its sentence, or in the
    text just before (its paragraph's opening: “学亚夫、做亚夫”活动开展以来，…组建38支先锋服务团队)."""
    by_doc: dict[str, list[tuple[int, str]]] = {}
    for r in initiatives:
        by_doc.setdefault(r["doc"], []).append((r["start"], r["text"]))
    for v in views:
        found = [t for s, t in by_doc.get(v.doc, []) if v.start - PROGRAMME_REACH <= s < v.start]
        v.programme = found[-1] if found else None
    return views


# how far before a figure its programme may be named (a sentence or two of the genre)
PROGRAMME_REACH = 200


def _int_or_none(value) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None  # a column read back may hold NaN


def _merge_repeats(views: list[FactView]) -> list[FactView]:
    """The same figure of the same zone given twice (a headline repeated in the body,
    two articles quoting one number) is shown once, with every citation."""
    first: dict[tuple, FactView] = {}
    out = []
    for v in views:
        key = (v.zone, v.kind, v.value, v.unit, v.qualifier, v.metric, v.scope, v.period, v.outlook, v.indicator,
               v.measure, v.basis)
        if v.zone is not None and key in first:
            if v.note != first[key].note and v.note not in first[key].also:
                first[key].also.append(v.note)
            continue
        first[key] = v
        out.append(v)
    return out


def _note_parts(sentence: str, texts: list[str]) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is_figure) pieces, figures in reading order."""
    parts, pos = [], 0
    for t in texts:
        i = sentence.find(t, pos)
        if i < 0:
            continue
        if i > pos:
            parts.append((sentence[pos:i], False))
        parts.append((t, True))
        pos = i + len(t)
    if pos < len(sentence):
        parts.append((sentence[pos:], False))
    return parts


class _Citations:
    """Numbers sentences as they are first cited."""

    def __init__(self, source_number: dict[str, int]):
        self.notes: list[Note] = []
        self._of: dict[tuple[str, int], Note] = {}
        self._source_number = source_number

    def cite(self, row: dict, figure: str | None = None, exact: str | None = None) -> int:
        key = (row["doc"], row["sentence_start"])
        note = self._of.get(key)
        if note is None:
            note = Note(len(self.notes) + 1, row["doc"], self._source_number.get(row["doc"], 0), row["sentence"],
                        [], [])
            self._of[key] = note
            self.notes.append(note)
        if figure and figure not in [p for p, is_fig in note.parts if is_fig]:
            note.parts.append((figure, True))
            if exact and figure.lstrip("超约不足") != exact:
                note.exact.append(f"{figure} = {exact}")
        return note.number

    def finish(self) -> list[Note]:
        for note in self.notes:
            note.parts = _note_parts(note.sentence, [p for p, _ in note.parts])
        return self.notes


# ---------------------------------------------------------------- zones at a glance
# the indicators a zone's headline figures come from first, in this order: the statistics every zone reports
HEADLINE_INDICATORS = ("gdp", "industrial_output", "operating_revenue", "fixed_asset_investment",
                       "general_budget_revenue", "tax_revenue", "fdi", "trade", "hitech_firms", "listed_firms")


def headline_figures(views: list[FactView], limit: int = 4) -> list[FactView]:
    """A zone's headline figures, results only (a target or a forecast is no headline figure of what a
    zone has done) and of the whole zone: its main statistics first (地区生产总值, 规上工业总产值 …, the level,
    else the growth; the latest), then the largest sum, the strongest growth, the most firms, the largest
    area."""
    picks: list[FactView] = []
    views = [v for v in views if not v.outlook and not (v.scope and v.kind not in RANK_KINDS)]
    for indicator in HEADLINE_INDICATORS:
        mine = [v for v in views if v.indicator == indicator and v.measure in ("level", "growth")]
        if mine and len(picks) < limit:
            picks.append(min(mine, key=lambda v: (v.measure != "level", -(v.year or 0), v.note)))

    def best(candidates, key=lambda v: v.value or 0):
        candidates = [v for v in candidates if v not in picks]
        return max(candidates, key=key) if candidates else None

    for chooser in (
        lambda: best([v for v in views if v.kind == "money"]),
        lambda: best([v for v in views if v.kind == "percent" and v.metric and re.search("增长|增幅|提高", v.metric)]),
        lambda: best([v for v in views if v.kind == "count" and v.unit == "家" and v.metric and "企业" in v.metric])
        or best([v for v in views if v.kind == "count" and v.unit == "家"]),
        lambda: best([v for v in views if v.kind == "count" and v.metric and "项目" in v.metric]),
        lambda: best([v for v in views if v.kind == "area"]),
    ):
        pick = chooser()
        if pick is not None:
            picks.append(pick)
        if len(picks) >= limit:
            break
    return picks


def period_label(years: list[int]) -> str:
    if not years:
        return "—"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _mentions(rows: list[dict], zone: str, kind: str, cite) -> list[Mention]:
    found: dict[str, Mention] = {}
    for r in rows:
        if r["zone"] != zone or r["kind"] != kind:
            continue
        if r["text"] in found:
            found[r["text"]].count += 1
            continue
        found[r["text"]] = Mention(r["text"], kind, r.get("detail"), 1, cite(r))
    return sorted(found.values(), key=lambda m: -m.count)




def fact_records(facts) -> list[dict]:
    """The facts as plain dicts (nulls as None): a list of them as given, or the rows of a fact
    table (a pandas DataFrame, store.facts), so the comparison itself needs no pandas."""
    if isinstance(facts, list):
        return facts
    from zoneprofile.store.facts import records

    return records(facts)


def sources_of(docs: list[Document | DocumentInfo], facts) -> list[Source]:
    """The sources list, from the documents, or from their DocumentInfo when the texts are not at
    hand (a brief from a fact store: brief --facts). `facts`: records or a fact table."""
    counts: dict[str, int] = {}
    years: dict[str, list] = {}
    for r in fact_records(facts):
        if r["kind"] in QUANTITY_KINDS:
            counts[r["doc"]] = counts.get(r["doc"], 0) + 1
            years.setdefault(r["doc"], []).append(r.get("year"))
    if not all(isinstance(d, DocumentInfo) for d in docs):
        # a Document is read here (a caller of compare() with texts): the extraction's modules are
        # imported for it only then; a brief's documents come described by its workers or the cache
        from zoneprofile.extract.document import describe_document, document_title
    out = []
    for i, d in enumerate(docs):
        info = d if isinstance(d, DocumentInfo) else describe_document(d)
        found = data_year(years.get(d.doc, []))
        if found is not None and info.year_source not in ("review", "present"):
            info = replace(info, year=found, year_source="figures")  # the year most of its figures are of
        title = info.title or (d.doc if isinstance(d, DocumentInfo) else document_title(d))
        out.append(Source(i + 1, d.doc, title, info.date, info.year,
                          "、".join(info.bylines), info.source, int(counts.get(d.doc, 0)), info.year_source))
    return out


# ---------------------------------------------------------------- the comparison
def compare(facts, profiles: list[Profile], docs: list[Document], zone_ids: list[str],
            categories: Categories, colors: dict[str, str],
            vocabulary: dict[str, list[tuple[str, float, int]]] | None = None,
            max_figures: int | None = None, catalogue=None):
    """Build (zones, categories, paired, unattributed, unattributed_omitted, sources, notes, dimensions) for
    `zone_ids`: the figures aligned by the indicators of `catalogue` (extract.indicators; default the
    built-in one) in its dimensions, the rest under their zone by category."""
    if catalogue is None:
        from zoneprofile.extract.indicators import default_catalogue

        catalogue = default_catalogue()
    by_id = {p.id: p for p in profiles}
    chosen = [by_id[z] for z in zone_ids]
    every = fact_records(facts)
    sources = sources_of(docs, every)
    every = [r for r in every if r["zone"] in zone_ids or r["zone"] is None]
    cites = _Citations({s.doc: s.number for s in sources})

    limit = MAX_FIGURES_PER_ZONE if max_figures is None else max_figures
    # a class's bound (过亿元企业: measure threshold) is no figure of the zone: its class's count is
    quantities, omitted = _cap([r for r in every if r["kind"] in QUANTITY_KINDS and r.get("measure") != "threshold"],
                               limit)
    views: list[FactView] = []
    for r in quantities:
        rule = categories.classify(r["kind"], r["metric"], r["sentence"], r["sentence"].find(r["text"]))
        view = _view(r, 0, rule.key)
        view.note = cites.cite(r, view.display, view.exact)
        views.append(view)
    views = _merge_repeats(_with_programmes(views, [r for r in every if r["kind"] == "initiative"]))
    by_zone = {z: [v for v in views if v.zone == z] for z in zone_ids}
    unattributed = [v for v in views if v.zone is None]

    dimensions, used = align(by_zone, zone_ids, catalogue)
    sections: list[Category] = []
    for rule in categories.all:  # what no indicator takes: under its zone, by category
        rest = {z: [v for v in by_zone[z] if v.category == rule.key and id(v) not in used] for z in zone_ids}
        height = max((len(c) for c in rest.values()), default=0)
        table = [{z: (rest[z][i] if i < len(rest[z]) else None) for z in zone_ids} for i in range(height)]
        if table:
            sections.append(Category(rule.key, rule.title, [], table))

    entity_rows = [r for r in every if r["kind"] in ENTITY_KINDS]
    zones = []
    for p in chosen:
        mine = by_zone[p.id]
        years = sorted({int(v.year) for v in mine if v.year})
        terms = [Term(w, round(z, 2), n) for w, z, n in (vocabulary or {}).get(p.id, [])[:12] if z > 0]
        zones.append(ZoneSummary(
            id=p.id, name=p.name, kind=p.kind, city=p.city, aliases=list(p.aliases), color=colors[p.id],
            sources=len({v.doc for v in mine}), facts=len(mine), years=years, period_label=period_label(years),
            omitted=omitted.get(p.id, 0),
            ranks=[v for v in mine if v.kind in RANK_KINDS], headline=headline_figures(mine),
            industries=_mentions(entity_rows, p.id, "industry", cites.cite),
            organizations=_mentions(entity_rows, p.id, "organization", cites.cite),
            people=_mentions(entity_rows, p.id, "person", cites.cite),
            initiatives=_mentions(entity_rows, p.id, "initiative", cites.cite),
            vocabulary=terms,
        ))
    return (zones, sections, paired_rows(dimensions, zone_ids), unattributed, omitted.get("", 0), sources,
            cites.finish(), dimensions)
