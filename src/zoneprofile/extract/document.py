"""Step 4: extract facts (figures) from one document.

Extraction is a pure function of a Document and the profiles: it returns one
record per fact, each grounded by character offsets (text[start:end] == fact
text). Traps — numerals inside quoted names (“2332”), ordinals (第一批), slogans
(1+4), house numbers (1号厂房) — are rejected before they become quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from zoneprofile.extract.attribute import (
    Attribution,
    Mention,
    ZoneMatcher,
    attribute,
    document_zone,
)
from zoneprofile.extract.discover import strip_zone_names
from zoneprofile.extract.entities import (
    LONG_QUOTE,
    industries,
    initiatives,
    is_slogan,
    organizations,
    people,
    repeated_mentions,
)
from zoneprofile.extract.indicators import (
    Catalogue,
    assign,
    default_catalogue,
    unit_dimension,
)
from zoneprofile.extract.measures import clause_start, measure_of, scope_of
from zoneprofile.extract.metric import (
    BASE_WORDS,
    FILLER_VERBS,
    GROWTH,
    KIND_LABELS,
    LINK_WORDS,
    action_before_tokens,
    clean_metric,
    head_after_modifier,
    metric_after_tokens,
    metric_before_tokens,
    nearest_noun_phrase,
    split_tokens,
)
from zoneprofile.extract.periods import (
    dates,
    document_year,
    fact_year,
    outlook_at,
    period_at,
    publication_year,
    section_years,
    year_marks,
)
from zoneprofile.extract.quantities import DURATION_VERBS, QUOTED, STRUCTURE_PART, quantities, ranks
from zoneprofile.extract.record import (  # noqa: F401  (the contract's names, also here)
    ENTITY_KINDS,
    QUANTITY_KINDS,
    DocumentInfo,
    Fact,
    fact_fields,
)
from zoneprofile.lang.dictionary import prepare_dictionary, tokens  # noqa: F401
from zoneprofile.lang.script import simplified
from zoneprofile.lang.text import Needing, clause_bounds
from zoneprofile.read.corpus import Document
from zoneprofile.read.profiles import Profile
from zoneprofile.read.segment import Paragraph, Sentence, paragraphs, sentences
from zoneprofile.read.structure import BYLINE, CREDIT, Structure, analyse


def _strip_names(metric: str | None, matcher: ZoneMatcher) -> str | None:
    """镇江新区综合排名 → 综合排名: the zone is a column of its own. Only full names
    are removed: a short alias inside a metric names a class of zones (国家级高新区).
    Zones no profile claims (苏州工业园区) are names, not metrics, either."""
    if metric:
        for name in matcher.full_names:
            if name in metric:
                metric = metric.replace(name, "")
        metric = SELF_REFERENCE.sub("", strip_zone_names(metric)).strip() or None
    return metric


# 全区GDP, 开发区实际利用外资: the zone speaking of itself; the zone is the fact's column
SELF_REFERENCE = re.compile(r"^(?:全区|本区|该区|全园|园区|新区|开发区|高新区|经开区|工业园区)(?=..)")


UNIFIED = re.compile(r"集[^。；！？]{1,40}?于一体的")
CLAUSE_END = re.compile(r"[，,；;。！？!?]")
# 市重大项目投资占比、年度投资完成率分别列全市第1、第2: one metric for each figure, in order
RESPECTIVELY = re.compile(r"(?P<subjects>(?:[^，。；：、\s]{2,20}、)+[^，。；：、\s]{2,20})分别")


FROM_TO = re.compile(r"(?P<subject>[\u4e00-\u9fffA-Za-z]{2,12}?)(?:从|由)(?P<from>[^，,；;。]{1,24}?)"
                     r"(?:提高|增长|增加|上升|扩大|下降|减少|降低|压缩|缩短|提升|跃升|增|降|升)(?:到|至|为)")
# 产业投资增幅、高技术制造业投资增幅均排名全市第一: one figure for all the listed subjects
SHARED = re.compile(r"(?P<subjects>(?:[^，,。；;：:、\s]{2,20}、)*[^，,。；;：:、\s]{2,40})(?<![平人户首成京])(?:均|都|全部|皆)")
LEADING_FRAME = re.compile(r"^(?:其中|全区|全市|全省|全年|今年|去年|上半年|前三季度|截至目前|目前|同时|园区|新区|本区|该区|"
                           r"开发区|高新区|经开区)+")
# 在2017年全省简政放权创业创新环境评价中: the ranking a rank belongs to
RANKING = re.compile(r"在(?P<frame>[^，,。；;！？!?在]{2,40}?(?:评价|评比|考评|考核|评估|测评|排名|排行榜?|榜单?|"
                     r"名单|评选|指数|调查|监测|竞赛|大赛)(?:结果)?)中")
RANKING_NOISE = re.compile(r"^(?:[0-9０-９]{4}(?:年度|年)(?:[0-9０-９一二三四上下]+(?:季度|半年|月份?))?|全国|全省|全市|全区|最新)+")


RESPECTIVELY = Needing(RESPECTIVELY, "分别")
SHARED = Needing(SHARED, re.compile("均|都|全部|皆"))
FROM_TO = Needing(FROM_TO, re.compile("从|由"), re.compile("到|至|为"))


def _change_verb(between: str) -> str | None:
    """The verb between 分别/均 and a figure that says how each subject changed (增长, 精简)."""
    return clean_metric([w for w, f in tokens(between) if w in GROWTH or (
        f[0] in "vna" and w not in LINK_WORDS and w not in FILLER_VERBS and w not in BASE_WORDS)])


def _subjects(phrase: str) -> list[str]:
    """产值、税收和外资 → [产值, 税收, 外资]; a period or scope in front is not a subject."""
    parts = phrase.split("、")
    tail = re.split(r"(?<=.{2})(?:和|与|及|以及)(?=.{2})", parts[-1], maxsplit=1)
    parts = [LEADING_FRAME.sub("", p) for p in parts[:-1] + tail]
    return [p for p in parts if p]


def _respective_metrics(text: str, sent: Sentence, items: list[dict]) -> dict[int, str]:
    """Figures after 分别 take the listed subjects before it, one each, in order; a figure
    after 均 (all of them) takes the whole list."""
    out: dict[int, str] = {}
    figures = sorted((i for i in items if i["kind"] in QUANTITY_KINDS), key=lambda i: i["span"])
    if not figures:
        return out
    for m in RESPECTIVELY.finditer(text, sent.start, sent.end):
        subjects = _subjects(m.group("subjects"))  # 产值、税收和外资 → 产值, 税收, 外资
        after = [i for i in figures if i["span"][0] >= m.end()]
        if len(after) >= len(subjects) and after[len(subjects) - 1]["span"][0] - m.end() < 40:
            verb = _change_verb(text[m.end():after[0]["metric_end"]])  # the words before the first figure
            for subject, item in zip(subjects, after):
                out[item["span"][0]] = LEADING_FRAME.sub("", subject) + (verb or "")  # 会议、文件分别压缩25%和30%
    for m in FROM_TO.finditer(text, sent.start, sent.end):
        subject = LEADING_FRAME.sub("", m.group("subject"))
        stop = CLAUSE_END.search(text, m.end(), sent.end)
        for item in figures:
            if len(subject) >= 2 and m.start("from") <= item["span"][0] < (stop.start() if stop else sent.end):
                out.setdefault(item["span"][0], subject)  # 市场主体从1万多家增长到3万多家: both count 市场主体
    for m in SHARED.finditer(text, sent.start, sent.end):
        subjects = _subjects(m.group("subjects"))
        if len(subjects) < 2:
            continue
        stop = CLAUSE_END.search(text, m.end(), sent.end)
        for item in figures:
            start = item["span"][0]
            if m.end() <= start < (stop.start() if stop else sent.end) and start - m.end() < 20:
                verb = _change_verb(text[m.end():item["metric_end"]])  # 均增长 → the growth of each
                out.setdefault(start, "、".join(subjects) + (verb or ""))
    return out


SENTENCE_PART_END = re.compile(r"[；;。！？!?]")
NEXT_FIGURE = re.compile(r"[0-9０-９]|[一二三四五六七八九十两百千万]+(?:家|个|项|所|座|名|人|件|条|处|支)")
PLACE_PART = re.compile(r"(?:其中)?[\u4e00-\u9fff]{1,6}(?:区|县|市|镇|乡|街道|园区|开发区|高新区|新区|经开区)")
# zones or places listed before 分别: 长沙经开区、望城经开区和宁乡经开区分别实现…
RESPECTIVE_PLACES = Needing(re.compile(r"(?P<subjects>[^，。；：\s]{2,20}(?:(?:、|和|及|与)[^，。；：、\s]{2,20}?)+)分别"),
                            "分别")


def _respective_zones(text: str, sent: Sentence, items: list[dict],
                      who: Attribution) -> dict[int, tuple[Mention, str | None]]:
    """The figures after 分别 when the subjects before it are zones or places, each named once: of
    each kind and unit, as many figures as subjects go to them one each, in order (长沙经开区、望城经开区
    分别实现营收1200亿元、980亿元，增长8%、6%: 1200亿元 and 8% are 长沙经开区's)."""
    out: dict[int, tuple[Mention, str | None]] = {}
    figures = sorted((i for i in items if i["kind"] in QUANTITY_KINDS), key=lambda i: i["span"])
    for m in RESPECTIVE_PLACES.finditer(text, sent.start, sent.end):
        named: list[Mention] = []
        parts = list(re.finditer(r"[^、和及与]+", text[m.start("subjects"):m.end("subjects")]))
        for n, part in enumerate(parts):
            a, b = m.start("subjects") + part.start(), m.start("subjects") + part.end()
            inside = [x for x in who.mentions if a <= x.start and x.end <= b]
            # the last part may go on with what is measured: …、句容市规上工业增加值分别增长…
            place = PLACE_PART.fullmatch(text, a, b) or (n == len(parts) - 1 and PLACE_PART.match(text, a, b))
            if len(inside) == 1:
                named.append(inside[0])
            elif not inside and place:
                named.append(Mention(a, place.end(), None))  # 宿城区、沭阳县…: a place of no profile
            else:
                break  # not every listed subject is a zone or a place
        if len(named) < 2 or len(named) != len(parts) or not any(x.zone for x in named):
            continue  # (places alone: their own clause subjects say whose figures they are)
        stop = SENTENCE_PART_END.search(text, m.end(), sent.end)  # its clauses run on: …1200亿元、980亿元，增长8%、6%
        groups: dict[tuple, list[dict]] = {}
        for item in figures:
            if m.end() <= item["span"][0] < (stop.start() if stop else sent.end):
                groups.setdefault((item["kind"], item["unit"]), []).append(item)
        tail = text[named[-1].end:m.end("subjects")].strip()  # …、句容市规上工业增加值分别: what each measures
        for group in groups.values():
            if len(group) == len(named):
                verb = _change_verb(text[m.end():group[0]["metric_end"]]) if len(tail) >= 2 else None
                for mention, item in zip(named, group):
                    out[item["span"][0]] = (mention, tail + (verb or "") if len(tail) >= 2 else None)
    return out


# a change or a rank with no subject of its own: 同比增长, 年均增长, 增速, 增幅
GROWTH_OF = re.compile(r"(?P<what>[^\s]{2,}?)(?:同比|环比|年均)?(?:增长|增速|下降)")
CHANGE_ONLY = re.compile(r"(?:同比|环比|年均|平均|累计)?(?:增长|增幅|增速|增长率|下降|降幅|提高|上升|减少|分别增长)")


# a clause about the city, province or country as a whole: 全市开发区平均增速, 全省实际使用外资
WIDER_AREA = re.compile(r"^(?:[^，,；;。]{0,12}?[，,])?\s*(?:今年|去年|全年|前三季度|上半年|[0-9]{4}年)?\s*"
                        r"(?:全市|全省|全国|全县|全球)(?!第|前列|首|率先|最|领先)")


# after a count, the group the zone is one of (27个国家级高新区之一)
ONE_OF = re.compile(r"[^，,。；;、]{0,12}?之一")
# a share's list of wholes: 占长沙市61%、全省24% (the zone's share of each, not the province's figure)
SHARE_OF_LIST = re.compile(r"占[^，,；;。]*$")


def _names_only(text: str, sent: Sentence, offset: int, item: dict, who: Attribution) -> bool:
    """Whether the clause of a figure is a zone's or place's name and a change word alone (镇江高新区增长7.4%)."""
    left, _ = clause_bounds(text, sent, offset, offset)
    named = [m for m in who.mentions if left <= m.start < offset]
    return bool(named) and CHANGE_ONLY.fullmatch(text[named[-1].end:item["metric_end"]].strip()) is not None and \
        not text[left:named[-1].start].strip()


def _zone_in_clause(text: str, sent: Sentence, offset: int, who: Attribution) -> bool:
    """Whether a zone is named in the clause of `offset`, before it (全市开发区中，镇江新区增速最快: the zone's)."""
    left, _ = clause_bounds(text, sent, offset, offset)
    return any(left <= m.start < offset for m in who.mentions)


def _speaks_of_a_wider_area(text: str, sent: Sentence, offset: int, clause_only: bool = False) -> bool:
    """Whether the clause of `offset` (or, unless `clause_only`, its sentence) opens on the city, the
    province or the country (with a zone named in the sentence, only its own clause can say so:
    全市新开工项目中，…开发区4个项目，总投资20亿元 is the zone's)."""
    left, _ = clause_bounds(text, sent, offset, offset)
    in_share_list = left > sent.start and text[left - 1] == "、" and SHARE_OF_LIST.search(text, sent.start, left - 1)
    return (bool(WIDER_AREA.match(text[left:offset])) and not in_share_list) or (
        not clause_only and bool(WIDER_AREA.match(text[sent.start:offset])))


def _ranking(text: str, sent: Sentence, item: dict) -> str | None:
    """The ranking or evaluation a rank is in: 在2017年全省简政放权创业创新环境评价中 → 简政放权创业创新环境评价."""
    found = None
    for m in RANKING.finditer(text, sent.start, item["span"][0]):
        found = m
    if not found:
        return None
    frame = strip_zone_names(RANKING_NOISE.sub("", found.group("frame")))
    return frame if len(frame) >= 2 else None


RANK_KINDS = ("rank", "rank_change", "order")
# the label of a figure whose words say nothing more (extract.metric's, and the kinds added since)
LABELS = {**KIND_LABELS, "order": "次序", "multiple": "倍数"}


def _list_of(item: dict, frame: str | None) -> str | None:
    """The list a rank or an order belongs to: the field the text names (全国146个高新区 → 全国高新区,
    中西部, 全国社工人才扶持办法), else the evaluation it is in (在…考核中), else its scope (全市)."""
    if item["kind"] not in RANK_KINDS:
        return None
    field = item.get("ranking")
    if field:
        return field
    scope = item.get("scope")
    if frame:
        return f"{scope}{frame}" if scope and not frame.startswith(scope) else frame
    return scope


# one-character words of time and place left over when jieba cuts a phrase: never what is measured
REMNANTS = set("时中内外后前里上下间楼层")
NOTE_BEFORE = re.compile(r"[（(][^（）()\d]{1,12}[）)]\s*$")
SHARE = re.compile(r"(?P<a>[0-9\u4e00-\u9fffA-Za-z]{2,20}?)占(?P<b>[^，,；;。：:占]{2,20}?)的?(?P<c>比重|比例|份额)"
                   r"(?:为|达|达到|已达|约|上升到|上升至|提高到|提高至|升至|降至|下降到|下降至|增至)?\s*$")
SHARE_LEAD = re.compile(r"^(?:[0-9]{4}年度?|今年|去年|全年|全区|其中|同时)+")
CATEGORY_UNITS = {"类", "大类", "种", "门类"}
NEXT_COUNT = re.compile(r"\s*(?:[0-9０-９][0-9０-９.,]*|[一二两三四五六七八九十百千]+)(?:多|余)?[万千百]?(?:多|余)?"
                        r"(?:个|项|家|条|件|种|台|座|处|类|名|位)")
DURATION_LEADS = {**DURATION_VERBS, "仅用": "用时", "只用": "用时"}  # 仅用5天: its metric, too
DURATION_LEAD = re.compile(rf"(?P<verb>{'|'.join(DURATION_LEADS)})(?:了|约|近|仅|短短|长达)?\s*$")


def _metric(text: str, sent: Sentence, item: dict, floor: int = 0) -> tuple[str | None, str]:
    """(metric, fallback) of one figure. The metric is the phrase that names what
    the figure measures, or None; the fallback, for when neither it nor the
    sentence's previous figures say more, is the action, the nearest noun phrase
    of the clause, or at least the kind of measure. `floor` is where the previous
    figure ended: a metric never reaches back past another figure."""
    start, end = item["span"]
    if item.get("metric"):  # the pattern that found the figure knows what it counts
        return item["metric"], LABELS[item["kind"]]
    left, right = clause_bounds(text, sent, start, end)
    left = max(left, floor)
    unit_end = item.get("unit_end", end)
    if floor > sent.start and re.search(r"(?:和|与|及|、)\s*$", text[left:item["metric_end"]]):
        left = item["metric_end"]  # 30%绩效显著和10%…: the words before 和 describe the previous figure
    whole = UNIFIED.match(text, unit_end, sent.end)
    if whole:  # 35个集党群服务、公共服务于一体的综合型加油站: the noun comes after 于一体的
        unit_end = whole.end()
        stop = CLAUSE_END.search(text, unit_end, sent.end)
        right = stop.start() if stop else sent.end
    note = NOTE_BEFORE.search(text, left, item["metric_end"])  # 同比增长（下同）13%: the note is not the metric
    before, after = split_tokens(text, left, right, note.start() if note else item["metric_end"], unit_end)
    found = None
    if item["kind"] == "count":
        inner = NEXT_COUNT.match(text, unit_end, right) if item["unit"] in CATEGORY_UNITS else None
        if inner:  # 6大类35个流程: categories of what the next figure counts
            noun = metric_after_tokens(split_tokens(text, left, right, inner.end(), inner.end())[1])
            found = f"{noun}类别" if noun else None
        stop = CLAUSE_END.search(text, unit_end, sent.end)  # a modifier may run past 、
        wide = stop.start() if stop else sent.end
        if NEXT_FIGURE.search(text, right, wide):
            wide = right  # 国家级孵化器5家、省级众创空间12家: the next item has a figure of its own
        found = (found or head_after_modifier(split_tokens(text, left, wide, item["metric_end"], unit_end)[1]
                                              if wide > right else after)
                 or metric_after_tokens(after) or metric_before_tokens(before))
    else:
        found = metric_before_tokens(before) or metric_after_tokens(after)
    if item["kind"] == "percent" and after and after[0][1] in ("v", "a") and after[0][0] not in LINK_WORDS:
        done = clean_metric([w for w, f in after[:2] if f in ("v", "vn", "a")])  # 民生实事得到100%落实 → 民生实事落实
        found = f"{metric_before_tokens(before) or ''}{done}" if done and found != metric_after_tokens(after) else found
    share = SHARE.search(text, max(sent.start, left - 30), item["metric_end"]) if item["kind"] == "percent" else None
    if share:  # 社会投资占固定资产投资总额的比重为74.9%
        subject = SHARE_LEAD.sub("", share.group("a"))
        found = f"{subject}占{share.group('b')}{share.group('c')}" if len(subject) >= 2 else found
    lead = DURATION_LEAD.search(text, left, item["metric_end"]) if item["kind"] == "duration" else None
    if lead:  # 历经226天 → 历时; 项目建设用时近3年 → 项目建设用时
        verb = DURATION_LEADS[lead.group("verb")]
        found = verb if not found else found if found.endswith(verb) or found in text[lead.end():unit_end] \
            else found + verb
    fallback = action_before_tokens(before) or nearest_noun_phrase(before, after) or LABELS[item["kind"]]
    return found, fallback






def describe_document(doc: Document, structure: Structure | None = None) -> DocumentInfo:
    analysed = simplified(doc.text)  # 記者張誼 is a byline as 记者张谊 is; the names stay as written
    structure = structure or analyse(analysed, paragraphs(analysed))
    year, how = document_year(doc.text, doc.meta.get("date"))

    def written(s: str | None) -> str | None:
        i = analysed.find(s) if s and analysed is not doc.text else -1
        return doc.text[i:i + len(s)] if i >= 0 else s

    return DocumentInfo(doc.doc, doc.meta.get("title") or written(structure.title), doc.meta.get("date"), year, how,
                        doc.meta.get("source"), tuple(map(written, structure.bylines)),
                        tuple(map(written, structure.credits)), doc.encoding)


def _quantity_items(text: str, sent: Sentence, quoted) -> list[dict]:
    items = ranks(text, sent)  # ranks and orders of arrival first: 全国146个高新区第三位's 146 is no count
    taken = [i["span"] for i in items] + [i["of_span"] for i in items if i.get("of_span")]
    return items + quantities(text, sent, taken, quoted)


def _entity_items(text: str, sent: Sentence, doc_year: int | None) -> list[dict]:
    items = dates(text, sent, doc_year)
    for extractor in (organizations, people, industries, initiatives):
        items += [i for i in extractor(text, sent)
                  if not any(s < i["span"][1] and i["span"][0] < e for s, e in (j["span"] for j in items))]
    return items


# A text longer than this (a dump of many articles) is extracted in parts of about this
# many characters, cut between paragraphs, so that time and memory grow linearly with it.
PART_CHARS = 100_000


@dataclass(frozen=True)
class _Whole:
    """What a part of a long document takes from the whole of it."""

    year: int | None  # the document's year
    published: int | None  # the year it was written (its dateline's)
    zone: str | None  # the document's zone (its headline's, or the only one it names)
    ends_document: bool  # this part is the last: its last blocks may be bylines


def extract_document(doc: Document, profiles: list[Profile], matcher: ZoneMatcher | None = None,
                     catalogue: Catalogue | None = None) -> list[Fact]:
    """All facts of one document, in order of their position in the text. `catalogue`: the indicator
    catalogue the figures are read against (default: the built-in one)."""
    matcher = matcher or ZoneMatcher(profiles)
    catalogue = catalogue or default_catalogue()
    analysed = simplified(doc.text)
    if analysed is not doc.text:  # traditional characters: analysed as simplified, quoted as written
        return [_as_written(f, doc.text) for f in _extract_any(replace(doc, text=analysed), profiles, matcher,
                                                                catalogue)]
    return _extract_any(doc, profiles, matcher, catalogue)


def _extract_any(doc: Document, profiles: list[Profile], matcher: ZoneMatcher, catalogue: Catalogue) -> list[Fact]:
    if len(doc.text) <= PART_CHARS:
        return _extract(doc, profiles, matcher, catalogue=catalogue)
    return _extract_in_parts(doc, profiles, matcher, catalogue)


def _sentence_text(text: str, start: int, end: int) -> str:
    """A sentence as quoted: the line breaks the page layout put inside it removed."""
    return re.sub(r"\s*\n\s*", "", text[start:end])


def _as_written(fact: Fact, original: str) -> Fact:
    """A fact found in the simplified twin of a text, with its surface and sentence as the text writes
    them (the twin has the original's length, character for character: the offsets are the same)."""
    return replace(fact, text=original[fact.start:fact.end],
                   sentence=_sentence_text(original, fact.sentence_start, fact.sentence_end))


def part_bounds(text: str, paras: list[Paragraph], size: int = PART_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts of `text` covering all of it, each cut at the start of
    a paragraph, or, inside a paragraph longer than `size`, at a line break or a sentence end."""
    cuts = [0]
    for para in paras:
        if para.start - cuts[-1] > size // 2 and para.end - cuts[-1] > size:
            cuts.append(para.start)
        while para.end - cuts[-1] > size:
            limit = cuts[-1] + size
            low = cuts[-1] + size // 2
            m = None
            for pattern in ("\n", "[。！？!?]"):
                found = [x.end() for x in re.finditer(pattern, text[low:limit])]
                if found:
                    m = low + found[-1]
                    break
            cuts.append(m if m is not None else limit)
    cuts.append(len(text))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _section_start(sections: list[tuple[int, int]], offset: int) -> int:
    """Where the section an offset is in starts (0 before the first heading)."""
    i = bisect_right([s for s, _ in sections], offset) - 1
    return sections[i][0] if i >= 0 else 0


def _year_of_section(sections: list[tuple[int, int]], offset: int, doc_year: int | None) -> int | None:
    """The year of the section an offset is in (its heading says 2013年…), else the document's."""
    i = bisect_right([s for s, _ in sections], offset) - 1
    return sections[i][1] if i >= 0 else doc_year


def _extract_in_parts(doc: Document, profiles: list[Profile], matcher: ZoneMatcher, catalogue: Catalogue) -> list[Fact]:
    """A long document, part by part; offsets still index the whole text. Its year and zone
    come from the whole; a name recognised in one part is matched again only within it."""
    text = doc.text
    paras = paragraphs(text)
    year, _ = document_year(text, doc.meta.get("date"))
    published = publication_year(text, doc.meta.get("date"))
    zone = document_zone(matcher.mentions(text, foreign=False), paras, text)
    bounds = part_bounds(text, paras)
    facts: list[Fact] = []
    for i, (a, b) in enumerate(bounds):
        part = Document(doc.doc, text[a:b], doc.encoding, doc.meta)
        whole = _Whole(year, published, zone, ends_document=i == len(bounds) - 1)
        facts += [replace(f, start=f.start + a, end=f.end + a, sentence_start=f.sentence_start + a,
                          sentence_end=f.sentence_end + a) for f in _extract(part, profiles, matcher, whole, catalogue)]
    return facts


def _extract(doc: Document, profiles: list[Profile], matcher: ZoneMatcher, whole: _Whole | None = None,
             catalogue: Catalogue | None = None) -> list[Fact]:
    text = doc.text
    names = {p.id: p.name for p in profiles}
    paras = paragraphs(text)
    sents = sentences(text, paras)
    structure = analyse(text, paras, ends_document=whole.ends_document if whole else True)
    doc_year = whole.year if whole else document_year(text, doc.meta.get("date"))[0]
    published = whole.published if whole else publication_year(text, doc.meta.get("date"))
    sections = section_years(text)
    default_year = published or doc_year  # a figure whose text says no year is of the year it was written
    marks = year_marks(text)
    mark_starts = [m for m, _ in marks]
    who: Attribution = attribute(text, paras, sents, matcher)
    if whole:
        who.document_zone = whole.zone
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    quoted += [(m.start(), m.end()) for m in LONG_QUOTE.finditer(text) if is_slogan(m.group("name"))]  # 三方投资共建
    facts: list[Fact] = []
    for sent in sents:
        if structure.role_at(sent.start) in (BYLINE, CREDIT):
            continue  # metadata of the document (DocumentInfo), not facts
        items = _quantity_items(text, sent, quoted)
        taken = [i["span"] for i in items]
        items += [i for i in _entity_items(text, sent, published or doc_year)
                  if not any(s < i["span"][1] and i["span"][0] < e for s, e in taken)]
        if not items:
            continue
        sentence_text = _sentence_text(text, sent.start, sent.end)
        previous: dict[tuple[str, str], str] = {}  # (kind, unit) → last metric in this sentence
        floor, last_metric, last_end = sent.start, None, -1
        subject = None  # the last amount's metric: what a bare 同比增长 or 增速 speaks of
        grown_subject = None  # the last growth's subject: what another zone's bare 增长 speaks of
        share = None  # the last level in per cent
        respective = _respective_metrics(text, sent, items)
        each_place = _respective_zones(text, sent, items, who) if "分别" in sentence_text else {}
        for item in sorted(items, key=lambda i: i["span"]):
            start, end = item["span"]
            zone, how = who.zone_at(sent, start)
            if zone and how in ("paragraph", "document", "sentence") and item["kind"] in QUANTITY_KINDS \
                    and item["kind"] not in RANK_KINDS and _speaks_of_a_wider_area(text, sent, start, how == "sentence") \
                    and (how != "sentence" or not _zone_in_clause(text, sent, start, who)):
                zone, how = None, "scope"  # 全市开发区平均增速为6.5%: the city's figure, not the zone's
            if zone and item["kind"] == "count" and ONE_OF.match(text, end):
                zone, how = None, "scope"  # 首批27个国家级高新区之一: the size of a group the zone is in
            place, shared = each_place.get(start, (None, None))
            if place is not None:  # A、B分别…a、b: each figure its own place's
                zone, how = place.zone, "sentence" if place.zone else "other"
            common = dict(doc=doc.doc, zone=zone, zone_name=names.get(zone) if zone else None, kind=item["kind"],
                          text=text[start:end], start=start, end=end, sentence=sentence_text, attribution=how,
                          sentence_start=sent.start, sentence_end=sent.end)
            if how == "other" and item["kind"] in QUANTITY_KINDS:
                named = place or who.subject_at(sent, start)  # 宿城区5个项目: the place the figure is of
                common["subject"] = text[named.start:named.end] if named is not None else None
            if item["kind"] in ENTITY_KINDS:
                facts.append(Fact(**common, value=None, unit=None, qualifier=None, metric=None, period=None,
                                  year=item.get("year"), detail=item.get("detail")))
                continue
            found, fallback = _metric(text, sent, item, floor)
            # a figure of one of the places listed before 分别 is measured by its own words, not the place's name
            metric = _strip_names((respective.get(start) if place is None else shared) or found, matcher)
            if metric and len(metric) > 2 and metric.endswith("中"):
                metric = metric[:-1]  # 58个省市重点项目中36个…: 中 is "among", not part of the metric
            if metric in REMNANTS:
                metric = None  # 成立时的1万多家 → 时, 2楼约8000平方米 → 楼: a remnant, not a metric
            own = metric  # what this figure's own words say it measures
            ranking = _ranking(text, sent, item) if item["kind"] in RANK_KINDS else None
            if ranking:  # the ranking names what is ranked; the phrase before the figure narrows it
                metric = ranking if not metric or ranking in metric or metric in ranking else ranking + metric
            key = (item["kind"], item["unit"])
            if metric is None and key in previous:
                # 领办难题10项，已完成6项: the second figure counts the same thing, in a new state
                left, _ = clause_bounds(text, sent, start, end)
                toks = tokens(text[max(left, floor):item["metric_end"]])
                state = clean_metric([w for w, f in toks if (f.startswith("v") and w not in FILLER_VERBS)
                                      or (w in ("已", "已经") and f == "d")])
                head = previous[key] if len(previous[key]) <= 8 else clean_metric(
                    [w for w, _ in tokens(previous[key])][-2:])  # 235项行政审批事项，削减55项 → 行政审批事项削减
                metric = f"{head}{state}" if state and item["kind"] != "rank" else previous[key]
            if metric is None and last_metric and re.fullmatch(r"\s*、\s*", text[last_end:item["metric_end"]]):
                metric = last_metric  # 摸排约23400户、近53400人: one list, one metric
            if metric and CHANGE_ONLY.fullmatch(metric):
                if item["unit"] == "百分点" and share:
                    metric = share + metric  # 比重为74.9%，提高了近10个百分点 → 比重提高
                elif grown_subject and item["kind"] == "percent" and _names_only(text, sent, start, item, who):
                    metric = grown_subject + metric  # …增加值增长9.1%，镇江高新区增长7.4%: a place and its growth alone
                elif subject and item["kind"] in ("percent", "rank"):
                    metric = subject + metric  # 生产总值1200亿元，同比增长8.2% → 生产总值同比增长
            if own and metric == own:
                previous[key] = own  # the latest thing counted, not one derived from an earlier one
            fallback = _strip_names(fallback, matcher)
            metric = metric or (fallback if fallback not in REMNANTS else None) or LABELS[item["kind"]]
            floor, last_metric, last_end = end, metric, end
            if item["kind"] in ("money", "count", "area") and metric not in LABELS.values():
                subject = metric
            elif item["kind"] == "percent":
                grown = GROWTH_OF.fullmatch(metric)
                if grown:  # 镇江新区规上工业增加值增长9.1%，镇江高新区增长7.4%: the second grows the same thing
                    grown_subject = grown.group("what")
            if item["kind"] == "percent" and item["unit"] == "%" and not CHANGE_ONLY.search(metric):
                share = metric  # a level (比重为74.9%): what a change in 百分点 after it speaks of
            period = period_at(text, sent, start)
            section_year = _year_of_section(sections, start, None)
            para = paras[sent.paragraph]
            i = bisect_right(mark_starts, start) - 1
            # the year said earlier in its paragraph (2016年，…。其中…), else its section's, else the text's
            said = marks[i][1] if i >= 0 and marks[i][0] >= para.start else None
            year = section_year if section_year is not None and (said is None or marks[i][0] < _section_start(
                sections, start)) else (said or default_year)
            outlook = outlook_at(text, sent, start)
            if outlook is None and doc_year and section_year and section_year > doc_year:
                outlook = "target"  # 二、2014年工作 after 一、2013年工作回顾: the plan's figures are targets
            facts.append(Fact(**common, value=item["value"], unit=item["unit"], qualifier=item["qualifier"],
                              metric=metric, period=period, scope=item["scope"],
                              year=fact_year(period, year, published),
                              value_min=item.get("value_min"), outlook=outlook,
                              of=item.get("of"), ranking=_list_of(item, ranking)))
    facts = _classify(text, facts, catalogue or default_catalogue(), who)
    facts += _repeated(doc, facts, sents, who, names)
    return sorted(facts, key=lambda f: (f.start, f.end))


STRUCTURE_PARTS = frozenset(STRUCTURE_PART.values())
# the zone itself is what is ranked: 园区在218家国家经开区的排名… (not 在19个国家级新区中排名第6位 alone,
# whose subject, GDP or the composite, the sentence does not say)
RANKED_IN = re.compile(r"在[^，,。；;]{2,30}?(?:中|的)\s*(?:综合)?(?:排名|排位|位次)")
ZONE_RANKED = re.compile(r"(?:园区|新区|开发区|高新区|经开区|我区|本区|该区)" + RANKED_IN.pattern)


def _zone_ranked(text: str, start: int, at: int, named: list[tuple[int, int]]) -> bool:
    """Whether the sentence before `at` says the zone itself is ranked (its name or class word, then 在…排名)."""
    return ZONE_RANKED.search(text, start, at) is not None or any(
        RANKED_IN.match(text, b, at) for _, b in named if b <= at)

# after an amount, what makes it a class (10亿元以上项目, 超百亿元企业, 亿元以上的重点项目), not a figure
CLASS_AFTER = re.compile(r"(?:以上|以下)?的?(?:重点|重大|产业|工业|制造业|内资|外资|高新技术|科技型|规模以上|规上|中小)?(?:项目|企业|园区|产业集群)")


def _classify(text: str, facts: list[Fact], catalogue: Catalogue, who: Attribution) -> list[Fact]:
    """Each figure's measure, basis, scope (extract/measures.py) and indicator (extract/indicators.py),
    read sentence by sentence."""
    by_sentence: dict[int, list[int]] = {}
    for i, f in enumerate(facts):
        if f.kind in QUANTITY_KINDS:
            by_sentence.setdefault(f.sentence_start, []).append(i)
    out = list(facts)
    for start, members in by_sentence.items():
        members.sort(key=lambda i: facts[i].start)
        end = facts[members[0]].sentence_end
        named = [(m.start, m.end) for m in who.mentions if start <= m.start < end]
        figures, previous, updates, read, by_item = [], None, {}, [], []
        for i in members:
            f = facts[i]
            lo = clause_start(text, start, f.start)
            measure, basis = measure_of(text, f.kind, f.unit, f.start, f.end, lo,
                                        previous if previous and previous[0] >= lo else None, start)
            previous = (f.end, measure, basis)
            scope = f.scope
            if scope is None and f.kind not in ("rank", "rank_change"):
                # after the zone's own name (合肥经开区出口加工区实现…: the 出口加工区 is the subject)
                subject = max([b for a, b in named if lo <= a <= lo + 2 and b <= f.start] or [lo])
                scope = scope_of(text, subject, f.start, start)
                if scope and any(a < f.start and b > subject for a, b in named
                                 if subject <= a < subject + len(scope) + 1):
                    scope = None  # the subject is a zone's name (苏州工业园区实现…), not a part of one
            if f.metric in STRUCTURE_PARTS:
                measure = "share"  # 三次产业结构为0.18：65.82：34: each term is a share of the whole
            updates[i] = dict(measure=measure, basis=basis, scope=scope)
            if f.kind == "money" and CLASS_AFTER.match(text, f.end):
                updates[i]["measure"] = "threshold"  # 10亿元以上项目, 过亿元企业: a class's bound, not a figure of the zone
                continue
            figures.append((f.start - start, f.end - start, unit_dimension(f.kind, f.unit), measure))
            read.append(i)
            bare = any(  # 镇江高新区增长7.4%, 其中镇江新区310亿美元: a zone and a change word, or its figure, alone
                lo <= a and not LEADING_FRAME.sub("", text[lo:a].strip()) and (
                    (f.kind == "percent" and CHANGE_ONLY.fullmatch(text[b:f.start].strip()))
                    or not text[b:f.start].strip())
                for a, b in named)
            if f.metric and (f.metric in STRUCTURE_PARTS or ("分别" in text[lo:f.start] and f.kind != "rank") or bare):
                by_item.append((i, len(figures) - 1, f.metric))
            elif f.kind == "rank" and f.ranking and _zone_ranked(text, start, f.start, named):
                by_item.append((i, len(figures) - 1, f.ranking + "排名"))  # 园区在217家国家经开区的排名，从…的41位提升至…的19位
        results = assign(catalogue, text[start:end], figures)
        for i, k, name in by_item:
            if results[k].indicator is None:
                # the sentence pairs its figures with items by position (会议、文件分别压缩25%和30%) or
                # names them only through a pattern (三次产业结构), or a rank's list stands apart from
                # it: the figure's own metric, which pairs them so (文件压缩, 第三产业比重), or the list
                # its rank is in (国家经开区), is read against the catalogue instead
                f, (_, _, unit, measure) = facts[i], figures[k]
                phrase = name + f.text
                results[k] = assign(catalogue, phrase, [(len(name), len(phrase), unit, measure)])[0]
        found = dict(zip(read, results))
        for i in members:
            out[i] = replace(facts[i], indicator=found[i].indicator if i in found else None, **updates[i])
    return out


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
                        metric=None, period=None, sentence=_sentence_text(text, sent.start, sent.end),
                        attribution=how, sentence_start=sent.start, sentence_end=sent.end))
    return out





# ---------------------------------------------------------------- sources
def document_title(doc: Document) -> str:
    """The first line of text, markdown marks removed."""
    for line in doc.text.splitlines():
        line = re.sub(r"^#+\s*", "", line).strip()
        if line:
            return line[:60]
    return doc.doc

