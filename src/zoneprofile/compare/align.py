"""Align figures across zones by indicator: one row per (indicator, measure, basis, outlook).

Analysts compare indicators, not phrases: 地区生产总值 and GDP are one row, 总产值 and 增加值 two; a
level, its growth, its share and its rank are four rows; a target is never beside a result; a growth
on another basis (年均, 比2009年) is another row. What still differs between the figures of a row
(their years, periods, scopes, currencies, ranking lists) is stated on the row, never hidden.
Figures of a part of a zone (a sub-area named as the clause's subject) are not aligned with zone
totals: they stay under their zone with the figures that match no indicator.
"""

from __future__ import annotations

import re

from zoneprofile.compare.views import AlignedRow, DimensionSection, FactView, PairedRow

MEASURE_LABELS = {"level": "总量", "growth": "增速", "share": "占比", "rank": "排名", "change": "变化",
                  "per_unit": "单位/人均"}
# scopes a whole-zone figure may carry: the row states them; any other scope is a part of the zone
ZONE_SCOPES = {"直管区", "全域", "核心区", "托管区", "规划区", "建成区", "起步区", "拓展区", "全国", "全省", "全市"}
RANK_KINDS = ("rank", "rank_change")
# a period that covers a whole year (or says nothing narrower): compared first
WHOLE_YEAR = ("全年", "年度", "今年", "去年")


def alignable(v: FactView, catalogue) -> bool:
    """A figure of a zone that has an indicator and speaks of the whole zone (and, for the outputs of a
    programme, names its programme)."""
    if v.zone is None or not v.indicator or not v.measure or v.indicator not in catalogue.indicators:
        return False
    if catalogue.indicators[v.indicator].compare == "programme" and not v.programme:
        return False  # 解决问题73个: of which programme? Not to be set beside another programme's count
    return v.scope is None or v.scope in ZONE_SCOPES


def row_key(v: FactView, catalogue) -> tuple:
    """What must be equal for two figures to share a row."""
    basis = v.basis if v.basis not in (None, "同比") else "同比"
    if v.measure not in ("growth", "change"):
        basis = None
    rank_scope = v.scope if v.kind in RANK_KINDS else None  # 全国第22位 and 全省第5位 are two places
    programme = v.programme if catalogue.indicators[v.indicator].compare == "programme" else None
    return (v.indicator, v.measure, basis, v.outlook or None, rank_scope, _currency(v), programme)


def _currency(v: FactView) -> str | None:
    return v.unit if v.kind == "money" else None


def _preference(v: FactView) -> tuple:
    """Which of a zone's figures for a row is compared: the latest year, then a whole year's, then (for a
    level) the largest — a total, not one of its parts —, then an exact one, then the first given."""
    period = v.period or ""
    whole = not period or any(w in period for w in WHOLE_YEAR) or period.endswith("年")
    size = -(v.value or 0) if v.measure in ("level", "per_unit") and v.kind not in RANK_KINDS else 0
    return (-(v.year or 0), 0 if whole else 1, size, v.qualifier != "exact", v.note)


def _period_class(period: str | None) -> str | None:
    """A period as what it covers: a whole year, however written (全年, 去年, 2016年, 今年, none), is one."""
    if period is None or re.fullmatch(r"(?:(?:19|20)\d{2}年?|今年|去年|本年)?(?:全年|年度)?", period):
        return "全年"
    return re.sub(r"^(?:(?:19|20)\d{2}年?|今年|去年|本年)", "", period)  # 2019年1-8月份 ~ 1-8月份


def _caveats(primary: list[FactView], notes: str | None) -> list[str]:
    out = []
    years = [c.year for c in primary]
    if len(set(years)) > 1:
        out.append("年份不同：" + " / ".join(str(y) if y else "未注明" for y in years))
    periods = [c.period or "未注明" for c in primary]
    if len({_period_class(c.period) for c in primary}) > 1:
        out.append("统计时段不同：" + " / ".join(periods))
    scopes = {c.scope for c in primary if c.kind not in RANK_KINDS}
    if len(scopes) > 1:
        out.append("统计范围不同：" + " / ".join(c.scope or "全区" for c in primary))
    rankings = {c.ranking for c in primary if c.kind in RANK_KINDS}
    if len(rankings) > 1:
        out.append("榜单不同：" + " / ".join(c.ranking or "未注明" for c in primary))
    fields = {c.of for c in primary if c.kind in RANK_KINDS and c.of}
    if len(fields) > 1:
        out.append("参评数不同：" + " / ".join(f"{c.of}个" if c.of else "未注明" for c in primary))
    if len({c.kind for c in primary}) > 1:
        out.append("名次与名次变化不可直接比较")
    qualifiers = {c.qualifier for c in primary}
    if len(qualifiers) > 1:
        out.append("有的是约数或门槛值")
    return out


