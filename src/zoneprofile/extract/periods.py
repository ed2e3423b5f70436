"""When: the as-of phrase of a figure (今年以来, 前三季度, 1-6月, 截至10月底)."""

from __future__ import annotations

import re

from zoneprofile.lang.numbers import parse_chinese
from zoneprofile.lang.regex import guarded
from zoneprofile.read.segment import Sentence

PERIOD = re.compile(
    r"自[^，。；！？、]{2,24}?(?:以来|开始)"
    r"|从(?:今年|去年|\d{4}年)?\d{1,2}月(?:上旬|中旬|下旬|初|底)?(?:到|至)\d{1,2}月(?:上旬|中旬|下旬|初|底|末)?"
    r"|(?:截至|截止|截止到)(?:目前|今年\d{1,2}月(?:上旬|中旬|下旬|底|末)?|\d{4}年(?:\d{1,2}月(?:底|末)?)?"
    r"|\d{1,2}月(?:上旬|中旬|下旬|底|末|份)?"
    r"|上半年末?|年底|去年底|今年)"
    r"|(?:今年|去年|\d{4}年)\d{1,2}月(?:上旬|中旬|下旬|底|末|份)?(?:以来|开始)?"
    r"|(?:\d{4}年)?\d{1,2}[-—~～至]\d{1,2}月份?"
    r"|(?:今年|去年|\d{4}年?)?(?:前三季度|上半年|下半年|第[一二三四]季度|[一二三四]季度|全年|年初以来)"
    r"|(?:过去|最近|未来|今后|近)(?:[0-9]{1,2}|[一二三四五六七八九十两]{1,2})(?:年|个月)(?:来|以来|间|里|中|内)?"
    r"|“?十[一二三四五六]五”?(?:期间|时期|以来|末|初|开局之年)"
    r"|(?:新区|园区|开发区|高新区|经开区|保税区|本区|全区|我区)?(?:成立|设立|组建|挂牌|开园|建区|设区|实体化运作)(?:以来|之初|之时|时)"
    r"|今年以来|去年以来|近年来|近年以来|今年初|今年|去年(?!同期)|\d{4}年度?(?!同期)|目前"
)

# 于2010年 dates an event; 较去年, 比2012年, 与2009年…相比 name a comparison base: neither is an as-of phrase
EVENT_MARK = re.compile(r"(?:于|较|比|与|同)$")
FROM_MARK = re.compile(r"(?:由|从)$")
TO_STATE = re.compile(r"(?:提升|提高|增长|增加|上升|跃升|攀升|扩大|下降|降低|减少|缩小|增|降|升)(?:至|到|为)")
COMPARED_WITH = re.compile(r"(?:与|同|和)[^，,；;。]{1,20}?相比")


def period_at(text: str, sent: Sentence, offset: int) -> str | None:
    """The as-of phrase of the figure at `offset`: the last one before it in its sentence.
    A date of an event (于2010年) or a comparison base (比2012年) is none:
    公司一期于2010年完成，二期总投资3.3亿美元 says nothing of when the 3.3亿 is."""
    bases = [b.span() for b in COMPARED_WITH.finditer(text, sent.start, offset)]
    for m in reversed([m for m in PERIOD.finditer(text, sent.start, offset) if m.end() <= offset]):
        if EVENT_MARK.search(text, sent.start, m.start()) or any(s <= m.start() < e for s, e in bases):
            continue
        if FROM_MARK.search(text, sent.start, m.start()) and TO_STATE.search(text, m.end(), offset):
            continue  # 由2016年的2000亿级，提升至2500亿级: the year of the state it rose from
        return m.group()
    return None


