"""What kind of number a figure is of its indicator: its measure, the basis of a growth, its scope.

An analyst compares a level with a level, a growth with a growth (on the same basis), a share with a
share: 地区生产总值372亿元, 地区生产总值增长9.1%, 占全市比重15%, 全市第4位 are four different things of
one indicator. These are read from the words around the figure in its clause, by hand: they are the
genre's fixed phrasings (同比增长, 占…比重, 净增, 亩均), which no library names.

    measure   level     an amount, a count, a rate as such (覆盖率95%, 新增企业120家: a flow is a level)
              growth    a rate of change (同比增长8.2%, 增速, 下降3%, 年均增长12%, 增长5倍)
              share     a part of a whole (占全市比重15%, 占比, 所占份额)
              rank      a place in a ranking (全省第5位)
              change    a difference of a stock, a rate or a place (净增120家, 提高3个百分点, 前进7位)
              per_unit  an amount per unit (亩均税收, 人均, 每万人, 万元GDP能耗)
    basis     for a growth or a change: 同比 (on the same period of the year before: also when no basis is
              written), 年均 (a yearly average), 环比, 比2009年 (since a named year), 比成立时 — growths on
              different bases are not comparable
    scope     the part of the zone a figure is of, where the text gives one: 直管区, 全域, 核心区, or a
              sub-area named as the clause's subject (生物医药产业基地实现产值85亿元): not the zone's total
"""

from __future__ import annotations

import re

MEASURES = ("level", "growth", "share", "rank", "change", "per_unit")

# the clause (a 、 list stays one clause: 分别增长12%、22%)
_CLAUSE_CUT = re.compile(r"[，,；;：:。！？!?\n]")
_GROWTH = re.compile(r"(?:同比|环比|年均|平均)?(?:增长|增速|增幅|涨幅|下降|降幅|减少|下滑|回落|提升|提高|上升|增加|扩大|缩减|压缩|缩短|精简)"
                     r"(?:了|率|幅度)?(?:[（(]下同[）)])?(?:约|近|超|超过|逾|达|达到|为|分别为|分别)?$"
                     r"|(?:增速|增幅|增长率|降幅|涨幅)[^，,；;。、\d]{0,6}$")
_CHANGE_TO = re.compile(r"(?:到|至|为)(?:了)?(?:约|近|超|超过|逾)?$")  # 提高到30%: the new level, not a growth
_SHARE = re.compile(r"占[^，,；;。]{0,24}?(?:的)?(?:比重|比例|份额|总量|总数|总额|全部|总)?[^，,；;。]{0,4}$"
                    r"|(?:比重|占比|比例|份额|所占|贡献率)[^，,；;。\d]{0,8}$")
_PER_UNIT = re.compile(r"亩均|人均|户均|每万人|每千人|每平方公里|万元(?:GDP|地区生产总值|工业增加值|增加值)|单位(?:GDP|地区生产总值|工业增加值|增加值)|平均每")
_CHANGE = re.compile(r"净增(?:加)?|净减(?:少)?|(?:比|较)(?:上年|去年|上年同期|去年同期|上年末|去年底|年初)[^，,；;。\d]{0,6}?(?:增加|减少|多|少|新增)"
                     r"|(?:同比|环比)(?:增加|减少|多|少)|增加了|减少了|前进|后退|前移|上升(?=\d|[一二三四五六七八九十]+位)|下降(?=\d+位|[一二三四五六七八九十]+位)")
# an amount a verb of change gives is the size of the change: 优良天数增加15天, 生产总值增长120亿元 (not 新增: a flow)
_BY_AMOUNT = re.compile(r"(?<!新)(?:增加|增长|减少|下降|提高|降低|扩大|缩减)了?(?:约|近|超|超过|逾)?$")
_BASIS = [
    (re.compile(r"年均|年平均"), "年均"),
    (re.compile(r"环比"), "环比"),
    (re.compile(r"(?:与|比|较|同)(?:新区|园区|开发区|高新区|经开区|本区|全区)?(?:成立|设立|建区|挂牌)(?:时|之初|初期)"), "比成立时"),
    (re.compile(r"(?:与|比|较|同)((?:19|20)\d{2})年(?:底|末|初)?(?:相比)?"), None),  # 比2009年: since that year
    (re.compile(r"同比|比上年|较上年|比去年|较去年|上年同期|去年同期"), "同比"),
]
_SCOPE_WORDS = re.compile(r"直管区|全域|核心区|托管区|规划区|建成区|起步区|拓展区")
_SUB_AREA = re.compile(r"^(?:其中[，,]?)?(?P<name>[\u4e00-\u9fffA-Za-z0-9]{0,14}?(?:产业基地|基地|产业园|工业园|科技园|园区|片区|出口加工区|"
                       r"综合保税区|综保区|保税区|功能区|街道|社区|镇))(?=实现|完成|引进|新增|共|累计|达|有|拥有|入驻|聚集|集聚|签约|开工|投产|"
                       r"规上|工业|产值|营业|税收|固定资产|[0-9０-９])")
