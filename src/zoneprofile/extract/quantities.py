"""Quantities and ranks: the regular expressions, the traps, the normalisation.

Each extractor is a pure function of (text, sentence) returning candidate items:
dicts with span, kind, value, unit, qualifier, scope and where the metric ends.
"""

from __future__ import annotations

import re

from zoneprofile.lang.numbers import CN_NUMERAL_CHARS, parse_number
from zoneprofile.read.segment import Sentence

ARABIC = r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?"
CN = f"[{CN_NUMERAL_CHARS}]+|半"
NUM = rf"(?:(?P<ar>{ARABIC})(?P<mult>万亿|千万|百万|亿|万)?|(?P<cn>{CN}))"

# unit → kind; longer units first so 个工作日 wins over 个, 人次 over 人.
UNITS: dict[str, str] = {
    "美元": "money", "欧元": "money", "港元": "money", "元": "money",
    "%": "percent", "％": "percent", "个百分点": "percent", "百分点": "percent",
    "平方公里": "area", "平方千米": "area", "平方米": "area", "公顷": "area", "亩": "area",
    "个工作日": "duration", "工作日": "duration", "个小时": "duration", "小时": "duration",
    "分钟": "duration", "个月": "duration", "天": "duration", "年": "duration",
    "人次": "count", "批次": "count", "大类": "count", "家": "count", "个": "count", "项": "count", "人": "count", "名": "count",
    "次": "count", "场": "count", "支": "count", "件": "count", "条": "count", "份": "count",
    "户": "count", "座": "count", "所": "count", "台": "count", "套": "count", "栋": "count",
    "辆": "count", "起": "count", "处": "count", "种": "count", "类": "count", "批": "count",
    "间": "count", "片": "count", "张": "count", "笔": "count", "例": "count", "艘": "count", "架": "count",
}
UNIT_ALIASES = {"％": "%", "个百分点": "百分点", "个工作日": "工作日", "个小时": "小时", "大类": "类"}
DURATION_UNITS = {u for u, k in UNITS.items() if k == "duration"}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUALIFIER_WORDS = {
    "超过": "over", "超": "over", "逾": "over", "突破": "over", "上": "over", "以上": "over", "多于": "over", "不少于": "over",
    "至少": "over",
    "约": "about", "大约": "about", "近": "about", "将近": "about", "余": "about", "多": "about",
    "左右": "about",
    "不足": "under", "不到": "under", "以下": "under", "少于": "under",
}
QUANTITY = re.compile(
    r"(?<![A-Za-z0-9.．])"
    # 约 and 近 at the end of another word (签约3个, 最近3年) qualify nothing
    r"(?P<pre>超过|不少于|至少|多于|将近|大约|不足|不到|少于|突破|超|逾|(?<![最附邻])近|(?<![签履合节制预特契相邀违公条集缔])约)?"
    r"(?:(?P<low>[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十两]+)[-—~～至到])?"  # 1-2个工作日, 3至5年
    + NUM
    + rf"(?P<mid>余|多)?(?P<unit>{_UNIT_RE})(?P<post>以上|以下|左右|余|多)?"
)
RANK_NUM = r"(?:[0-9]+|[一二三四五六七八九十]+)"
RANK = re.compile(
    rf"(?P<scope>全球|全国|全省|全市|全区|全县|国内|省内|市内|(?:(?![全本该])[\u4e00-\u9fff]){{2}}[省市](?=第))(?P<ord>第)?(?P<num>{RANK_NUM})(?P<unit>位|名)?"
    rf"|(?:位列|位居|名列|排名|排在|列|居)(?P<ord2>第)(?P<num2>{RANK_NUM})(?P<unit2>位|名)?"
)
# 进入全国前3位: a place among the first N, qualifier under. (居全市前列 names no number: every
# quantity of the extract contract has a value, so it is not one.)
RANK_TOP = re.compile(
    rf"(?P<scope>全球|全国|全省|全市|全区|全县|国内|省内|市内)?前(?P<num>{RANK_NUM}|两)(?:位|名|强)"
)
RANK_MORE = re.compile(rf"\s*[、和及]\s*第(?P<num>{RANK_NUM})(?P<unit>位|名)?")
RANK_CHANGE = re.compile(
    rf"(?P<dir>上升|提升|前移|跃升|攀升|下降|后退|下滑)了?(?P<num>{RANK_NUM})个?(?P<unit>位次|位|名)"
)
# A short quoted phrase with no sentence punctuation is a name or a slogan (“2332”, “定3年、谋8年”).
QUOTED = re.compile(r"“[^“”，。；！？]{1,16}”|\"[^\"，。；！？]{1,16}\"|「[^「」，。；]{1,16}」|『[^『』，。；]{1,16}』")
ORDINAL_AFTER = re.compile(r"全会|次会议|次党代会|次代表大会")
# a verb that makes the time after it a measured duration (历时近3年, 经过近20年的开发建设), with the
# metric it gives one that has no other (extract: 历经226天 → 历时)
DURATION_VERBS = {"历经": "历时", "历时": "历时", "经过": "历时", "耗时": "耗时", "用时": "用时", "用了": "用时",
                  "花了": "用时", "为期": "为期"}