# ---------------------------------------------------------------- dates and years
DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日")
EXPLICIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|(?=全年|上半年|下半年|前三季度|一季度))")  # 2020全年 too
# Events every reader of the genre dates at a glance: a text that names one was
# written in that year or later. (Party congresses and plenums, plan periods.)
ANCHORS: list[tuple[re.Pattern, int]] = [
    (re.compile(r"十八大"), 2012), (re.compile(r"十九大"), 2017), (re.compile(r"二十大"), 2022),
    (re.compile(r"十九届一中全会"), 2017), (re.compile(r"十九届(?:二|三)中全会"), 2018),
    (re.compile(r"十九届四中全会"), 2019), (re.compile(r"十九届五中全会"), 2020), (re.compile(r"十九届六中全会"), 2021),
    (re.compile(r"二十届(?:一|二)中全会"), 2022), (re.compile(r"二十届三中全会"), 2024),
    (re.compile(r"二十届四中全会"), 2025), (re.compile(r"党史学习教育"), 2021), (re.compile(r"十四五"), 2021),
    (re.compile(r"十五五"), 2026),
]


# ---------------------------------------------------------------- the document's year
# A dateline: the page's own date (发布时间：2011-03-29, 2021年05月03日09:25, 发表于 2010-1-4, 22.10.2014,
# 日期｜109-12-26 in the Republic of China's years), in the first or last lines of the text.
DATELINE = re.compile(
    r"(?:发布时间|發佈時間|发布日期|發佈日期|发表于|發表於|发表时间|發表時間|日期|时间|時間|更新时间|更新時間)\s*[|｜:：]?\s*"
    r"(?:(?P<y>(?:19|20)\d{2})|(?P<roc>\d{2,3}))\s*[-/.年]\s*(?P<m>\d{1,2})"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m2>\d{1,2})\s*[-/.月]\s*(?P<d2>\d{1,2})日?"
    r"|(?<!\d)(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2})(?!\d)")
DATELINE_REACH = 240  # characters from the start (and the end) of a text where its dateline stands
# what makes a year the year of a target, a plan's horizon or a forecast (力争2022年, 到2025年, 2025年前)
TARGET_YEAR_BEFORE = re.compile(r"(?:力争|争取|目标|到|至|规划|计划|预计|有望|预期|将于|将在|确保|迈向|展望|远景|今后|未来)"
                                r"[^，,；;。！？!?\d]{0,4}$")
TARGET_YEAR_AFTER = re.compile(r"年(?:前|底前|以前|年底前|末前|左右|目标|远景)")
BASE_YEAR_BEFORE = re.compile(r"(?:比|较|与|同|于|从|自|在|由)$")  # 比2012年, 于2010年, 从2009年: a base or an event
RANGE_AFTER = re.compile(r"年?\s*[-—~～至到]\s*(?:19|20)\d{2}")  # 2013—2020年: a plan's period, or a series
RANGE_BEFORE = re.compile(r"(?:19|20)\d{2}年?\s*[-—~～至到]\s*$")
DAY_OR_MONTH = re.compile(r"(?:1[0-2]|0?[1-9])月(?:(?:3[01]|[12]\d|0?[1-9])[日号])?(?![-—~～至到份])")  # 2017年6月6日: an event's date
# words that place the results in the year the text was written (今年前三季度, 1-8月, 上半年)
PRESENT = re.compile(r"今年(?:以来|前三季度|上半年|一季度|第一季度|[1-9１-９]{1,2}[-—~～至到][1-9１-９]{1,2}月|[1-9１-９]{1,2}月份?以来)"
                     r"|(?<![0-9０-９年])(?:前三季度|上半年|一季度|第一季度|[1-9１-９][-—~～至到][1-9１-９]{1,2}月)")
REVIEW_HEADING = re.compile(r"((?:19|20)\d{2})年[^。\n]{0,8}(?:工作)?(?:回顾|总结|工作情况|主要工作|取得的成绩)")
PLAN_PERIOD = re.compile(r"“?十([一二三四五六])五”?(?:期间|时期|以来|这五年|五年)")
PLAN_END = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}


