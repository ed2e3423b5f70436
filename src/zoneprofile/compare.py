"""Step 5: compare. Turn the fact table into what a brief shows: per-zone
summaries, metrics paired across zones, the remaining facts side by side by
section, numbered citations and the facts no zone could claim.

Everything here is plain data (dataclasses) so that templates receive a typed,
documented context and never touch pandas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from zoneprofile.corpus import Document
from zoneprofile.extract import ENTITY_KINDS, QUANTITY_KINDS, describe_document
from zoneprofile.facts import records
from zoneprofile.profiles import Profile

# Sections of the side-by-side part, by fact kind, in reading order.
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("ranking", "排名与评价", ("rank", "rank_change")),
    ("money", "投资与金融", ("money",)),
    ("percent", "比率与增长", ("percent",)),
    ("count", "数量指标", ("count",)),
    ("area-duration", "面积与时效", ("area", "duration")),
]
QUALIFIER_MARK = {"over": "超", "about": "约", "under": "不足"}
# A brief shows at most this many figures per zone (and as many without a zone), the first
# in reading order: a corpus of thousands of articles still gives a brief of some pages,
# in seconds; the rest are counted in the brief and all are in `zoneprofile extract`.
MAX_FIGURES_PER_ZONE = 300


@dataclass
class FactView:
    """One figure as a brief shows it."""

    zone: str | None
    kind: str
    display: str  # normalised figure with its qualifier, e.g. 超1.4亿元
    exact: str  # the exact value in plain digits, e.g. 140,000,000元
    text: str  # surface text in the source
    value: float | None
    unit: str | None
    qualifier: str
    metric: str | None
    period: str | None
    scope: str | None
    doc: str
    start: int
    end: int
    note: int  # citation number
    also: list[int] = field(default_factory=list)  # further sources that give the same figure


@dataclass
class PairedRow:
    """A metric both (or several) zones report: one cell per zone, None where absent."""

    metric: str
    kind: str
    unit: str | None
    cells: dict[str, FactView | None]
    caveat: str | None = None  # e.g. the periods differ


@dataclass
class Section:
    key: str
    title: str
    rows: list[dict[str, FactView | None]]  # row i holds each zone's i-th fact


@dataclass
class Source:
    number: int
    doc: str  # file name relative to the corpus
    title: str  # from the manifest, else the headline
    date: str | None  # from the manifest
    year: int | None  # the manifest's, else the latest year the text names or implies
    byline: str  # the authors, 、-separated, or ""
    source: str | None  # the publication, from the manifest
    facts: int  # figures taken from it


@dataclass
class Note:
    number: int
    doc: str
    sentence: str


@dataclass
class Mention:
    """An entity named in the sources: an industry, an organization, a person."""

    text: str
    kind: str
    detail: str | None  # a person's titles
    count: int  # how many times the sources name it
    note: int  # citation of the first mention


@dataclass
class ZoneSummary:
    id: str
    name: str
    kind: str
    city: str
    aliases: list[str]
    sources: int
    facts: int
    ranks: list[FactView] = field(default_factory=list)
    industries: list[Mention] = field(default_factory=list)
    organizations: list[Mention] = field(default_factory=list)
    people: list[Mention] = field(default_factory=list)
    initiatives: list[Mention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # the years the figures speak of


@dataclass
class Comparison:
    zones: list[ZoneSummary]
    paired: list[PairedRow]
    sections: list[Section]
    unattributed: list[FactView]
    sources: list[Source]
    notes: list[Note]
    omitted: dict[str, int] = field(default_factory=dict)  # zone id ("" for no zone) → figures not shown


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


def format_number(value: float) -> str:
    """19.3 → '19.3', 1234567 → '1,234,567', 0.5 → '0.5'."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_value(value: float | None, unit: str | None, kind: str) -> str:
    """Money as 亿元/万元 (19.3亿元, 2500万元); other figures with their unit."""
    if value is None:
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
    return f"{format_number(value)}{unit}"


def similar_metrics(a: str | None, b: str | None) -> bool:
    """Two metrics measure the same thing when they share more than half their
    characters: 先锋服务团队 ~ 先锋团队, but not 项目 ~ 项目网格 or 难题 ~ 领导干部领办难题.
    Characters, not words: jieba may cut the two differently."""
    if not a or not b:
        return False
    if a == b:
        return True
    ca, cb = set(a), set(b)
    return len(ca & cb) / len(ca | cb) > 0.5


def _view(row: dict, note: int) -> FactView:
    value = row["value"]
    mark = QUALIFIER_MARK.get(row["qualifier"], "")
    shown = format_value(value, row["unit"], row["kind"])
    scope = row.get("scope")
    if row["kind"] == "rank" and scope:
        shown = f"{scope}{shown}"
    exact = "" if value is None else f"{format_number(value)}{row['unit'] or ''}"
    return FactView(
        zone=row["zone"], kind=row["kind"], display=f"{mark}{shown}", exact=exact, text=row["text"],
        value=value, unit=row["unit"], qualifier=row["qualifier"], metric=row["metric"], period=row["period"],
        scope=scope, doc=row["doc"], start=row["start"], end=row["end"], note=note,
    )