DURATION_LEAD = re.compile(rf"(?:{'|'.join(DURATION_VERBS)})$")
# fixed political terms with a numeral in them: 四套班子, 两个维护, 四个意识
FIXED_TERMS = re.compile(r"套班子|大班子|个维护|个确立|个意识|个自信|个全面|个必须")
# names of rules, plans and categories with a numeral in them: 中央八项规定, 三次产业, 二次开发, 新三年计划
FIXED_PHRASES = re.compile(r"[一二三四五六七八九十]项规定|三次产业?|二次(?:开发|创业|改造|招商|供水|元)|"
                           r"(?:[0-9]+|[一二三四五六七八九十两]+)年(?:行动)?(?:计划|规划|攻坚|行动)(?!投资|完成|新增|引进)")


def _inside_short_quote(quoted: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(qs < start and end <= qe for qs, qe in quoted)


def _qualifier(*words: str | None) -> str:
    for w in words:
        if w and w in QUALIFIER_WORDS:
            return QUALIFIER_WORDS[w]
    return "exact"


def _is_trap(text: str, m: re.Match, quoted: list[tuple[int, int]]) -> bool:
    s, e = m.start("ar") if m.group("ar") else m.start("cn"), m.end()
    before = text[max(0, s - 1):s]
    if before in ("第", "+", "＋") or text[e:e + 1] in ("+", "＋", "号"):
        return True
    if not m.group("low") and re.match(r"[0-9一二三四五六七八九十][-—~～至到]$", text[max(0, s - 2):s]):
        return True  # the upper end of a range whose lower end did not parse
    if _inside_short_quote(quoted, m.start(), m.end()):
        return True
    cn = m.group("cn")
    unit = m.group("unit")
    if ORDINAL_AFTER.match(text, e) or before == "届" or FIXED_TERMS.match(text, m.start("unit")) \
            or any(f.start() <= s and e <= f.end() for f in FIXED_PHRASES.finditer(text, max(0, s - 4), e + 6)):
        return True  # 十四届四次全会: a session number
    if cn:
        if before and before in CN_NUMERAL_CHARS:
            return True
        if cn == "一" and not (unit in DURATION_UNITS and unit.startswith("个")):
            return True  # an article (一家企业) or an idiom (一年一个台阶); 一个工作日 is a figure
        if cn in ("十", "百", "千", "万", "亿") and not m.group("pre"):
            return True  # a vague round number (百场); 近千场 says "nearly a thousand"
        if cn == "半" and (unit not in DURATION_UNITS or before in ("上", "下", "前", "后")):
            return True  # 上半年 is a period
    if unit == "年":
        digits = m.group("ar") or ""
        is_year = len(digits) == 4 and 1900 <= int(digits) <= 2100 and not (m.group("mid") or m.group("post"))
        if is_year or text[e:e + 1] in ("度", "底", "初", "末", "级"):
            return True  # a year, not a duration
    if unit in ("年", "个月", "天") and text[e:e + 2].startswith(("来", "以来")):
        return True  # 三年来 is a period, not a figure
    if unit in ("年", "个月") and not m.group("mid") and not m.group("post"):
        window = re.search(r"(?:过去|最近|未来|今后|近)$", text[max(0, s - 2):s])
        if window and not DURATION_LEAD.search(text, max(0, s - 6), m.start()):
            return True  # 近3年, 过去五年, 未来3年: a window of time (a period), not a figure
    return False


def ranks(text: str, sent: Sentence) -> list[dict]:
    out = []
    for m in RANK.finditer(text, sent.start, sent.end):
        scope = m.group("scope")
        if scope:
            num, unit, ordinal = m.group("num"), m.group("unit"), m.group("ord")
            if not (ordinal or unit):
                continue
            nxt = text[m.end():m.end() + 1]
            if not ordinal and nxt and "\u4e00" <= nxt <= "\u9fff" and nxt != "的":
                continue  # 全区8名党建督导员 counts people; it is no rank
            if ordinal and not unit and nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in "的位名":
                continue  # 深圳市第九高级中学, 全国第一家: a name or an ordinal, not a place in a ranking
            # 全区33个行业 is a count, not a rank
            if not unit and text[m.end():m.end() + 1] and text[m.end()] in "".join(UNITS) + "0123456789":
                continue
            span = (m.start(), m.end())
        else:
            num, unit = m.group("num2"), m.group("unit2")
            span = (m.start("ord2"), m.end())
        out.append(dict(span=span, kind="rank", value=parse_number(num), unit="位", scope=scope,
                        qualifier="exact", metric_end=m.start()))
        pos = m.end()
        while more := RANK_MORE.match(text, pos, sent.end):
            out.append(dict(span=(more.start("num") - 1, more.end()), kind="rank",
                            value=parse_number(more.group("num")), unit="位", scope=scope,
                            qualifier="exact", metric_end=m.start()))
            pos = more.end()
    for m in RANK_TOP.finditer(text, sent.start, sent.end):
        value = parse_number("二" if m.group("num") == "两" else m.group("num"))
        out.append(dict(span=(m.start(), m.end()), kind="rank", value=value, unit="位", scope=m.group("scope"),
                        qualifier="under", metric_end=m.start()))
    for m in RANK_CHANGE.finditer(text, sent.start, sent.end):
        sign = -1 if m.group("dir") in ("下降", "后退", "下滑") else 1
        out.append(dict(span=(m.start(), m.end()), kind="rank_change", value=sign * parse_number(m.group("num")),
                        unit="位", scope=None, qualifier="exact", metric_end=m.start()))
    return out


def _clear(m: re.Match, spans: list[tuple[int, int]]) -> bool:
    """Whether a match overlaps none of the spans already taken."""
    return not any(s < m.end() and m.start() < e for s, e in spans)


def quantities(text: str, sent: Sentence, taken: list[tuple[int, int]],
                quoted: list[tuple[int, int]]) -> list[dict]:
    out = []
    for m in QUANTITY.finditer(text, sent.start, sent.end):
        if not _clear(m, taken) or _is_trap(text, m, quoted):
            continue
        try:
            value = parse_number(m.group("ar") or m.group("cn"), m.group("mult") or "")
            low = parse_number(m.group("low")) if m.group("low") else None
        except ValueError:
            continue
        if low is not None and low >= value:
            continue  # not a range after all
        unit = m.group("unit")
        kind = UNITS[unit]
        unit = UNIT_ALIASES.get(unit, unit)
        pre = m.group("pre")
        if pre == "近" and unit == "天" and not DURATION_LEAD.search(text, sent.start, m.start()):
            pre = None  # 近30天 is "the last thirty days", not "nearly" (近3年 is a period, see _is_trap)
        qualifier = _qualifier(pre, m.group("mid"), m.group("post"))
        if low is not None and qualifier == "exact":
            qualifier = "under"  # 1-2个工作日: value 2 is the upper end, value_min the lower
        out.append(dict(span=(m.start(), m.end()), kind=kind, value=value, unit=unit, scope=None,
                        qualifier=qualifier, metric_end=m.start(), unit_end=m.end("unit"), value_min=low))
    for m in ROUND_OVER.finditer(text, sent.start, sent.end):
        if _clear(m, taken):
            out.append(dict(span=(m.start(), m.end()), kind="money", value=parse_number("1", m.group("mult")),
                            unit=m.group("unit"), scope=None, qualifier="over", metric_end=m.start(),
                            unit_end=m.end(), value_min=None))
    spans = taken + [i["span"] for i in out]
    for m in BIG_N.finditer(text, sent.start, sent.end):
        if not _clear(m, spans) or _inside_short_quote(quoted, m.start(), m.end()):
            continue
        out.append(dict(span=(m.start(), m.end()), kind="count", value=parse_number(m.group("n")), unit="个",
                        scope=None, qualifier="exact", metric_end=m.start(), unit_end=m.end(), value_min=None,
                        metric=m.group("what")))  # 4大民生应用: the noun that made it a count is what it counts
    spans = taken + [i["span"] for i in out]
    for m in BARE_MONEY.finditer(text, sent.start, sent.end):
        if not _clear(m, spans) or _inside_short_quote(quoted, m.start(), m.end()):
            continue
        clause_start = max([sent.start] + [c.end() for c in CLAUSE_MARK.finditer(text, sent.start, m.start())])
        if not MONEY_WORDS.search(text, max(clause_start, m.start() - 12), m.start()):
            continue  # 人口50万 counts people; only an amount of money may leave out its 元
        value = parse_number(m.group("ar"), m.group("mult"))
        out.append(dict(span=(m.start(), m.end()), kind="money", value=value, unit="元", scope=None,
                        qualifier=_qualifier(m.group("pre"), m.group("post")), metric_end=m.start(),
                        unit_end=m.end(), value_min=None))
    return out


# 五大主导产业, 三大国家级产业园区, 4大民生应用: a count without a measure word, of the things a zone
# is built of (not 二十大, 第三大城市, “五大攻坚战”, 三大管理改革)
BIG_N = re.compile(r"(?<![第0-9一二三四五六七八九十百零〇两])(?P<n>[两二三四五六七八九十]|[1-9][0-9]?)大"
                   r"(?=(?P<what>[^，,。；;、“”\s]{0,8}?(?:产业园区|产业园|产业基地|产业集群|产业|园区|基地|平台|板块|片区|领域|集群|功能区|应用|项目|工程)))")
# 产值上亿元: over a round amount
ROUND_OVER = re.compile(r"上(?P<mult>亿|千万|百万|万)(?P<unit>元|美元)")
# 总投资120亿, 销售额达70亿: an amount of money whose 元 goes without saying
BARE_MONEY = re.compile(
    rf"(?<![A-Za-z0-9.．])(?P<pre>超过|超|逾|近|约)?(?P<ar>{ARABIC})(?P<mult>万亿|千万|百万|亿|万)"
    r"(?P<post>以上|余|多|左右)?(?![0-9０-９.．元美欧港日%％人个家项名次场支件条份户座所台套栋辆起处种类批间片张笔例艘架亩平吨千公斤克度瓦箱标株只头年月天倍])"
)
MONEY_WORDS = re.compile(r"投资|投入|销售|营收|收入|产值|税收|资金|融资|贷款|授信|资产|利润|生产总值|GDP|增加值|"
                         r"金额|基金|补贴|奖励|拨付|预算|财政|出口额|进口额|进出口|成交额|交易额|市值|估值")
CLAUSE_MARK = re.compile(r"[，,；;。！？!?]")


# ---------------------------------------------------------------- numerals as texts write them (issue 16)
# The extractors above match plain numerals. ranks() and quantities() run on the sentence with its
# numerals normalised (lang.numbers.normalise_numerals: invisible characters and thin spaces inside
# numbers, a space before the unit, full-width digits, 十九点三, runs of digits too long for a figure),
# and their items' offsets are mapped back into the text. Offsets in an item: "span" (start, end),
# "metric_end" (a start), "unit_end" (an end); a new offset key needs adding to _STARTS or _ENDS.
_UNIT_START = "|".join(re.escape(u) for u in sorted({*UNITS, "万亿", "千万", "百万", "亿", "万"}, key=len, reverse=True))
_STARTS, _ENDS = ("metric_end",), ("unit_end",)
_WINDOW = 64  # characters of the text kept on each side of the sentence (what the traps look at)


def _on_normalised(extract):
    import functools
    from dataclasses import replace

    from zoneprofile.lang.numbers import normalise_numerals

    @functools.wraps(extract)
    def run(text: str, sent: Sentence, *spans):
        norm = normalise_numerals(text[sent.start:sent.end], _UNIT_START)
        if norm is None:
            return extract(text, sent, *spans)
        w0 = max(0, sent.start - _WINDOW)
        a = sent.start - w0  # the sentence's start in the window
        b = a + len(norm.text)
        window = text[w0:sent.start] + norm.text + text[sent.end:sent.end + _WINDOW]

        def forward(p: int) -> int:
            if p <= sent.start:
                return max(0, p - w0)
            if p < sent.end:
                return a + norm.forward(p - sent.start)
            return min(len(window), b + (p - sent.end))

        def back(q: int, starts: bool) -> int:
            if q < a:
                return w0 + q
            if q <= b:
                return sent.start + (norm.start(q - a) if starts else norm.end(q - a))
            return sent.end + (q - b)

        local = [[(forward(s), forward(e)) for s, e in group] for group in spans]
        items = extract(window, replace(sent, start=a, end=b), *local)
        for item in items:
            s, e = item["span"]
            item["span"] = (back(s, True), back(e, False))
            for key in _STARTS:
                if isinstance(item.get(key), int):
                    item[key] = back(item[key], True)
            for key in _ENDS:
                if isinstance(item.get(key), int):
                    item[key] = back(item[key], False)
        return items

    return run


ranks = _on_normalised(ranks)
quantities = _on_normalised(quantities)