def publication_year(text: str, manifest_date: str | None = None) -> int | None:
    """The year the text was published: the manifest's date, else the dateline of its first or last lines."""
    if manifest_date:
        m = re.match(r"\s*((?:19|20)\d{2})", str(manifest_date))
        if m:
            return int(m.group(1))
    for part in (text[:DATELINE_REACH], text[-DATELINE_REACH:]):
        for m in DATELINE.finditer(part):
            if not m.group("y") and not m.group("roc") and not _dateline_like(part, m):
                continue  # 2017年6月6日，镇江高新区正式…: an event's date in a sentence, not the page's
            if m.group("y") or m.group("y2") or m.group("y3"):
                return int(m.group("y") or m.group("y2") or m.group("y3"))
            if m.group("roc") and 1 <= int(m.group("roc")) <= 200:
                return 1911 + int(m.group("roc"))  # 民国 109 → 2020
    return None


def _dateline_like(part: str, m: re.Match) -> bool:
    """A bare date is a dateline when a time follows it (2021年05月03日09:25) or it stands on a short
    line of its own (a page header), not inside a sentence."""
    if re.match(r"\s*\d{1,2}:\d{2}", part[m.end():]):
        return True
    line_start = part.rfind("\n", 0, m.start()) + 1
    line_end = part.find("\n", m.end())
    line = part[line_start:line_end if line_end >= 0 else len(part)].strip()
    return len(line) <= 60 and not re.search(r"[。！？；，,]", line)


def year_marks(text: str) -> list[tuple[int, int]]:
    """(offset, year) of every 2013年 that names the year of results: not a target year (力争2022年,
    2025年前), a base or an event (比2012年, 于2010年, 2017年成立, 2017年6月6日, 在2017年…评价中), nor
    a period of years (2013—2020年)."""
    out = []
    for m in EXPLICIT_YEAR.finditer(text):
        before = text[max(0, m.start() - 12):m.start()]
        if RANGE_AFTER.match(text, m.end(1)) or RANGE_BEFORE.search(before):
            continue  # a period of years (a plan's, a series'), not the year of the results
        if DAY_OR_MONTH.match(text, m.end()):
            continue  # a day or a month: the date of an event
        if text.rfind("“", max(0, m.start() - 40), m.start()) > text.rfind("”", max(0, m.start() - 40), m.start()) \
                or text.rfind("《", max(0, m.start() - 40), m.start()) > text.rfind("》", max(0, m.start() - 40), m.start()):
            continue  # inside a quoted name: “2012年战略性新兴产业…”
        if (TARGET_YEAR_BEFORE.search(before) and not text.startswith("的", m.end())) \
                or TARGET_YEAR_AFTER.match(text, m.end(1)):
            continue  # 力争2022年, 2025年前 (but 提升至2019年的17位 is where it stood in 2019)
        if BASE_YEAR_BEFORE.search(before) or YEAR_EVENT.match(text, m.end()):
            continue
        out.append((m.start(), int(m.group(1))))
    return out


def result_years(text: str) -> list[int]:
    """The years year_marks finds."""
    return [year for _, year in year_marks(text)]


