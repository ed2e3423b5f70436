"""Step 4: extract facts (figures) from one document.

Extraction is a pure function of a Document and the profiles: it returns one
record per fact, each grounded by character offsets (text[start:end] == fact
text). Traps — numerals inside quoted names (“2332”), ordinals (第一批), slogans
(1+4), house numbers (1号厂房) — are rejected before they become quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zoneprofile.attribute import Attribution, ZoneMatcher, attribute
from zoneprofile.corpus import Document
from zoneprofile.numbers import CN_NUMERAL_CHARS, parse_number
from zoneprofile.profiles import Profile
from zoneprofile.segment import Sentence, paragraphs, sentences

ARABIC = r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?"
CN = f"[{CN_NUMERAL_CHARS}]+"
NUM = rf"(?:(?P<ar>{ARABIC})(?P<mult>万亿|千万|百万|亿|万)?|(?P<cn>{CN}))"

# unit → kind; longer units first so 个工作日 wins over 个, 人次 over 人.
UNITS: dict[str, str] = {
    "美元": "money", "欧元": "money", "港元": "money", "元": "money",
    "%": "percent", "％": "percent", "个百分点": "percent", "百分点": "percent",
    "平方公里": "area", "平方千米": "area", "平方米": "area", "公顷": "area", "亩": "area",
    "个工作日": "duration", "工作日": "duration", "个小时": "duration", "小时": "duration",
    "分钟": "duration", "个月": "duration", "天": "duration", "年": "duration",
    "人次": "count", "家": "count", "个": "count", "项": "count", "人": "count", "名": "count",
    "次": "count", "场": "count", "支": "count", "件": "count", "条": "count", "份": "count",
    "户": "count", "座": "count", "所": "count", "台": "count", "套": "count", "栋": "count",
    "辆": "count", "起": "count", "处": "count", "种": "count", "类": "count", "批": "count",
    "间": "count", "张": "count", "笔": "count", "例": "count", "艘": "count", "架": "count",
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUALIFIER_WORDS = {
    "超过": "over", "超": "over", "逾": "over", "以上": "over", "多于": "over", "不少于": "over",
    "至少": "over",
    "约": "about", "大约": "about", "近": "about", "将近": "about", "余": "about", "多": "about",
    "左右": "about",
    "不足": "under", "不到": "under", "以下": "under", "少于": "under",
}
QUANTITY = re.compile(
    r"(?<![A-Za-z0-9.．])"
    r"(?P<pre>超过|不少于|至少|多于|将近|大约|不足|不到|少于|超|逾|近|约)?"
    + NUM
    + rf"(?P<mid>余|多)?(?P<unit>{_UNIT_RE})(?P<post>以上|以下|左右|余|多)?"
)
RANK_NUM = rf"(?:[0-9]+|[一二三四五六七八九十]+)"
RANK = re.compile(
    rf"(?P<scope>全球|全国|全省|全市|全区|全县|国内|省内|市内)(?P<ord>第)?(?P<num>{RANK_NUM})(?P<unit>位|名)?"
    rf"|(?:位列|位居|名列|排名|排在|列|居)(?P<ord2>第)(?P<num2>{RANK_NUM})(?P<unit2>位|名)?"
)
RANK_MORE = re.compile(rf"\s*[、和及]\s*第(?P<num>{RANK_NUM})(?P<unit>位|名)?")
RANK_CHANGE = re.compile(
    rf"(?P<dir>上升|提升|前移|跃升|攀升|下降|后退|下滑)了?(?P<num>{RANK_NUM})个?(?P<unit>位次|位|名)"
)
PERIOD = re.compile(
    r"(?:截至|截止|截止到)(?:目前|今年\d{1,2}月(?:底|末)?|\d{4}年(?:\d{1,2}月(?:底|末)?)?|\d{1,2}月(?:底|末|份)?"
    r"|上半年末?|年底|去年底|今年)"
    r"|(?:今年|去年|\d{4}年)\d{1,2}月(?:上旬|中旬|下旬|底|末|份)?(?:以来|开始)?"
    r"|(?:\d{4}年)?\d{1,2}[-—~～至]\d{1,2}月份?"
    r"|(?:今年|去年|\d{4}年)?(?:前三季度|上半年|下半年|第[一二三四]季度|[一二三四]季度|全年|年初以来)"
    r"|今年以来|去年以来|近年来|近年以来|今年|去年(?!同期)|\d{4}年度?(?!同期)"
)
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、\n（）()]")
# A short quoted phrase with no sentence punctuation is a name or a slogan (“2332”, “定3年、谋8年”).
QUOTED = re.compile(r"“[^“”，。；！？]{1,16}”|\"[^\"，。；！？]{1,16}\"|「[^「」，。；]{1,16}」|『[^『』，。；]{1,16}』")
ORDINAL_AFTER = re.compile(r"全会|次会议|次党代会|次代表大会")
QUOTE_CHARS = "“”\"「」『』《》‘’'"


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


# ---------------------------------------------------------------- metric words
SUFFIXES = set("员率量额数值度费点者")  # 网格员, 解决率: one-character noun endings jieba tags oddly
PHRASE_ENDS = set("员率者")
NOUNISH = {"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "j", "l", "b", "eng", "nrt", "nrfg"}
GROWTH = {"同比", "环比", "增长", "增幅", "增速", "下降", "提高", "较", "比", "去年同期", "上年同期", "同期",
          "压缩", "缩短", "减少", "降低", "增加", "提升", "减"}
LINK_WORDS = {
    "达", "为", "是", "有", "共", "共有", "共计", "计", "累计", "总计", "合计", "达到", "超过", "超", "约", "近",
    "逾", "突破", "实现", "完成", "获得", "提供", "争取", "仅", "已", "均", "高达", "约为", "分别", "到", "至",
    "了", "的", "和", "与", "及", "等", "在", "中", "占", "配备", "构建", "组建", "打造", "开展", "举办",
    "召开", "建立", "引进", "吸引", "带动", "覆盖", "解决", "发放", "成立", "入驻", "抽调", "组成", "派驻",
    "其中", "全区", "全市", "目前", "已经", "共同", "再", "又", "还", "将", "列", "位列", "位居", "居", "排名",
    "名列", "排", "排在", "共计",
}


@lru_cache(maxsize=1)
def _posseg():
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba, jieba.posseg


@lru_cache(maxsize=1)
def _load_terms() -> None:
    from importlib.resources import files

    jieba, _ = _posseg()
    jieba.load_userdict(str(files("zoneprofile") / "data" / "terms.txt"))


def prepare_dictionary(profiles: list[Profile]) -> None:
    """Teach jieba the domain terms and the zone names so they stay whole words."""
    jieba, _ = _posseg()
    _load_terms()
    for p in profiles:
        for name in p.names:
            jieba.add_word(name, freq=2000, tag="nt")


def _tokens(text: str) -> list[tuple[str, str]]:
    if not text:
        return []
    _, pseg = _posseg()
    return [(w.word, w.flag) for w in pseg.lcut(text)]


def _clean_metric(words: list[str]) -> str | None:
    metric = "".join(words).strip(QUOTE_CHARS + " ")
    metric = "".join(c for c in metric if c not in QUOTE_CHARS)
    return metric or None


Tokens = list[tuple[str, str]]


def _metric_before(toks: Tokens) -> str | None:
    toks = list(toks)
    while toks and (toks[-1][0] in LINK_WORDS or toks[-1][1] in {"x", "u", "p", "c", "d", "m", "q", "r", "a", "ad"}):
        if toks[-1][0] in GROWTH:
            break
        toks.pop()
    words: list[str] = []
    for word, flag in reversed(toks):
        if len(words) >= 4 or sum(map(len, words)) >= 10:
            break
        if flag in NOUNISH or word in GROWTH or word in SUFFIXES:
            words.insert(0, word)
            continue
        if flag in {"v", "vd"} and words and words[0] in SUFFIXES:
            words.insert(0, word)  # 解决 + 率
            continue
        break
    return _clean_metric(words)


def _metric_after(toks: Tokens) -> str | None:
    words: list[str] = []
    flags: list[str] = []
    for i, (word, flag) in enumerate(toks):
        if len(words) >= 4 or sum(map(len, words)) >= 10:
            break
        if word in QUOTE_CHARS:
            continue
        if flag in NOUNISH or flag == "zg" and len(word) == 1 and not words or (word in SUFFIXES and words):
            words.append(word)
            flags.append("n")
            if word[-1] in PHRASE_ENDS:
                break  # 督导员, 完成率: the noun phrase is complete
            continue
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if flag in {"a", "v", "vd"} and len(word) <= 2 and nxt in NOUNISH and not words:
            words.append(word)
            flags.append(flag)
            continue
        break
    while words and flags[-1] not in NOUNISH:
        words.pop()
        flags.pop()
    return _clean_metric(words)


def metric_before(prefix: str) -> str | None:
    """The phrase just before a number that names what it measures: 授信19.3亿元 → 授信."""
    return _metric_before(_tokens(prefix))


def metric_after(suffix: str) -> str | None:
    """The noun phrase right after a measure word: 40余家企业 → 企业."""
    return _metric_after(_tokens(suffix))


# ---------------------------------------------------------------- helpers
def _clause_bounds(text: str, sent: Sentence, start: int, end: int) -> tuple[int, int]:
    left = sent.start
    for m in CLAUSE_BREAK.finditer(text, sent.start, start):
        left = m.end()
    m = CLAUSE_BREAK.search(text, end, sent.end)
    right = m.start() if m else sent.end
    return left, right


def _inside_short_quote(quoted: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(qs < start and end <= qe for qs, qe in quoted)


_FILLER_VERBS = {"是", "有", "为", "达", "达到", "共", "计", "共计", "累计", "共有"}


def _strip_names(metric: str | None, matcher: ZoneMatcher) -> str | None:
    """镇江新区综合排名 → 综合排名: the zone is a column of its own."""
    if metric and matcher.pattern is not None:
        metric = matcher.pattern.sub("", metric).strip() or None
    return metric


def _period(text: str, sent: Sentence, offset: int) -> str | None:
    found = [m for m in PERIOD.finditer(text, sent.start, sent.end)]
    before = [m for m in found if m.end() <= offset]
    chosen = before[-1] if before else None
    return chosen.group() if chosen else None


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
    if re.match(r"[0-9一二三四五六七八九十][-—~～至到]$", text[max(0, s - 2):s]):
        return True  # the upper end of a range: ranges come with the extraction issue
    if _inside_short_quote(quoted, m.start(), m.end()):
        return True
    cn = m.group("cn")
    if ORDINAL_AFTER.match(text, e) or before == "届":
        return True  # 十四届四次全会: a session number
    if cn:
        if before and before in CN_NUMERAL_CHARS:
            return True
        if cn in ("一", "十", "百", "千", "万", "亿", "两"):
            return True  # an article (一家企业) or a vague round number (百场), not a figure
    unit = m.group("unit")
    if unit == "年":
        digits = m.group("ar") or ""
        if len(digits) == 4 or text[e:e + 1] in ("度", "底", "初", "末", "级"):
            return True  # a year, not a duration
    if unit in ("年", "个月", "天") and text[e:e + 2].startswith(("来", "以来")):
        return True  # 三年来 is a period, not a figure
    return False


# ---------------------------------------------------------------- extractors
def _ranks(text: str, sent: Sentence) -> list[dict]:
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
    for m in RANK_CHANGE.finditer(text, sent.start, sent.end):
        sign = -1 if m.group("dir") in ("下降", "后退", "下滑") else 1
        out.append(dict(span=(m.start(), m.end()), kind="rank_change", value=sign * parse_number(m.group("num")),
                        unit="位", scope=None, qualifier="exact", metric_end=m.start()))
    return out


def _quantities(text: str, sent: Sentence, taken: list[tuple[int, int]],
                quoted: list[tuple[int, int]]) -> list[dict]:
    out = []
    for m in QUANTITY.finditer(text, sent.start, sent.end):
        if any(s < m.end() and m.start() < e for s, e in taken) or _is_trap(text, m, quoted):
            continue
        try:
            value = parse_number(m.group("ar") or m.group("cn"), m.group("mult") or "")
        except ValueError:
            continue
        unit = m.group("unit")
        kind = UNITS[unit]
        unit = {"％": "%", "个百分点": "百分点", "个工作日": "工作日", "个小时": "小时"}.get(unit, unit)
        pre = m.group("pre")
        if pre == "近" and unit in ("年", "个月", "天"):
            pre = None  # 近3年 is "the last three years", not "nearly"
        qualifier = _qualifier(pre, m.group("mid"), m.group("post"))
        out.append(dict(span=(m.start(), m.end()), kind=kind, value=value, unit=unit, scope=None,
                        qualifier=qualifier, metric_end=m.start(), unit_end=m.end("unit")))
    return out


def _split_tokens(text: str, left: int, right: int, cut_start: int, cut_end: int) -> tuple[Tokens, Tokens]:
    """Tag the whole clause once (context matters to jieba), then keep the tokens
    wholly before `cut_start` and wholly after `cut_end`."""
    before, after = [], []
    pos = left
    for word, flag in _tokens(text[left:right]):
        end = pos + len(word)
        if end <= cut_start:
            before.append((word, flag))
        elif pos >= cut_end:
            after.append((word, flag))
        pos = end
    return before, after


def _metric(text: str, sent: Sentence, item: dict) -> str | None:
    start, end = item["span"]
    left, right = _clause_bounds(text, sent, start, end)
    before, after = _split_tokens(text, left, right, item["metric_end"], item.get("unit_end", end))
    if item["kind"] == "count":
        return _metric_after(after) or _metric_before(before)
    return _metric_before(before) or _metric_after(after)


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
        items = _ranks(text, sent)
        items += _quantities(text, sent, [i["span"] for i in items], quoted)
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
                left, _ = _clause_bounds(text, sent, start, end)
                verb = _clean_metric([w for w, f in _tokens(text[left:item["metric_end"]])
                                      if f.startswith("v") and w not in _FILLER_VERBS])
                metric = f"{previous[key]}（{verb}）" if verb and item["kind"] != "rank" else previous[key]
            if metric:
                previous.setdefault(key, metric)
            zone, how = who.zone_at(sent, start)
            facts.append(Fact(
                doc=doc.doc, zone=zone, zone_name=names.get(zone) if zone else None, kind=item["kind"],
                text=text[start:end], start=start, end=end, value=item["value"], unit=item["unit"],
                qualifier=item["qualifier"], metric=metric, period=_period(text, sent, start),
                sentence=sentence_text, scope=item["scope"], attribution=how,
                sentence_start=sent.start, sentence_end=sent.end,
            ))
    return facts