def _merge_unstated_rank_scopes(groups: dict[tuple, dict[str, list[FactView]]]) -> None:
    """A zone's place with no scope written (排名第14位) joins the same zone's places of the same ranking
    that write one (全国第14位) when that zone writes only one: the scope was left unsaid, not another
    list. A zone that writes two (全国 and 全省), or none, keeps its unscoped place on a row of its own:
    which list it is cannot be told, and another zone's scope says nothing of it."""
    for key in [k for k in groups if k[1] == "rank" and k[4] is None]:
        siblings = [k for k in groups if k[4] is not None and k[:4] == key[:4] and k[5:] == key[5:]]
        for z in list(groups[key]):
            scoped = [k for k in siblings if groups[k].get(z)]
            if len(scoped) == 1:
                groups[scoped[0]][z].extend(groups[key].pop(z))
        if not groups[key]:
            del groups[key]


def align(by_zone: dict[str, list[FactView]], zone_ids: list[str], catalogue) -> tuple[list[DimensionSection], set[int]]:
    """(the catalogue's dimensions with their rows, the ids of the FactViews placed in a row)."""
    groups: dict[tuple, dict[str, list[FactView]]] = {}
    for z in zone_ids:
        for v in by_zone.get(z, []):
            if alignable(v, catalogue):
                groups.setdefault(row_key(v, catalogue), {}).setdefault(z, []).append(v)
    _merge_unstated_rank_scopes(groups)
    order = {iid: n for n, iid in enumerate(catalogue.indicators)}
    measure_order = {m: n for n, m in enumerate(MEASURE_LABELS)}
    rows: dict[str, tuple[list, list]] = {d.id: ([], []) for d in catalogue.dimensions}
    used: set[int] = set()
    for key in sorted(groups, key=lambda k: (order[k[0]], measure_order.get(k[1], 9), k[3] or "", k[2] or "",
                                             k[4] or "", k[5] or "", k[6] or "")):
        # one figure per zone: the one compared; a zone's other figures of the row stay under the zone
        cells = {z: sorted(groups[key].get(z, []), key=_preference)[:1] for z in zone_ids}
        reporting = [z for z in zone_ids if cells[z]]
        indicator = catalogue.indicators[key[0]]
        if indicator.compare == "programme" and len(reporting) < 2:
            continue  # one zone's programme output is no finding about the other: it stays under its zone
        primary = [cells[z][0] for z in reporting]
        measure = key[1]
        chartable = (len(reporting) == len(zone_ids) > 1 and measure in ("level", "growth", "share", "per_unit")
                     and len({(c.unit, c.kind) for c in primary}) == 1
                     and all(c.value is not None and c.value > 0 for c in primary))
        row = AlignedRow(indicator=indicator.id, label=indicator.label, measure=measure,
                         measure_label=MEASURE_LABELS.get(measure, measure), basis=key[2], outlook=key[3],
                         cells=cells, caveats=_caveats(primary, indicator.note) if len(primary) > 1 else [],
                         note=indicator.note, definition=indicator.definition, chartable=chartable,
                         programme=key[6])
        aligned, singles = rows.setdefault(indicator.dimension, ([], []))
        (aligned if len(reporting) > 1 else singles).append(row)
        used.update(id(v) for z in reporting for v in cells[z])
    sections = [DimensionSection(d.id, d.label, dict(d.evaluation), *rows[d.id])
                for d in catalogue.dimensions if rows[d.id][0] or rows[d.id][1]]
    return sections, used


def paired_rows(sections: list[DimensionSection], zone_ids: list[str]) -> list[PairedRow]:
    """The aligned rows with one figure per zone (the one compared), for the overview chart and for
    templates written for the PairedRow of earlier versions."""
    out = []
    for section in sections:
        for row in section.rows:
            cells = {z: (row.cells[z][0] if row.cells[z] else None) for z in zone_ids}
            first = next(c for c in cells.values() if c is not None)
            label = row.label if row.measure == "level" else f"{row.label}{row.measure_label}"
            if row.outlook:
                label += "（目标）" if row.outlook == "target" else "（预计）"
            out.append(PairedRow(label, first.kind, first.unit, cells, "；".join(row.caveats) or None, row.chartable))
    return out