def data_year(years: list[int | None]) -> int | None:
    """The year most of a document's figures speak of (the latest of equals): its data year."""
    counts: dict[int, int] = {}
    for y in years:
        if y:
            counts[y] = counts.get(y, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def document_year(text: str, manifest_date: str | None = None) -> tuple[int | None, str]:
    """(year, how): the year the document's results speak of — its data year, not the latest year it
    names (力争2022年 is a target's, 比2012年 a base's, 2017年成立 an event's).

    - a work report's review heading (一、2013年工作回顾): its year (`review`);
    - its publication year when it reports the present (今年前三季度, 1-8月) (`present`), else the years
      its results name, the latest no later than its publication (`text`, or `dateline` / `manifest`);
    - a review of a plan period (“十三五”期间) with no later year: the period's last year (`plan`);
    - else the latest year its events imply (二十大 → 2022: a text is not older than what it names)."""
    published = publication_year(text, manifest_date)
    via = "manifest" if manifest_date and published is not None else "dateline"
    review = [int(m.group(1)) for m in REVIEW_HEADING.finditer(text)
              if published is None or int(m.group(1)) <= published]
    if review:
        return min(review), "review"
    years = [y for y in result_years(text) if published is None or y <= published]
    if published is not None and _speaks_of_present(text):
        return published, "present"  # 今年前三季度, 1-8月 in a text of that year: its results are that year's
    if years:
        year = max(years)
        return year, via if year == published and published not in result_years(text) else "text"
    plan = [PLAN_END[m.group(1)] for m in PLAN_PERIOD.finditer(text)]
    plan = [y for y in plan if published is None or y <= published]
    if plan:
        return max(plan), "plan"
    if published is not None:
        return published, via
    anchors = [year for pattern, year in ANCHORS if pattern.search(text)]
    return (max(anchors), "text") if anchors else (None, "unknown")


def _speaks_of_present(text: str) -> bool:
    """A present cue (今年以来, 前三季度, 1-8月) that no 去年 before it in its paragraph makes last year's
    (去年以来，……在一季度各项指标不佳的情况下: a January article's 一季度 is of the year it reviews)."""
    for m in PRESENT.finditer(text):
        if m.group().startswith("今年"):
            return True
        paragraph = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if not LAST_YEAR_FRAME.search(paragraph):
            return True
    return False


# 去年 as the time the text speaks of (去年以来, 去年，…, 去年全年), not a base (比去年, 与去年同期相比, 去年同期)
LAST_YEAR_FRAME = re.compile(r"(?<![比较与同和])去年(?!同期|同比)")


# a heading that gives its section a year: 一、2013年工作回顾 / 二、2014年工作思路和重点 (a work report reviews
# one year and plans the next: its 全年 figures are of the year its section says)
SECTION_YEAR = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)?"
                          r"\s*((?:19|20)\d{2})年[^。！？!?，,；;]{0,16}$")


def section_years(text: str) -> list[tuple[int, int]]:
    """(offset, year) of each heading line that names a year, in text order (lines, not paragraphs:
    a heading without a full stop is joined to the paragraph after it when page layout is undone)."""
    out = []
    for line in re.finditer(r"[^\n]{1,30}", text):
        if (line.start() == 0 or text[line.start() - 1] == "\n") and text[line.end():line.end() + 1] in ("\n", ""):
            m = SECTION_YEAR.match(line.group())
            if m:
                out.append((line.start(), int(m.group(1))))
    return out


def fact_year(period: str | None, doc_year: int | None, published: int | None = None) -> int | None:
    """The year a figure speaks of: the period's explicit year, 去年 as the year before the text was
    written (its publication year, else its data year), 今年 as that year, else the document's year."""
    if period:
        m = EXPLICIT_YEAR.search(period)
        if m:
            return int(m.group(1))
        now = published or doc_year
        if period.startswith(("去年", "截至去年")) or "去年底" in period:
            return now - 1 if now else None
        if period.startswith(("今年", "截至今年")) and published:
            return published
    return doc_year


