"""Entities, each a fact with its span: organizations, people (with their titles),
industries and initiatives. Pure functions of (text, sentence); each returns items
with span, kind and detail (a person's titles, an organization's full form).

The patterns are those of the genre, not of any one article: company suffixes
(有限公司, 集团 ...), lists closed by 等重点企业 / 等新兴产业, title chains before a
name (市委常委、新区党工委书记秦海涛), quoted programme names (“一窗通办”).
"""

from __future__ import annotations

import re

from zoneprofile.metric import tokens
from zoneprofile.numbers import CN_NUMERAL_CHARS
from zoneprofile.segment import Sentence

HAN = r"\u4e00-\u9fff"

# ------------------------------------------------------------------ list items
HEAD_BREAK = {"v", "vd", "vn_", "p", "c", "d", "r", "u", "f", "ad", "t"}


def trim_head(text: str, start: int, end: int, context: int = 6) -> int:
    """Where a name really starts inside text[start:end]: after the last verb,
    preposition or conjunction (新区选定奇美化工 → 奇美化工, 大力培育新一代信息技术 →
    新一代信息技术). Tagged with a little context before, as jieba needs it."""
    left = max(0, start - context)
    pos, cut = left, start
    for word, flag in tokens(text[left:end]):
        nxt = pos + len(word)
        if flag in HEAD_BREAK or word in ORG_STOP or flag == "nt" and word.endswith("区"):
            cut = max(cut, nxt)
        elif pos < cut < nxt:  # a token straddling our start: the name starts inside a word
            cut = max(cut, pos) if pos >= start else cut
        pos = nxt
    return min(cut, end)