_NOT_SUB_AREA = re.compile(r"^(?:全|本|该|我|各|整个)")


def clause_start(text: str, lo: int, start: int) -> int:
    """The start of the clause holding `start` (a 、 list is one clause)."""
    left = lo
    for m in _CLAUSE_CUT.finditer(text, lo, start):
        left = m.end()
    return left


def measure_of(text: str, kind: str, unit: str | None, start: int, end: int, clause_lo: int,
               previous: tuple[int, str | None, str | None] | None = None,
               sentence_lo: int | None = None) -> tuple[str | None, str | None]:
    """(measure, basis) of the figure text[start:end]; `previous` is (end, measure, basis) of the figure
    before it in the same clause, whose measure a list item separated only by 、 or 和 takes
    (分别增长12%、22%). `clause_lo`: where the figure's clause starts; `sentence_lo`: where its sentence
    does (a basis may be said once for the sentence: 与2009年相比，地区生产总值增长108.3%、…)."""
    if kind == "rank":
        return "rank", None
    if kind == "rank_change":
        return "change", None
    if kind in ("order", "date") or kind is None:
        return None, None
    lead = text[clause_lo:start]
    near = lead[-14:]
    if previous is not None and re.fullmatch(r"\s*(?:[、和及与]|以及)\s*", text[previous[0]:start]):
        return previous[1], previous[2]
    basis = _basis(lead) or _basis(text[sentence_lo if sentence_lo is not None else clause_lo:clause_lo], False)
    if kind in ("percent", "multiple"):
        if unit == "百分点":
            return "change", basis
        if _SHARE.search(near) and not _GROWTH.search(near[-6:]):
            return "share", None
        if _GROWTH.search(near) and not _CHANGE_TO.search(near):
            return "growth", basis or "同比"
        if kind == "multiple":
            return "level", None  # 是全市的3倍: a ratio
        if _PER_UNIT.search(lead):
            return "per_unit", None
        return "level", None
    # amounts: money, counts, areas, durations
    if _PER_UNIT.search(lead):
        return "per_unit", None
    if _CHANGE.search(near) or _BY_AMOUNT.search(near) or (
            _GROWTH.search(near) and basis is not None and not _CHANGE_TO.search(near)):
        return "change", basis or "同比"
    return "level", None


def _basis(lead: str, same_year_too: bool = True) -> str | None:
    """The basis a lead names; in the clauses before the figure's own (same_year_too False) only a basis
    other than 同比, which a clause says for itself."""
    for pattern, name in _BASIS:
        m = pattern.search(lead)
        if m and (same_year_too or name != "同比"):
            return name or f"比{m.group(1)}年"
    return None


def scope_of(text: str, clause_lo: int, start: int, sentence_lo: int | None = None) -> str | None:
    """The part of the zone the figure is of, where its clause says: 直管区, 全域 …, or a sub-area named as
    the clause's subject (出口加工区实现产值…) — or as the subject of its sentence's first clause when the
    figure's own clause has none (新能源汽车产业基地共引进企业约20家，实现工业总产值85亿元); None for the
    zone as a whole."""
    lead = text[clause_lo:start]
    m = _SCOPE_WORDS.search(lead)
    if m:
        return m.group()
    name = _sub_area(lead)
    if name is None and sentence_lo is not None and sentence_lo < clause_lo and _NO_SUBJECT.match(lead):
        first = text[sentence_lo:_first_clause_end(text, sentence_lo, clause_lo)]
        name = _sub_area(first)
    return name


_NO_SUBJECT = re.compile(r"\s*(?:并|且|共|累计|合计|全年|当年|实现|完成|新增|引进|达到|达|拥有|有|入驻|带动|产值|营业收入|税收|总产值|工业总产值)")


def _first_clause_end(text: str, lo: int, hi: int) -> int:
    m = _CLAUSE_CUT.search(text, lo, hi)
    return m.start() if m else hi


def _sub_area(lead: str) -> str | None:
    m = _SUB_AREA.match(lead.lstrip())
    if m and len(m.group("name")) >= 4 and not _NOT_SUB_AREA.match(m.group("name")):
        return m.group("name")  # not 园区 or 全区 alone: the zone itself
    return None