def _month(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else parse_chinese(numeral)


# 2019年4月, 今年5月, 今年二月, 2017年 — not 2013—2020年 (a range's end), not 自今年7月开始 or 截至10月底 (periods), not 2021年度
YEAR_MONTH = re.compile(
    r"(?<![自至从到止])(?:(?P<y>(?:19|20)\d{2})年度?|(?P<rel>今年|去年))"
    r"(?:(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?)?"
    r"(?!底|初|末|以来|开始|上旬|中旬|下旬|[-—~～至到])"
)


# what makes a bare year the date of an event: an event verb soon after it (2017年起, 2021年度重点实施的,
# 于2010年顺利完成, 2015年全部建成), or an evaluation it names (在2017年全省…评价中)
YEAR_EVENT = re.compile(r"[^，,；;。！？!?\n]{0,10}?(?:起|成立|设立|组建|挂牌|开工|开业|开园|竣工|投产|达产|建成|完成|启动|落户|"
                        r"获批|批准|签约|通车|开通|运营|实施|开启|举办|召开|入选|获评|获得|荣获|被评为|认定|命名)"
                        r"|[^，,；;。！？!?\n]{0,24}?(?:评价|评比|考评|考核|评选|测评|排行榜?|榜单)中")  # 在2017年…评价中


# A time an event is set for, in the words a date is written in when it is no calendar day: a month
# without its year (6月份启动, 八月投产), a part of a year (2011年底竣工, 今年年底可竣工, 明年中旬动工,
# 今年第一季将完成), a day without its month (十八日在…舉行, the dateline's month understood). Each is an
# event's date only with an event verb after it in its clause; alone it is a period (截至年底, 一季度增长).
_CN_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_CN_DAY = r"3[01]|[12][0-9]|0?[1-9]|[二三]?十[一二三四五六七八九]?|二十|三十|[一二三四五六七八九]"
PART_OF_YEAR = re.compile(
    r"(?<![\d自至从到止截])(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|明年|去年))"
    r"(?P<part>年?底|年?初|年?末|年中|(?:上|中|下)旬|(?:第?[一二三四1-4])季度?)(?!以来|开始|[前后])")
# (not the tail of a numeral: 十二月 after 到 is no 二月; not 同一日, 每一月)
_NOT_BEFORE = r"\d年月日至到\-—~～个第前后近同每十一二三四五六七八九零〇两"
BARE_MONTH = re.compile(rf"(?<![{_NOT_BEFORE}])(?P<m>{_CN_MONTH})月份?(?![底初末份中上下\d日号])")
BARE_DAY = re.compile(rf"(?<![{_NOT_BEFORE}今明昨次当])(?P<d>{_CN_DAY})日(?![前后内起至到以])")
EVENT_AFTER = re.compile(r"[^，,；;。！？!?\n\d]{0,10}?(?:成立|设立|组建|挂牌|开工|动工|奠基|开业|开园|揭牌|竣工|投产|达产|"
                         r"建成|完成|完工|启动|启用|投用|投入使用|落户|获批|签约|通车|开通|运营|举行|举办|召开|交付|拿到|取得)")
# 十八日，… / 18日上午… / 十八日由…舉行: a day without its month that opens a clause is the day of what the clause tells
DAY_OPENS = re.compile(r"(?:上午|下午|晚上|晚间|傍晚|凌晨|[，,]|[^，,；;。！？!?\n\d]{0,30}?(?:举行|举办|召开|开幕|开工|动工|签约|揭牌))")


def _event_after(text: str, at: int) -> bool:
    """An event verb follows in the clause, and no figure: 一季度完成投资12亿元 is a figure's period."""
    m = EVENT_AFTER.match(text, at)
    return bool(m) and not FIGURE_AFTER.match(text[m.end():m.end() + 40])


FIGURE_AFTER = re.compile(r"[^，,；;。！？!?\n]*?(?:\d|[一二两三四五六七八九十百千]+[万亿]?(?:元|美元|个|家|项|户|台|套|亩|吨))")


def _event_dates(text: str, sent: Sentence, doc_year: int | None) -> list[dict]:
    """The dates of YEAR_MONTH and DATE's kinds do not cover: parts of a year, bare months and days."""
    out = []
    seg = text[sent.start:sent.end]  # each pattern runs only where its every match's character is
    if "月" not in seg and "日" not in seg and not any(c in seg for c in "底初末旬季中"):
        return out
    for m in (PART_OF_YEAR.finditer(text, sent.start, sent.end) if "年" in seg else ()):
        if _event_after(text, m.end()):
            rel = m.group("rel")
            year = int(m.group("y")) if m.group("y") else (
                doc_year + {"今年": 0, "明年": 1, "去年": -1}[rel] if doc_year else None)
            out.append(dict(span=(m.start(), m.end()), kind="date", detail=f"{year:04d}" if year else "----",
                            year=year))
    for pattern, field in ((BARE_MONTH, "m"), (BARE_DAY, "d")):
        for m in (pattern.finditer(text, sent.start, sent.end) if ("月" if field == "m" else "日") in seg else ()):
            opens = m.start() == sent.start or text[m.start() - 1] in "，,；;：:（(\n "
            if _event_after(text, m.end()) or (field == "d" and opens and DAY_OPENS.match(text, m.end())):
                n = _month(m.group(field))
                if not 1 <= n <= (12 if field == "m" else 31):
                    continue
                detail = f"--{n:02d}" if field == "m" else f"---{n:02d}"
                out.append(dict(span=(m.start(), m.end()), kind="date", detail=detail, year=None))
    return out


def dates(text: str, sent: Sentence, doc_year: int | None) -> list[dict]:
    """Dates of events (2017年6月6日, 9月23日, 2019年4月, 2017年; 2011年底竣工, 八月投产, 十八日…舉行)
    with an ISO date where the year is known."""
    out = []
    for m in YEAR_MONTH.finditer(text, sent.start, sent.end):
        if RANGE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # 2013—2020年: a range's end, no event's date (发展历程——2019年4月 is one)
        if m.group("rel") and not m.group("m"):
            continue  # 今年 alone is a period word, not a date
        if text.startswith("日", m.end()) or DATE.match(text, m.start()):
            continue  # the day-date pattern below takes it
        if not m.group("m") and not YEAR_EVENT.match(text, m.end()):
            continue  # 2013年新增企业…, 2014年工作思路: the year a figure or a plan is of, not an event's date
        year = int(m.group("y")) if m.group("y") else (
            doc_year - (m.group("rel") == "去年") if doc_year else None)
        iso = f"{year:04d}" if year else "-"  # --MM: a month of an unknown year (ISO 8601's truncated form)
        if m.group("m"):
            iso += f"-{_month(m.group('m')):02d}"
        elif not year:
            iso = "----"
        out.append(dict(span=(m.start(), m.end()), kind="date", detail=iso, year=year))
    for m in DATE.finditer(text, sent.start, sent.end):
        year = int(m.group("y")) if m.group("y") else doc_year
        month, day = int(m.group("m")), int(m.group("d"))
        iso = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        out.append(dict(span=(m.start(), m.end()), kind="date", detail=iso, year=year))
    taken = [d["span"] for d in out]
    out += [d for d in _event_dates(text, sent, doc_year)
            if not any(s < d["span"][1] and d["span"][0] < e for s, e in taken)]
    return out


# ---------------------------------------------------------------- targets and forecasts
# A figure after one of these, in its sentence, is not (yet) a result: 力争…, 预期目标是…, 拟…, 到2015年…
# (a target); 预计…, 有望… (a forecast). 争取上级资金 obtains money; 计划总投资 is a project's budget.
TARGET = re.compile(r"目标|力争|争取(?!上级|到上级|资金|各类|国家|省级|省市|政策|专项)|确保|拟|规划(?:到|至)|"
                    r"计划(?!总投资)(?=[\u4e00-\u9fff]{0,4}?(?:投资|完成|实现|新增|引进|建设|开工|建成|达到|突破))|"
                    r"将(?=达到|实现|完成|突破|超过|新增|形成|建成)|(?:(?<![\u4e00-\u9fff])|(?<=力争|计划|预计))到20[0-9]{2}年")
# 初步预计，全年…: a preliminary count of a year that is over (a work report's review) is a result
FORECAST = re.compile(r"(?<!初步)预计|有望|可望|预测|预期(?!目标)|(?<!初步)估计")


def outlook_at(text: str, sent: Sentence, offset: int) -> str | None:
    """"target" or "forecast" for a figure a cue before it in its sentence makes one; None for a result."""
    cues = [(m.start(), "target") for m in TARGET.finditer(text, sent.start, offset)]
    cues += [(m.start(), "forecast") for m in FORECAST.finditer(text, sent.start, offset)]
    return max(cues)[1] if cues else None


# The patterns run over whole sentences, tested first for the characters a match may begin with
# (lang/regex.py: the same matches, found sooner).
PERIOD, DATELINE, BARE_DAY, DATE, BARE_MONTH, PART_OF_YEAR, TARGET, PRESENT = (
    guarded(p) for p in (PERIOD, DATELINE, BARE_DAY, DATE, BARE_MONTH, PART_OF_YEAR, TARGET, PRESENT))