def _merge_repeats(views: list[FactView]) -> list[FactView]:
    """The same figure of the same zone given twice (a headline repeated in the body,
    two articles quoting one number) is shown once, with every citation."""
    first: dict[tuple, FactView] = {}
    out = []
    for v in views:
        key = (v.zone, v.kind, v.value, v.unit, v.qualifier, v.metric, v.scope, v.period)
        if v.zone is not None and key in first:
            if v.note != first[key].note and v.note not in first[key].also:
                first[key].also.append(v.note)
            continue
        first[key] = v
        out.append(v)
    return out


def document_title(doc: Document) -> str:
    """The first line of text, markdown marks removed: the headline."""
    for line in doc.text.splitlines():
        line = re.sub(r"^#+\s*", "", line).strip()
        if line:
            return line[:60]
    return doc.doc


def compare(df: pd.DataFrame, profiles: list[Profile], docs: list[Document],
            zone_ids: list[str] | None = None) -> Comparison:
    """Build the comparison of `zone_ids` (default: every profile, in file order)."""
    chosen = [p for p in profiles if zone_ids is None or p.id in zone_ids]
    if zone_ids:
        order = {z: i for i, z in enumerate(zone_ids)}
        chosen.sort(key=lambda p: order[p.id])
    ids = [p.id for p in chosen]
    every = [r for r in records(df) if r["zone"] in ids or r["zone"] is None]
    rows, omitted = _cap([r for r in every if r["kind"] in QUANTITY_KINDS], MAX_FIGURES_PER_ZONE)
    entity_rows = [r for r in every if r["kind"] in ENTITY_KINDS]

    # citations: one note per quoted sentence, numbered in reading order
    notes: list[Note] = []
    note_of: dict[tuple[str, int], int] = {}
    views: list[FactView] = []
    for r in rows:
        key = (r["doc"], r["sentence_start"])
        if key not in note_of:
            note_of[key] = len(notes) + 1
            notes.append(Note(len(notes) + 1, r["doc"], r["sentence"]))
        views.append(_view(r, note_of[key]))

    def mentions(zone: str, kind: str) -> list[Mention]:
        found: dict[str, Mention] = {}
        for r in entity_rows:
            if r["zone"] != zone or r["kind"] != kind:
                continue
            if r["text"] in found:
                found[r["text"]].count += 1
                continue
            key = (r["doc"], r["sentence_start"])
            if key not in note_of:
                note_of[key] = len(notes) + 1
                notes.append(Note(len(notes) + 1, r["doc"], r["sentence"]))
            found[r["text"]] = Mention(r["text"], kind, r.get("detail"), 1, note_of[key])
        return sorted(found.values(), key=lambda m: -m.count)

    views = _merge_repeats(views)
    by_zone: dict[str, list[FactView]] = {z: [v for v in views if v.zone == z] for z in ids}
    unattributed = [v for v in views if v.zone is None]

    # pair comparable metrics across zones
    paired: list[PairedRow] = []
    used: set[int] = set()
    if len(ids) > 1:
        for v in (v for z in ids for v in by_zone[z]):
            if id(v) in used or not v.metric:
                continue
            cells: dict[str, FactView | None] = {z: None for z in ids}
            cells[v.zone] = v
            for other in ids:
                if other == v.zone:
                    continue
                match = next((w for w in by_zone[other] if id(w) not in used and w.kind == v.kind
                              and w.unit == v.unit and similar_metrics(v.metric, w.metric)), None)
                if match:
                    cells[other] = match
            found = [c for c in cells.values() if c is not None]
            if len(found) < 2:
                continue
            used.update(id(c) for c in found)
            periods = {c.period for c in found}
            caveat = None
            if len(periods) > 1:
                caveat = "口径时间不同：" + " / ".join(c.period or "未注明" for c in found)
            paired.append(PairedRow(v.metric, v.kind, v.unit, cells, caveat))

    sections = []
    for key, title, kinds in SECTIONS:
        columns = {z: [v for v in by_zone[z] if v.kind in kinds and id(v) not in used] for z in ids}
        height = max((len(c) for c in columns.values()), default=0)
        if height == 0:
            continue
        table = [{z: (columns[z][i] if i < len(columns[z]) else None) for z in ids} for i in range(height)]
        sections.append(Section(key, title, table))

    quantities = df[df["kind"].isin(QUANTITY_KINDS)]
    counts = quantities.groupby("doc").size().to_dict() if len(quantities) else {}
    sources = []
    for i, d in enumerate(docs):
        info = describe_document(d)
        sources.append(Source(i + 1, d.doc, info.title or document_title(d), info.date, info.year,
                              "、".join(info.bylines), info.source, int(counts.get(d.doc, 0))))
    zones = []
    for p in chosen:
        mine = by_zone[p.id]
        zones.append(ZoneSummary(
            id=p.id, name=p.name, kind=p.kind, city=p.city, aliases=list(p.aliases),
            sources=len({v.doc for v in mine}), facts=len(mine) + omitted.get(p.id, 0),
            ranks=[v for v in mine if v.kind in ("rank", "rank_change")],
            industries=mentions(p.id, "industry"), organizations=mentions(p.id, "organization"),
            people=mentions(p.id, "person"), initiatives=mentions(p.id, "initiative"),
            years=sorted({int(r["year"]) for r in rows if r["zone"] == p.id and r.get("year")}),
        ))
    return Comparison(zones, paired, sections, unattributed, sources, notes, omitted)