# ------------------------------------------------------------------ organizations
ORG_SUFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司|银行|研究院|研究所|大学|学院|医院|商会|协会)"
    r"(?![\u4e00-\u9fff]{0,1}(?:负责人|员工|董事长|总经理))"
)
# words a name never starts with: they end the phrase before it
ORG_STOP = set("和与及同跟是为在由对向将把被让等的了从")
ORG_TOKEN_OK = {"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "j", "vn", "an", "b", "x", "l", "m"}
SHORT_ORG_SUFFIX = ("科技", "纸业", "化工", "农业", "资产", "电子", "股份", "制药", "生物", "材料", "汽车",
                    "机械", "物流", "光电", "能源", "智能", "医药", "装备", "实业", "控股", "传媒", "置业",
                    "环保", "新材", "集团", "电气", "重工", "钢铁", "化学", "食品", "药业", "海鹰")
# 赴金东纸业、孚能、万事达等重点企业 / 选定奇美化工、江化微等22家企业
ORG_LIST = re.compile(
    rf"((?:[{HAN}A-Za-z]{{2,10}}、)+(?:(?!等)[{HAN}A-Za-z]){{2,8}})等(?:[0-9]+家|[{CN_NUMERAL_CHARS}]+家)?"
    rf"(?:[{HAN}]{{0,6}})?(?:企业|公司|集团|单位)"
)


def _org_start(text: str, left: int, suffix_start: int) -> int | None:
    """Walk back over the tokens of a name from its suffix; None if no name."""
    toks = tokens(text[left:suffix_start])
    start = suffix_start
    for word, flag in reversed(toks):
        is_han = all("\u4e00" <= c <= "\u9fff" for c in word)
        if word in ORG_STOP or (flag not in ORG_TOKEN_OK and word not in "()（）"):
            break
        if flag == "x" and word not in "()（）" and not is_han:
            break
        start -= len(word)
        if suffix_start - start >= 24:
            break
    # a dangling opening parenthesis or a bare suffix is no name
    while start < suffix_start and text[start] in ")）":
        start += 1
    return start if suffix_start - start >= 2 else None


def organizations(text: str, sent: Sentence) -> list[dict]:
    out: list[dict] = []
    for m in ORG_SUFFIX.finditer(text, sent.start, sent.end):
        left = max(sent.start, m.start() - 30)
        cut = max((i for i in range(left, m.start()) if text[i] in "，。、；：“”‘’《》！？\n "), default=left - 1)
        start = _org_start(text, cut + 1, m.start())
        if start is None:
            continue
        start = trim_head(text, start, m.start())
        name = text[start:m.end()]
        if m.start() - start < 2 or name.startswith(("本", "该", "各")):
            continue  # 公司, 该公司, 各银行: not a name
        if "有限" not in m.group() and not _has_proper_name(text[start:m.start()]):
            continue  # 电水气公司, 产业研究院: a description, not a name
        out.append(dict(span=(start, m.end()), kind="organization", detail=None))
    for m in ORG_LIST.finditer(text, sent.start, sent.end):
        pos = m.start(1)
        for i, item in enumerate(m.group(1).split("、")):
            s = trim_head(text, pos, pos + len(item)) if i == 0 else pos
            if pos + len(item) - s >= 2:
                out.append(dict(span=(s, pos + len(item)), kind="organization", detail=None))
            pos += len(item) + 1
    # short names: 孚能科技, 金东纸业 (a brand of 2-4 characters and a trade)
    for word, start in _words_with_offsets(text, sent):
        if len(word) >= 4 and word.endswith(SHORT_ORG_SUFFIX) and not _overlaps(out, start, start + len(word)):
            brand = word[: -2]
            if 2 <= len(brand) <= 4 and _looks_like_brand(brand):
                out.append(dict(span=(start, start + len(word)), kind="organization", detail=None))
    return _dedupe(out)


def _has_proper_name(words: str) -> bool:
    return any(flag in PROPER for _, flag in tokens(words)) or any(c.isascii() and c.isalpha() for c in words)


PROPER = {"nr", "nz", "ns", "nt", "nrt", "nrfg", "x", "j", "eng"}


def _looks_like_brand(brand: str) -> bool:
    """金东, 孚能: a proper name, not an ordinary word such as 发展 or 高新."""
    return all(flag in {"nr", "nz", "ns", "nrt", "nrfg", "x", "j"} or len(word) == 1
               for word, flag in tokens(brand))


def _words_with_offsets(text: str, sent: Sentence):
    pos = sent.start
    for word, _ in tokens(text[sent.start:sent.end]):
        yield word, pos
        pos += len(word)


# ------------------------------------------------------------------ people
TITLE_END = ("书记", "副书记", "主任", "副主任", "主席", "副主席", "市长", "副市长", "区长", "副区长", "县长",
             "局长", "副局长", "部长", "处长", "科长", "镇长", "委员", "常委", "负责人", "总经理", "董事长",
             "经理", "主管", "总监", "厂长", "院长", "校长", "社长", "总裁", "专员", "站长", "所长", "队长")
_TITLE = rf"[{HAN}（）()]{{1,14}}?(?:{'|'.join(sorted(TITLE_END, key=len, reverse=True))})"
TITLED = re.compile(rf"(?P<titles>{_TITLE}(?:、{_TITLE})*)(?P<name>[{HAN}]{{2,3}})")
SPEECH = ("指出", "表示", "说", "强调", "介绍", "直言", "认为", "主持", "称", "坦言", "要求", "提出", "告诉")
CITIZEN = re.compile(rf"(?:市民|村民|居民|员工|职工|工人|党员|志愿者|外卖小哥)(?P<name>[{HAN}]{{2,3}})")
SURNAMES = set("王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁"
               "沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严"
               "覃武孔莫向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
               "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农"
               "司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商"
               "刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")


def _name_end(text: str, start: int, limit: int) -> int | None:
    """A 2- or 3-character personal name at `start`, judged by jieba in context."""
    if text[start] not in SURNAMES:
        return None
    window = text[start:min(limit, start + 6)]
    first = tokens(window)[0] if window else ("", "")
    if first[1] in {"nr", "nrfg", "nrt"} and 2 <= len(first[0]) <= 3:
        return start + len(first[0])
    for n in (3, 2):  # a name followed by a speech verb: 孔贝妮说
        if text.startswith(SPEECH, start + n):
            return start + n
    return None


def people(text: str, sent: Sentence) -> list[dict]:
    out = []
    for m in TITLED.finditer(text, sent.start, sent.end):
        end = _name_end(text, m.start("name"), sent.end)
        if end is None:
            continue
        titles = re.split(r"[，。；：的）)]|有限公司|公司|集团", m.group("titles"))[-1]
        titles = re.sub(r"^(?:企业|和|与|及|从)", "", titles)
        out.append(dict(span=(m.start("name"), end), kind="person", detail=titles))
    for m in CITIZEN.finditer(text, sent.start, sent.end):
        end = _name_end(text, m.start("name"), sent.end)
        if end and not _overlaps(out, m.start("name"), end):
            out.append(dict(span=(m.start("name"), end), kind="person", detail=None))
    # a bare name that speaks: 路月中指出
    for word, start in _words_with_offsets(text, sent):
        if (len(word) in (2, 3) and word[0] in SURNAMES and text.startswith(SPEECH, start + len(word))
                and not _overlaps(out, start, start + len(word))):
            if _name_end(text, start, sent.end) == start + len(word):
                out.append(dict(span=(start, start + len(word)), kind="person", detail=None))
    return _dedupe(out)


def byline_people(text: str, start: int, end: int) -> list[dict]:
    """Each name of a byline block."""
    return [dict(span=(start + m.start(), start + m.end()), kind="person", detail="署名")
            for m in re.finditer(rf"[{HAN}]{{2,4}}", text[start:end])
            if text[start + m.start()] in SURNAMES]


# ------------------------------------------------------------------ industries
_ITEM = rf"(?:(?!等)[{HAN}A-Za-z0-9]){{2,10}}"
_KINDS = "战略性新兴|新兴|主导|特色|支柱|先导|未来|优势|重点|四大|三大|五大"
# 新能源、新材料、航空航天、生命健康四大主导产业 / …、高技术服务业等新兴产业 / “…、…”四张新的产业名片
INDUSTRY_LIST = re.compile(
    rf"(?P<list>{_ITEM}(?:、{_ITEM})+)”?"
    rf"(?:(?:等|[{CN_NUMERAL_CHARS}]大|[{CN_NUMERAL_CHARS}]张)(?:新的)?(?:{_KINDS})?|(?:{_KINDS}))"
    rf"产业(?!项目|园|链)"
)
INDUSTRY_LEAD = re.compile(rf"以(?P<item>[{HAN}]{{2,10}}?)(?:产业)?为(?:龙头|主导|核心|引领|重点|特色)")


def industries(text: str, sent: Sentence) -> list[dict]:
    out = []
    for m in INDUSTRY_LIST.finditer(text, sent.start, sent.end):
        pos = m.start("list")
        for i, item in enumerate(m.group("list").split("、")):
            s = trim_head(text, pos, pos + len(item)) if i == 0 else pos
            s += len(item.lstrip("“")) and item.startswith("“")
            if pos + len(item) - s >= 2:
                out.append(dict(span=(s, pos + len(item)), kind="industry", detail=None))
            pos += len(item) + 1
    for m in INDUSTRY_LEAD.finditer(text, sent.start, sent.end):
        out.append(dict(span=(m.start("item"), m.end("item")), kind="industry", detail=None))
    return _dedupe(out)


# ------------------------------------------------------------------ initiatives
QUOTED_NAME = re.compile(r"“(?P<name>[^“”，。；！？\s]{2,12})”")
PROGRAMME_WORDS = ("行动", "工程", "机制", "模式", "品牌", "活动", "平台", "服务", "改革", "专项", "体系", "产品",
                   "考核", "审批", "计划", "专区", "工作法", "制度", "项目", "格局", "理念", "战略", "要求", "原则",
                   "清单", "攻坚战", "实践活动", "工作机制", "综合金融服务产品")
_NUMERAL_NAME = re.compile(rf"[0-9{CN_NUMERAL_CHARS}]")


def initiatives(text: str, sent: Sentence) -> list[dict]:
    """Quoted programme names: “五争一创”, “一窗联办”, “园区保”. A quoted metaphor
    (“店小二”, “生命线”) is not one: a programme name counts (numerals) or is
    followed by what it is (…行动, …机制, …产品)."""
    out = []
    for m in QUOTED_NAME.finditer(text, sent.start, sent.end):
        name = m.group("name")
        after = text[m.end():m.end() + 8]
        if (_NUMERAL_NAME.search(name) and not re.fullmatch(r"[0-9.%]+", name)) \
                or after.startswith(PROGRAMME_WORDS) or name.endswith(PROGRAMME_WORDS[:12]):
            out.append(dict(span=(m.start("name"), m.end("name")), kind="initiative", detail=None))
    return out


# ------------------------------------------------------------------ helpers
def _overlaps(items: list[dict], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in (i["span"] for i in items))


def _dedupe(items: list[dict]) -> list[dict]:
    """Keep the longest of overlapping spans."""
    kept: list[dict] = []
    for item in sorted(items, key=lambda i: (i["span"][0], -(i["span"][1] - i["span"][0]))):
        if not _overlaps(kept, *item["span"]):
            kept.append(item)
    return kept
