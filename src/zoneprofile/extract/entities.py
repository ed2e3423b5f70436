"""Entities, each a fact with its span: organizations, people (with their titles),
industries and initiatives. Pure functions of (text, sentence); each returns items
with span, kind and detail (a person's titles, an organization's full form).

The patterns are those of the genre, not of any one article: company suffixes
(有限公司, 集团 ...), lists closed by 等重点企业 / 等新兴产业, title chains before a
name (市委常委、新区党工委书记秦海涛), quoted programme names (“一窗通办”).
"""

from __future__ import annotations

import re
from functools import lru_cache

from zoneprofile.lang.dictionary import dictionary_tags, tokens, zone_names
from zoneprofile.lang.numbers import CN_NUMERAL_CHARS
from zoneprofile.lang.regex import guarded
from zoneprofile.lang.text import Needing
from zoneprofile.read.segment import Sentence

HAN = r"\u4e00-\u9fff"


# ------------------------------------------------------------------ list items
HEAD_BREAK = {"v", "vd", "p", "c", "d", "r", "u", "f", "ad"}
HEAD_VERBS = ("培育", "发展", "打造", "聚焦", "围绕", "推动", "做强", "壮大", "引进", "形成", "建设", "构建")


def trim_head(text: str, start: int, end: int, context: int = 6) -> int:
    """Where a name really starts inside text[start:end]: after the last verb,
    preposition or conjunction (新区选定奇美化工 → 奇美化工, 大力培育新一代信息技术 →
    新一代信息技术). Tagged with a little context before, as jieba needs it."""
    left = max(0, start - context)
    pos, cut = left, start
    for word, flag in tokens(text[left:end]):
        nxt = pos + len(word)
        if flag in HEAD_BREAK or word in ORG_STOP or word in HEAD_VERBS:
            cut = max(cut, nxt)
        elif pos < cut < nxt:  # a token straddling our start: the name starts inside a word
            cut = max(cut, pos) if pos >= start else cut
        pos = nxt
    return min(cut, end)


def _list_head(text: str, start: int, end: int) -> int:
    """Where the first item of a list starts: after the verb that introduces the list (构建|装备制造、…);
    trim_head would also cut an item that ends on a verb (装备|制造), so only leading verbs go here."""
    trimmed = trim_head(text, start, end)
    if end - trimmed >= 2:
        return trimmed
    pos = start
    for word, flag in tokens(text[start:end]):
        if not (flag in HEAD_BREAK or word in HEAD_VERBS or word in ORG_STOP):
            break
        pos += len(word)
    return pos


# ------------------------------------------------------------------ organizations
ORG_SUFFIX = re.compile(
    # the first characters of the suffixes below, looked at once: most positions fail here, not on every suffix
    r"(?=[中人保党公养分区医协博卫厂县发周商国图基大学实审宣小局工市幼度技报政敬日有检法照电研科管纪组经统网股酒银防集高])"
    r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司|银行|研究院|研究所|大学|学院|医院|商会|协会"
    r"|党工委|管委会|党委|市委|区委|县委|人民政府|组织部|宣传部|统战部|管理部|审批局|管理局|发展局|分局"
    r"|(?<![格布大当结开全变胜新])局|网信办|经信委|发改委|科工委|工信委|国资委|卫健委"
    r"|人民法院|法院|人民检察院|检察院|人大常委会|人大|政协|(?<!人民)政府"
    r"|高级中学|中学|高中|小学|学校|幼儿园|保健院|敬老院|养老院|纪念馆|博物馆|图书馆|科技馆|工程院|科学院"
    r"|研究中心|技术中心|工程中心|检测中心|分中心|防治中心|照料中心|(?<![服务展示会议活动数据调度监控副康])中心(?![区城])|工作站|实验室"
    r"|管理委员会|基金会|度假村|度假酒店|大酒店|酒店|(?<![工电药理])厂(?!区|房|改造|片区|旧址|地块)|(?<=[\u4e00-\u9fff]{2})科院"
    r"|日报社|报社|电视台|周刊|(?<![管电路水光道气])网(?![\u4e00-\u9fff]))"
    r"(?![\u4e00-\u9fff]{0,1}(?:负责人|员工|董事长|总经理))"
)
# bodies named by their level alone (市委, 区政府, 省人大) where they act, not inside a title (市委常委)
# or a session's name (市委八届五次全会); the ministries and commissions of the state
LEVEL_BODY = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[、和与及由被经向对在按照据将把为的了从跟同委于记获是请]))"
    r"(?:省|市|区|县)(?:委|政府|人大|政协|纪委|经信委|发改委|科工委|工信委|国资委|卫健委)"
)
LEVEL_BODY_NOT = re.compile(r"常委|书记|副书记|委员|主任|副主任|主席|副主席|领导|秘书长|副秘书长|办公室|[一二三四五六七八九十0-9]+届|"
                            r"大院|门口|机关|所在地|驻地")
MINISTRY = re.compile(
    r"(?:国家)?(?:科技部|工信部|工业和信息化部|财政部|商务部|发改委|发展改革委|应急管理部|生态环境部|自然资源部|人社部|"
    r"人力资源和社会保障部|住建部|住房和城乡建设部|交通运输部|农业农村部|教育部|公安部|民政部|司法部|水利部|"
    r"文化和旅游部|卫健委|国资委|海关总署|税务总局|市场监管总局|中国人民银行|证监会|银保监会|国务院)"
)
# a name the text defines as a company: 中核苏阀是中国阀门行业的首家上市公司
IS_A_COMPANY = re.compile(rf"(?:^|(?<=[，。；：\n]))(?P<name>[{HAN}A-Za-z]{{2,8}}?)(?:作为|是)(?:一家|一个|中国|国内|全国|全球|"
                          rf"国际|世界|我国|行业)[^，。；]{{0,30}}?(?:企业|公司|集团|厂商|供应商|提供商|制造商|服务商|运营商)")
# a name before a company's officer: 中联重科董事长詹纯新
OFFICER = re.compile(rf"(?:^|(?<=[，。、；：“”\s的了和与及见访赴到在]))(?P<brand>[{HAN}A-Za-z]{{2,6}}?)"
                     r"(?=董事长|总经理|总裁|副总裁|首席执行官|创始人|董事局主席)")
NOT_A_NAME = re.compile(r"本|该|各|驻|社区|全区|全市|全省|全国|[（(]|[首一两二三四五六七八九十百多几数每]家")
GENERIC_BODY = re.compile(r"(?:上市|民营|国有|外资|私营|龙头|骨干|重点|规上|规模以上|高新技术|科技型|创新型|[\u4e00-\u9fff]{1,6}[型化性])+")
GOVERNMENT_ACTIVITY = re.compile(r"服务|工作|投资|部门|采购|职能|引导|购买|主导|信息|网站|债务|补贴|奖励|支持|扶持")
# words a name never starts with: they end the phrase before it
ORG_STOP = set("和与及同跟是为在由对向将把被让等的了从")

ORG_TOKEN_OK = {"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "j", "vn", "an", "b", "x", "l", "m"}
SHORT_ORG_SUFFIX = ("科技", "纸业", "化工", "农业", "资产", "电子", "股份", "制药", "生物", "材料", "汽车",
                    "机械", "物流", "光电", "能源", "智能", "医药", "装备", "实业", "控股", "传媒", "置业",
                    "环保", "新材", "集团", "电气", "重工", "钢铁", "化学", "食品", "药业", "机电", "空调")
COMPANY_VERBS = ("入选", "入驻", "落户", "投资", "投产", "签约", "帮助", "成立", "设立", "获得", "获评", "牵头", "研发",
                 "生产", "建设", "增资", "开工", "开业", "成为", "是", "被", "在", "已", "将", "正")
SHORT_ORG = re.compile(rf"(?:^|(?<=[，。、；：“”\s的]))(?P<brand>[{HAN}]{{2,3}})(?:{'|'.join(SHORT_ORG_SUFFIX)})"
                       rf"(?=[，。、；：”\s等的和与]|$|{'|'.join(COMPANY_VERBS)})")
# 赴金东纸业、孚能、万事达等重点企业 / 选定奇美化工、江化微等22家企业
ORG_LIST = re.compile(
    rf"((?:[{HAN}A-Za-z—（）()]{{2,12}}(?:、|和|及|以及))+(?:(?!等)[{HAN}A-Za-z—（）()]){{2,12}})等"
    rf"[{HAN}]{{0,3}}?(?:[0-9]+(?:家|个|强)|[{CN_NUMERAL_CHARS}]+(?:家|个))?"
    rf"(?:[{HAN}]{{0,6}})?(?P<end>企业|公司|集团|单位|媒体|机构|银行|项目|品牌|厂商|客户)"
)
# what a list of companies may also hold that is no company: common nouns and places of a project
LIST_GENERIC = re.compile(r"^(?:银行|基金|保险|证券|信托|学校|医院|道路|桥梁|公园|企业|项目|工程|产业|园区|平台|"
                          r"[\u4e00-\u9fff]{0,10}(?:路|桥|站|线|河|湖|山|街|村|社区|片区|公园|广场|小区|中心|园区|城|市场|工业区|"
                          r"大道|廊|绿道|绿化|工程|设施))$")
# projects that are places, not companies: 正山甲、新和等单元统筹更新项目, 公园、绿道等环境提升项目
PLACE_PROJECTS = re.compile(r"单元|更新|改造|片区|社区|道路|转型|试点|环境|基础设施|市政|民生|绿化|水利|安置|产业")


CLAUSE_OPEN = set("，。；：！？\n、")
# verbs that end the phrase before a registered company's name (引进|宏远重工…有限公司)
ACTION_VERBS = set(HEAD_VERBS) | {"选定", "支持", "吸引", "服务", "帮助", "走访", "入驻", "落户", "成立", "组建", "联合",
                                  "携手", "对接", "会见", "考察", "前往", "签约", "签订", "投资", "收购", "设立"}


def _org_start(text: str, left: int, suffix_start: int, company: bool = False) -> int | None:
    """Walk back over the tokens of a name from its suffix; None if no name. A registered
    company's name (…有限公司) may hold words jieba reads as adjectives or verbs (宏远, 飞达)."""
    toks = tokens(text[left:suffix_start])
    ok = ORG_TOKEN_OK | {"a", "ad", "v", "vd", "vn", "f"} if company else ORG_TOKEN_OK
    start = suffix_start
    known = dictionary_tags()
    for word, flag in reversed(toks):
        is_han = all("\u4e00" <= c <= "\u9fff" for c in word)
        if flag.startswith("nr") and len(word) >= 3 and word.endswith(("率", "带")):
            break  # 主任薛良率|临港新城管委会: a person leads the body, he is no part of its name
        if _unknown(word, known) and word[0] not in ORG_STOP:
            start -= len(word)  # 健宁|医院: a word jieba guessed (tagged as it may) is a name
            continue
        if len(word) > 1 and word[0] in ORG_STOP and flag in {"nr", "ns", "nz", "x"}:
            start -= len(word) - 1  # jieba glued a conjunction to the name: 和弗|瑞斯
            break
        if word in ("和", "同") and start - len(word) == left and left > 0 and text[left - 1] in CLAUSE_OPEN \
                and suffix_start - start >= 1:
            start -= len(word)  # 和大集团董事长…: a clause does not open on a conjunction, so 和 is the name's
            break
        if word in ORG_STOP or (flag not in ok and word not in "()（）") or word in TITLE_END:
            break  # 管委会主任薛良率…管委会: a title is never inside an organization's name
        if flag == "x" and word not in "()（）" and not is_han:
            break
        start -= len(word)
        if suffix_start - start >= 24:
            break
    # a dangling parenthesis or a bare suffix is no name: 第三人民医院（|新区妇幼保健院
    while start < suffix_start and text[start] in ")）":
        start += 1
    opening = max(text.rfind("（", start, suffix_start), text.rfind("(", start, suffix_start))
    if opening >= 0 and not re.search(r"[)）]", text[opening:suffix_start]):
        start = opening + 1
    return start if suffix_start - start >= 2 else None


def organizations(text: str, sent: Sentence) -> list[dict]:
    out: list[dict] = []
    for m in ORG_SUFFIX.finditer(text, sent.start, sent.end):
        if m.group() == "政府" and GOVERNMENT_ACTIVITY.match(text, m.end()):
            continue  # 政府服务, 政府投资: an activity, not a body (checked before any tagging)
        left = max(sent.start, m.start() - 30)
        cut = max((i for i in range(left, m.start()) if text[i] in "，。、；：“”‘’《》！？\n —"), default=left - 1)
        # a registered company, or a research body whose name holds verbs (深圳生物育种创新研究院)
        company = "有限" in m.group() or m.group() in RESEARCH_SUFFIXES
        if m.group() == "科院":  # 环|科院, 农|科院: an abbreviated academy; the character before is its own
            start = _org_start(text, cut + 1, m.start() - 1, company=True)
        else:
            start = _org_start(text, cut + 1, m.start(), company=company)
        if start is None:
            continue
        trimmed = trim_head(text, start, m.start())
        removed = text[start:trimmed]
        brand_head = (start == cut + 1 and len(removed) <= 3 and not any(c in ORG_STOP for c in removed)
                      and not any(v in removed for v in ACTION_VERBS))  # 中节能…: a brand jieba reads as a verb
        if not company or (m.start() - trimmed >= 2 and not brand_head):  # 新区选定|奇美化工, 深化|敬老院
            start = trimmed  # but 中联重工科技发展|股份有限公司 keeps its 发展
        else:  # 园区引进|宏远重工科技发展股份有限公司: a verb near the start still ends what came before
            ends = [text.find(v, start, start + 6) + len(v) for v in ACTION_VERBS if text.find(v, start, start + 6) >= 0]
            if ends and m.start() - min(ends) >= 2:
                start = min(ends)
        name = text[start:m.end()]
        if m.start() - start < 2 or NOT_A_NAME.match(name) or GENERIC_BODY.fullmatch(text[start:m.start()]):
            continue  # 公司, 该公司, 首家上市公司, 全区普惠性幼儿园, 法治化政府, 政府服务: not a name
        if "有限" not in m.group() and not _has_proper_name(text[start:m.start()]) \
                and not LEVEL_INSTITUTION.match(name):
            continue  # 电水气公司, 交通分局, 产业研究院: a description, not a name
        if _inside_quotes(text, start, m.end()):
            continue  # “党建网+治理网” is a programme
        if m.group() in ("局", "网", "分局") and len(text[start:m.start()]) < 2:
            continue
        out.append(dict(span=(start, m.end()), kind="organization", detail=None))
    for m in ORG_LIST.finditer(text, sent.start, sent.end):
        strict = m.group("end") in ("项目", "品牌", "厂商", "客户")  # 等项目: a project may be no company
        if strict and PLACE_PROJECTS.search(text, m.end(1), min(sent.end, m.end() + 8)):
            continue  # …等项目更新改造: places being renewed
        pos = m.start(1)
        for i, piece in enumerate(re.split(r"(、|以及|和|及)", m.group(1))):
            if i % 2:  # a separator
                pos += len(piece)
                continue
            s = trim_head(text, pos, pos + len(piece)) if i == 0 else pos
            e = pos + len(piece)
            core = re.sub(r"(?:[（(][^）)]*[）)]|[一二三四]期)+$", "", text[s:e])  # 赛诺菲—巴斯德（二期）
            e = s + len(core)
            pos += len(piece)
            if e - s < 2 or LIST_GENERIC.match(core) or (strict and not _looks_like_name(core)):
                continue
            out.append(dict(span=(s, e), kind="organization", detail=None))
    for body in (LEVEL_BODY, MINISTRY):  # 市委, 区政府; 科技部, 国家发改委 — not in 市委常委 or 市委八届…全会
        for m in body.finditer(text, sent.start, sent.end):
            if not LEVEL_BODY_NOT.match(text, m.end()) and not _overlaps(out, m.start(), m.end()):
                out.append(dict(span=(m.start(), m.end()), kind="organization", detail=None))
    for m in IS_A_COMPANY.finditer(text, sent.start, sent.end):
        name = m.group("name")  # the context says company: any name that is no pronoun, verb or zone word
        plain = all(f[0] not in "rvpdcu" for _, f in tokens(name)) and not re.search(r"区|园|公司|企业|集团$", name)
        if plain and not LIST_GENERIC.match(name) and not NOT_A_NAME.match(name) \
                and not _overlaps(out, m.start("name"), m.end("name")):
            out.append(dict(span=(m.start("name"), m.end("name")), kind="organization", detail=None))
    for m in OFFICER.finditer(text, sent.start, sent.end):
        s = trim_head(text, m.start("brand"), m.end("brand"))
        opens = m.start("brand") == 0 or text[m.start("brand") - 1] in CLAUSE_OPEN
        if opens and text[m.start("brand"):s] in ("和", "同"):
            s = m.start("brand")  # 和大集团董事长: a clause does not open on a conjunction
        brand = text[s:m.end("brand")]
        registered = re.fullmatch(r".{2,}(?:集团|公司)", brand)  # the suffix says company
        if len(brand) >= 2 and (registered or _looks_like_name(brand)) and not LIST_GENERIC.match(brand) \
                and not _overlaps(out, s, m.end("brand")):
            out.append(dict(span=(s, m.end("brand")), kind="organization", detail=None))
    for m in LEVEL_INSTITUTION_IN_TEXT.finditer(text, sent.start, sent.end):  # 市二医院, （新区妇幼保健院）
        if LEVEL_INSTITUTION.match(m.group("name")) and not _overlaps(out, m.start("name"), m.end("name")):
            out.append(dict(span=(m.start("name"), m.end("name")), kind="organization", detail=None))
    for start, end in _brands(text, sent):  # 勃肯特镇江工厂项目, 沃特玛动力电池组项目; a photo caption 航天海鹰
        if not _overlaps(out, start, end):
            out.append(dict(span=(start, end), kind="organization", detail=None))
    # short names: 孚能科技, 金东纸业 (a brand of 2-4 characters and a trade), between punctuation
    for m in SHORT_ORG.finditer(text, sent.start, sent.end):
        if not _overlaps(out, m.start(), m.end()) and _looks_like_brand(m.group("brand")):
            out.append(dict(span=(m.start(), m.end()), kind="organization", detail=None))
    return _dedupe(out)


# where a company's name may stand: a clause's start, after 的, or after a verb of the zone's work on it
BRAND_VERBS = ("推动", "加快", "推进", "力争", "引进", "依托", "支持", "争取", "实现", "完成")
BRAND_OBJECT_WORD = re.compile(r"项目|工厂|厂房|车间|基地|广场|产业园|文化城|生产线|技术团队")
BRAND_LEAD_AT = re.compile(r"(?:(?<=[，。、；：！？\n的])|(?<=推动|加快|推进|力争|引进|依托|支持))[\u4e00-\u9fff]")
# what a company's name comes before: its project, plant or site (勃肯特镇江工厂项目, 佳兆业假日广场), its team
BRAND_OBJECT = re.compile(r"[^，。；：！？、\n]{0,14}?(?:项目|工厂|厂房|车间|基地|广场|产业园|文化城|园区|生产线|技术团队)")
# brands the text lists or puts beside what they are: 飞利浦、西门子和伊莱克斯等; 电动车厂特斯拉
FOREIGN_NAME = {"nrt", "nz"}
BRAND_CLASS = re.compile(r"(?:企业|公司|车厂|厂商|巨头|供应商|客户|品牌|集团)$")
NAME_TAGS = {"nr", "nrt", "nrfg", "nz", "nt"}
# prepositions, adverbs, pronouns, adjectives …: a name does not open on them
FUNCTION_TAGS = {"p", "c", "d", "r", "u", "uj", "ul", "uz", "ug", "m", "q", "f", "a", "ad", "v", "vd"}
# a photo caption: a short line alone (金斯瑞厂房, 勃肯特并线机器人, 航天海鹰)
CAPTION_LINE = re.compile(r"[^\s，。；：！？,.;:!?“”《》（）()]{2,12}")


def _brands(text: str, sent: Sentence) -> list[tuple[int, int]]:
    """A company named by its brand alone, where the text treats it as one: before its project or plant at
    the start of a clause (勃肯特镇江工厂项目, 沃特玛动力电池组项目), or opening a photo caption (航天海鹰).
    The brand is the run of name-like words (jieba's name tags, or words it does not know) it starts with."""
    caption = (sent.end - sent.start <= 20 and bool(CAPTION_LINE.fullmatch(text[sent.start:sent.end].strip()))
               and "\n" in text[max(0, sent.start - 2):sent.start + 1] + "\n")
    if not caption and BRAND_OBJECT_WORD.search(text, sent.start, sent.end) is None:
        return _listed_brands(text, sent)
    out = []
    if caption:
        starts = [sent.start + (len(text[sent.start:sent.end]) - len(text[sent.start:sent.end].lstrip()))]
    else:  # where a name may open (a clause's start, after 的 or a verb of the zone's work) before an object
        objects = [m.start() for m in BRAND_OBJECT_WORD.finditer(text, sent.start, sent.end)]
        starts = [at for at in [sent.start] + [m.start() for m in BRAND_LEAD_AT.finditer(text, sent.start, sent.end)]
                  if any(0 < o - at <= 15 for o in objects)]
    zones, tags = zone_names(), dictionary_tags()
    longest = _longest(zones)
    for at in dict.fromkeys(starts):
        thing = BRAND_OBJECT.match(text, at, sent.end)
        if not caption and (not thing or PLACE_PROJECTS.search(thing.group())):
            continue  # 新和等单元统筹更新项目: a place being renewed is no company
        head = next((text[at:at + n] for n in (4, 3, 2) if text[at:at + n] in tags), None)
        if (head and (tags[head] not in NAME_TAGS or head in zones)) or (not head and tags.get(text[at]) in FUNCTION_TAGS) \
                or text[at] in "省市区县" or any(text[at:at + n] in zones for n in range(2, longest + 1)):
            continue  # it opens on a word jieba knows as no name (建设, 在, 新), or on a zone: no tagging needed
        end, named = at, False
        for word, flag in tokens(text[at:min(sent.end, at + 12)]):
            if flag in NAME_TAGS and re.fullmatch(rf"[{HAN}]+", word) and word not in zones and "项目" not in word:
                end, named = end + len(word), True  # jieba's own name tags only: a guessed word may be a place
            elif named and len(word) == 1 and flag in ("n", "ng") and end - at < 4:
                end += 1  # 佳兆|业: a one-character word jieba cut off the end of a name
                break
            else:
                break
        brand = text[at:end]
        if brand.startswith(BRAND_VERBS):
            continue  # 力争: a verb jieba took for a name
        if (named and 2 <= len(brand) <= 6 and not LIST_GENERIC.match(brand) and not text.startswith(("路", "道", "街"), end)
                and not any(z.startswith(brand) for z in zones)):  # 大鹏 of 大鹏新区: the zone's own place
            out.append((at, end))
    return out + _listed_brands(text, sent)


@lru_cache(maxsize=4)
def _longest(names: frozenset[str]) -> int:
    return max(map(len, names), default=0)


def _listed_brands(text: str, sent: Sentence) -> list[tuple[int, int]]:
    """Brands jieba knows as transliterated or brand names (nrt, nz), listed (飞利浦、西门子和伊莱克斯等: most of
    the list such names) or put beside what they are (电动车厂特斯拉). A listed name must stand whole: 聚龙|路 or
    西涌|等重点片区 is a place."""
    out = []
    tags = dictionary_tags()
    for cue in BRAND_CUE.finditer(text, sent.start, sent.end):  # tag only where a list or an apposition may be
        start = cue.start()
        if cue.group().endswith("等"):  # a list: two of its items must be words jieba may call names
            start = max([max(sent.start, start - 40)] + [c.end() for c in CLAUSE_STOP.finditer(text, start - 40, start)])
            pieces = [p for p in re.split(r"[、和及与]", text[start:cue.end() - 1]) if p]
            if len(pieces) < 2 or sum(_may_be_a_name(p[-6:], tags) for p in pieces[-6:]) < 2:
                continue
        elif not any(_may_be_a_name(text[cue.end():cue.end() + n], tags) for n in (2, 3, 4)):
            continue
        out += _brands_in(text, start, min(sent.end, cue.end() + 6))
    return list(dict.fromkeys(out))


def _may_be_a_name(piece: str, tags: dict) -> bool:
    """A dictionary look-up before any tagging: the piece ends on a word jieba's dictionary tags as a name."""
    for n in range(min(len(piece), 5), 1, -1):
        word = piece[-n:]
        if word in tags:
            return tags[word] in NAME_TAGS or (tags[word] == "nr" and word[0] not in SURNAMES)
    return False


# a list closed by 等 or a name after what it is: only there are the words tagged (tagging is costly)
# (the last item of a list and its 等 are found first; the list's start is looked for only then)
BRAND_CUE = Needing(re.compile(r"(?:、|和)[^，。；：！？\n、和]{2,12}?等|(?:车厂|厂商|巨头|客户|供应商|品牌)"),
                    re.compile(r"等|车厂|厂商|巨头|客户|供应商|品牌"))
CLAUSE_STOP = re.compile(r"[，。；：！？\n]")


def _brands_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos, run, after_name = start, [], False
    toks = tokens(text[start:end])
    zones = zone_names()

    def flush():
        if len(run) >= 2 and 2 * sum(flag in FOREIGN_NAME for _, _, flag in run) >= len(run):
            out.extend((a, b) for a, b, _ in run)

    for i, (word, flag) in enumerate(toks):
        end = pos + len(word)
        foreign = flag in FOREIGN_NAME or (flag == "nr" and word[0] not in SURNAMES)  # 西门子, not 王荣福
        named = (foreign and len(word) >= 2 and re.fullmatch(rf"[{HAN}]+", word) and not PLACE_WORD_END.search(word)
                 and word not in zones and not any(z.startswith(word) for z in zones))
        nxt = text[end:end + 1]
        if named and flag == "nrt" and i and BRAND_CLASS.search(toks[i - 1][0]):
            out.append((pos, end))  # 电动车厂|特斯拉
        if named and (not run or not after_name) and (nxt in "、和及与等" or not ("\u4e00" <= nxt <= "\u9fff")):
            run.append((pos, end, flag))
            after_name = True
        elif word in ("、", "和", "及", "与") and run and after_name:
            after_name = False
        else:
            flush()
            run, after_name = [], False
        pos = end
    flush()
    return list(dict.fromkeys(out))


# the end of a place's name: 东涌, 金沙湾, 龙湖
PLACE_WORD_END = re.compile(r"[涌湾湖山河岛村镇沙坑港洲岭]$")


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """Inside a short “quotation” (a programme's name, not an organization's)."""
    opening = text.rfind("“", max(0, start - 16), start + 1)
    if opening == -1 or "”" in text[opening:start]:
        return False
    closing = text.find("”", end, end + 16)
    return closing != -1 and "“" not in text[end:closing]


def _has_proper_name(words: str) -> bool:
    """Some word of it is a name: jieba tags it as one, or a place, or does not know it (坑梓, 健宁: a word
    its model had to guess is a name far more often than a common word)."""
    tags = dictionary_tags()
    return (any(flag in PROPER or (len(w) >= 3 and w.endswith(PLACE_ENDS)) or _unknown(w, tags)
                for w, flag in tokens(words))
            or any(c.isascii() and c.isalpha() for c in words))


def _unknown(word: str, tags: dict) -> bool:
    return len(word) >= 2 and word not in tags and all("\u4e00" <= c <= "\u9fff" for c in word)


# an institution named by its level and what sets it apart: 市二医院, 新区中医院, 市妇幼保健院, 市第十一高级中学
LEVEL_INSTITUTION = re.compile(r"(?:市|区|县|省|新区|(?=第[一二三四五六七八九十]))(?!属|级|内|直|各|有|立|重点|普惠|社会|公立|民办|规范化|示范性|公办)"
                               r"[\u4e00-\u9fff]{1,8}?"
                               r"(?:医院|保健院|高级中学|中学|高中|小学|学校|幼儿园|防治中心|敬老院|养老院)$")
LEVEL_INSTITUTION_IN_TEXT = re.compile(r"(?:^|(?<=[、，。；：\s的和与及在（(]))(?P<name>(?:市|区|县|省|新区)"
                                       r"[^、，。；：\s的和与及（）()“”]{1,8}?(?:医院|保健院|高级中学|中学|高中|小学|学校|"
                                       r"幼儿园|防治中心|敬老院|养老院))")
RESEARCH_SUFFIXES = {"研究院", "研究所", "研究中心", "实验室", "工作站", "技术中心", "工程中心", "科院"}


PLACE_ENDS = ("省", "市", "县", "区", "镇", "乡", "街道")  # 龙岗区: a place jieba does not tag as one


PROPER = {"nr", "nz", "ns", "nt", "nrt", "nrfg", "x", "j", "eng"}


def _looks_like_name(name: str) -> bool:
    """孚能, 中联重科, 赛诺菲—巴斯德, 一致药业: a proper name, or a brand and a trade, not a common
    phrase (金融机构, 大型购物广场) — jieba tags some part of it as a name, or knows no word of it."""
    if re.search(r"[A-Za-z]", name) or SHORT_ORG.fullmatch(name):
        return True
    toks = tokens(name)
    known = dictionary_tags()
    return (any(flag in PROPER or _unknown(w, known) for w, flag in toks)
            or (len(toks) >= 2 and all(len(w) == 1 for w, _ in toks)))


def _looks_like_brand(brand: str) -> bool:
    """金东, 孚能: a proper name, not an ordinary word such as 发展 or 高新."""
    if re.search(r"[是的在为和与及等了]", brand):
        return False  # 三是新能源: an enumeration, not a brand
    tags = dictionary_tags()
    return all(flag in {"nr", "nz", "ns", "nrt", "nrfg", "x", "j"} or len(word) == 1 or _unknown(word, tags)
               for word, flag in tokens(brand))


def _words_with_offsets(text: str, sent: Sentence):
    pos = sent.start
    for word, _ in tokens(text[sent.start:sent.end]):
        yield word, pos
        pos += len(word)


# ------------------------------------------------------------------ people
TITLE_END = ("书记", "副书记", "主任", "副主任", "主席", "副主席", "市长", "副市长", "区长", "副区长", "县长",
             "局长", "副局长", "部长", "处长", "科长", "镇长", "委员", "常委", "负责人", "总经理", "董事长",
             "经理", "主管", "总监", "厂长", "院长", "校长", "社长", "总裁", "专员", "站长", "所长", "队长",
             "议长", "副议长", "省长", "副省长", "厅长", "会长", "理事长", "行长", "秘书长")
_TITLE = rf"[{HAN}（）()]{{0,14}}?(?:{'|'.join(sorted(TITLE_END, key=len, reverse=True))})"
TITLED = re.compile(rf"(?P<titles>{_TITLE}(?:、{_TITLE})*)(?P<name>[{HAN}]{{2,3}})")
SPEECH = ("指出", "表示", "说", "强调", "介绍", "直言", "认为", "主持", "称", "坦言", "要求", "提出", "告诉")
SPEAKER = re.compile(rf"(?:^|(?<=[，。；：“\n]))(?P<name>[{HAN}]{{2,3}})(?:{'|'.join(SPEECH)})")
CITIZEN = re.compile(rf"(?:市民|村民|居民|员工|职工|工人|党员|志愿者|外卖小哥)(?P<name>[{HAN}]{{2,3}})")
# an expert's title after the name: 黄伯云院士, 马歇尔教授 (not a leader's 总书记: the genre cites them, they are
# not the zone's people)
TITLE_AFTER = re.compile(rf"(?P<name>[{HAN}]{{2,3}})(?=院士|教授|博士|研究员)")
TITLE_AFTER = Needing(TITLE_AFTER, re.compile("院士|教授|博士|研究员"))
# 王兆凯院士、林浩然院士: a name between a list mark and an expert's title, whatever jieba makes of it
LISTED_EXPERT = re.compile(rf"(?:^|(?<=[、，和及与]))(?P<name>[{HAN}]{{2,3}})(?=院士|教授|博士)")
SURNAMES = set("王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁"
               "沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严"
               "覃武孔莫向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
               "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农"
               "司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商"
               "刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
# where a bare name of 2 or 3 characters could stand before a speech verb (see people())
_SPEAKER_CANDIDATE = re.compile(rf"(?=[{''.join(sorted(SURNAMES))}](?s:..?)(?:{'|'.join(SPEECH)}))")
_SPEECH_LONGEST = max(map(len, SPEECH))
TITLED = Needing(TITLED, re.compile("|".join(TITLE_END)))  # a title ends every match
# the organization patterns, each skipped at once by a sentence that lacks what every match holds
ORG_LIST = Needing(ORG_LIST, "等")
OFFICER = Needing(OFFICER, re.compile(r"董事长|总经理|总裁|首席执行官|创始人|董事局主席"))
IS_A_COMPANY = Needing(IS_A_COMPANY, re.compile(r"是|作为"), re.compile(r"企业|公司|集团|商"))


NOT_IN_NAME = set("等的和与及说们也都又在是了")


def _name_end(text: str, start: int, limit: int) -> int | None:
    """A 2- or 3-character personal name at `start`, judged by jieba in context."""
    if text[start] not in SURNAMES or text[start] == text[start + 1:start + 2]:
        return None  # 连连, 常常: adverbs, not names
    window = text[start:min(limit, start + 6)]
    first = tokens(window)[0] if window else ("", "")
    if first[1] in {"nr", "nrfg", "nrt"} and 2 <= len(first[0]) <= 3:
        end = start + len(first[0])
        toks = tokens(window)
        if len(first[0]) == 2 and len(toks) > 1 and len(toks[1][0]) == 1 and toks[1][1] in {"nr", "ng", "nrfg"}:
            return end + 1  # 翁章|梁: jieba split a three-character name after two
        if (end - start == 2 and re.match(r"[\u4e00-\u9fff][、，。；：,;]", text[end:end + 2])
                and text[end] not in NOT_IN_NAME and not text.startswith(SPEECH, end)):
            return end + 1  # 董事长詹纯新、: jieba split a three-character name after two
        return end
    toks = tokens(window)
    if (len(first[0]) == 1 and len(toks) > 1 and 1 <= len(toks[1][0]) <= 2
            and toks[1][1] in {"nr", "nrfg", "ng", "ns", "nz"}):
        return start + 1 + len(toks[1][0])  # 林|文昌: a surname jieba left alone and a given name it read as a word
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
    for m in TITLE_AFTER.finditer(text, sent.start, sent.end):
        for start in range(m.start("name"), m.end("name") - 1):  # the name is the last 2-3 characters
            found = [(w, f) for w, f in tokens(text[start:m.end("name")])]
            if len(found) == 1 and found[0][1] in {"nr", "nrfg", "nrt"} and not _overlaps(out, start, m.end("name")):
                out.append(dict(span=(start, m.end("name")), kind="person", detail=None))
                break
    for m in LISTED_EXPERT.finditer(text, sent.start, sent.end):
        s, e = m.start("name"), m.end("name")
        if text[s] in SURNAMES and not _overlaps(out, s, e) and not re.search(r"[的和与及等是在]", m.group("name")):
            out.append(dict(span=(s, e), kind="person", detail=None))
    for m in CITIZEN.finditer(text, sent.start, sent.end):
        end = _name_end(text, m.start("name"), sent.end)
        if end and not _overlaps(out, m.start("name"), end):
            out.append(dict(span=(m.start("name"), end), kind="person", detail=None))
    # a name opening a clause and speaking: 路月中指出
    for m in SPEAKER.finditer(text, sent.start, sent.end):
        s, e = m.start("name"), m.end("name")
        if text[s] in SURNAMES and not _overlaps(out, s, e):
            out.append(dict(span=(s, e), kind="person", detail=None))
    # a bare name that speaks: 路月中指出. Tagging the whole sentence is the costliest step of
    # extraction, and it can only find something where a surname stands 2 or 3 characters before a
    # speech verb: check that first (the same names are found, far fewer sentences are tagged)
    speaker = _SPEAKER_CANDIDATE.search(text, sent.start, min(len(text), sent.end + 2 + _SPEECH_LONGEST))
    if speaker is None or speaker.start() >= sent.end:
        return _dedupe(out)
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
_ITEM_RAW = rf"(?:(?!等)[{HAN}]){{2,10}}?"
_ITEM_LAST = rf"(?:(?!等)[{HAN}A-Za-z0-9]){{2,10}}?"
SECTOR_LIST = re.compile(rf"(?P<list>{_ITEM_RAW}产业(?:、{_ITEM_RAW})+|{_ITEM_RAW}(?:、{_ITEM_RAW})*、{_ITEM_RAW}产业(?:、{_ITEM_RAW})*)等领域")
_KINDS = "战略性新兴|新兴|主导|特色|支柱|先导|未来|优势|重点|四大|三大|五大|多种|多个|各类|高新技术"
# 新能源、新材料、航空航天、生命健康四大主导产业 / …、高技术服务业等新兴产业 / “…、…”四张新的产业名片
INDUSTRY_LIST = re.compile(
    rf"(?P<list>{_ITEM}(?:、{_ITEM})*、{_ITEM_LAST})”?"
    rf"(?:(?:等(?:组成的|构成的)?(?:现代)?|[{CN_NUMERAL_CHARS}](?:大|张|个))(?:新的)?(?:{_KINDS})?|(?:{_KINDS}))"
    rf"产业(?!项目|园|链)"
)
# an industry a zone sets out to grow: 大力发展现代服务业, 优先发展生物医药产业
INDUSTRY_GROW = re.compile(rf"(?:大力|加快|积极|重点|优先|着力|加大力度)(?:发展|培育|壮大)+(?P<item>[{HAN}]{{2,8}}?(?:产业|服务业|制造业|旅游业))"
                           r"(?=[，。；、,;和及与等]|$)")
GENERIC_INDUSTRY = re.compile(r"(?:新兴|主导|支柱|传统|优势|特色|相关|配套|战略性新兴|高新技术|第[一二三]|未来|先导|基础|重点|前沿|朝阳|"
                              r"[一二三四五六七八九十两]大|其他|新)(?:产业|服务业|制造业)")
INDUSTRY_LEAD = re.compile(rf"以(?P<item>[{HAN}]{{2,10}}?)(?P<industry>产业)?为(?:龙头|主导|核心|引领|重点|特色)")


@lru_cache(maxsize=1)
def industry_names() -> re.Pattern:
    from importlib.resources import files

    lines = (files("zoneprofile") / "data" / "industries.txt").read_text(encoding="utf-8").splitlines()
    names = sorted({ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}, key=len, reverse=True)
    # a sector before what names it as one (产业, 行业 …), or before the park or base built for it
    # (精密机械园区, 新能源汽车生态文化产业园, 生物医药创新产业园)
    return re.compile(rf"(?:{'|'.join(map(re.escape, names))})(?=(?:及[{HAN}]{{2,4}})?(?:产业|行业|领域|企业|相关)"
                      rf"|[{HAN}]{{0,4}}?(?:产业园|园区|基地))")


# what every match of these contains
SECTOR_LIST = Needing(SECTOR_LIST, "等领域", "产业", "、")
INDUSTRY_LIST = Needing(INDUSTRY_LIST, "产业", "、")


def industries(text: str, sent: Sentence) -> list[dict]:
    out = []
    # a known industry name as a sector: 航空航天产业园, 生命健康产业, 半导体相关企业
    for m in industry_names().finditer(text, sent.start, sent.end):
        out.append(dict(span=(m.start(), m.end()), kind="industry", detail=None))
    # 在船舶海工装备、半导体产业、现代物流、数字创意等领域
    for m in SECTOR_LIST.finditer(text, sent.start, sent.end):
        pos = m.start("list")
        for i, item in enumerate(m.group("list").split("、")):
            s = _list_head(text, pos, pos + len(item)) if i == 0 else pos
            e = pos + len(item) - (2 if item.endswith("产业") else 0)
            if e - s >= 2:
                out.append(dict(span=(s, e), kind="industry", detail=None))
            pos += len(item) + 1
    for m in INDUSTRY_LIST.finditer(text, sent.start, sent.end):
        pos = m.start("list")
        for i, item in enumerate(m.group("list").split("、")):
            s = _list_head(text, pos, pos + len(item)) if i == 0 else pos
            s += len(item.lstrip("“")) and item.startswith("“")
            if pos + len(item) - s >= 2:
                out.append(dict(span=(s, pos + len(item)), kind="industry", detail=None))
            pos += len(item) + 1
    for m in INDUSTRY_GROW.finditer(text, sent.start, sent.end):
        # 大力发展现代服务业, 培育生物医药产业; not 发展新兴产业 (a class, not an industry)
        item = m.group("item")
        core = item[:-2] if item.endswith("产业") else item
        if len(core) >= 2 and not GENERIC_INDUSTRY.fullmatch(item) and not _overlaps(out, m.start("item"), m.end("item")):
            out.append(dict(span=(m.start("item"), m.start("item") + len(core)), kind="industry", detail=None))
    for m in INDUSTRY_LEAD.finditer(text, sent.start, sent.end):
        # 以船舶海工装备产业为龙头; not 以党建为引领
        if m.group("industry") or industry_names().fullmatch(m.group("item") + "产业", 0, len(m.group("item"))):
            out.append(dict(span=(m.start("item"), m.end("item")), kind="industry", detail=None))
    return _dedupe(out)


# ------------------------------------------------------------------ initiatives
QUOTED_NAME = re.compile(r"“(?P<name>[^“”，。；！？\s]{2,24})”")
# what a programme is called after its name: “一窗联办”工作机制, “园区保”综合金融服务产品
PROGRAMME_WORDS = ("行动", "工程", "机制", "模式", "品牌", "活动", "平台", "服务", "改革", "专项", "体系", "产品",
                   "考核", "审批", "计划", "专区", "工作法", "制度", "格局", "理念", "战略", "要求", "原则", "清单",
                   "攻坚战", "实践", "定位", "使命", "担当", "建设", "新功", "文化", "精神", "管理", "治理", "综合",
                   "试点", "调研", "促发展", "项目", "举措", "扶贫", "巡查", "推广", "工作", "队伍", "巡演")
# how a programme is introduced before its name: 以“五争一创”, 开展“百团进百万企业”
INTRO_WORDS = ("以", "开展", "实施", "推行", "推出", "建立", "深化", "实行", "围绕", "坚持", "落实", "打造", "构建",
               "依托", "聚焦", "按照", "通过", "融合", "立足", "确立", "开办", "评为", "入选", "荣获", "列入", "获评",
               "创建", "争创", "实现")
# what a quoted phrase names when it is no programme: a category or a threshold (“零就业家庭”, “百人大关”), a road or
# a heritage site (“坪山大道”, “大万世居”), a cultural label (“东纵精神”, “腰鼓文化”), an event (“中国杯”, “…文化周”),
# a result (“两个100%”)
NOT_PROGRAMME = re.compile(r"^零|(?:大关|大道|路|街|世居|故居|精神|文化|杯|文化周|艺术周|节|产业化项目)$|"
                           r"^(?:[一两二三四五六七八九十]个)?[0-9.]+[%％]$|^[一二三四五六七八九十]+$")  # 十二五, 六五: plan periods
# an introducing verb a word or two before the quote: 实现社区“政企分开”, 开展扶贫“双到”
INTRO_NEAR = re.compile(rf"(?:{'|'.join(w for w in INTRO_WORDS if len(w) >= 2 and w != '通过')})[\u4e00-\u9fff]{{1,2}}$")
# a year given a theme: “项目落实年”, “全面深化改革年”; a rule named by its holder: “河长制”
THEME_YEAR = re.compile(r"[\u4e00-\u9fff]{3,}年$|[\u4e00-\u9fff]{2,}制$")
_DIGIT = re.compile(r"[0-9]")
_NUMERAL = re.compile(rf"[{CN_NUMERAL_CHARS}]")


# a slogan that names a count of things: 两张网, 三张清单, 一张蓝图 (an initiative, not a quantity)
COUNT_SLOGAN = re.compile(r"(?<![0-9一二三四五六七八九十])[一两二三四五六七八九十]张(?:网|清单|名片|蓝图|图|表)(?![照子\u4e00-\u9fff])")


def is_programme_name(name: str, before: str, after: str) -> bool:
    """A quoted phrase names a programme or slogan (“五争一创”, “一窗联办”, “2332”, “一张网”)
    rather than a metaphor (“店小二”, “生命线”): it carries digits, or numerals in a
    name of four or more characters, or names a count of things, or joins parts (+, 、), or
    is introduced or followed by what it is."""
    if NOT_PROGRAMME.search(name.strip()):
        return False
    if len(name) > 12 and not name.endswith(PROGRAMME_WORDS):
        return False  # a long quotation is a name only when it says what it names (…专项项目)
    if _DIGIT.search(name) and not re.fullmatch(r"[0-9.%]+[%％]?", name.strip()):
        return True
    if COUNT_SLOGAN.fullmatch(name) or THEME_YEAR.search(name):
        return True
    after = re.split(r"[，,。；;、！？!?：:“]", after, maxsplit=1)[0]  # what follows in the clause, to the next quote
    head = after[:6]
    if _NUMERAL.search(name) and (len(name) >= 4 or any(w in head for w in PROGRAMME_WORDS)):
        return True
    if any(c in name for c in "+、·"):
        return True
    return any(w in after[:8] for w in PROGRAMME_WORDS) or name.endswith(PROGRAMME_WORDS) \
        or before.endswith(INTRO_WORDS) or bool(INTRO_NEAR.search(before))


LONG_QUOTE = re.compile(r"“(?P<name>[^“”。！？!?]{5,60})”")
_PARTS = re.compile(r"[，,、+＋—·]+")
_SPEECH_WORDS = re.compile(r"我|你|他|她|咱|吗|呢|吧|了")


def initiatives(text: str, sent: Sentence) -> list[dict]:
    out = []
    # a long quotation made of short parallel parts is a slogan (“人民至上，生命至上”), not speech
    for m in LONG_QUOTE.finditer(text, sent.start, sent.end):
        if is_slogan(m.group("name")) and not _overlaps(out, m.start("name"), m.end("name")):
            out.append(dict(span=(m.start("name"), m.end("name")), kind="initiative", detail=None))
    last_end = -1  # where the last quoted programme ended: “窗口前移”“服务延伸”“及时跟进” is one list
    for m in QUOTED_NAME.finditer(text, sent.start, sent.end):
        if _overlaps(out, m.start("name"), m.end("name")):
            continue
        listed = last_end >= 0 and text[last_end:m.start()] in ("", "、") and not NOT_PROGRAMME.search(m.group("name"))
        if listed or is_programme_name(m.group("name"), text[max(0, m.start() - 4):m.start()],
                                       text[m.end():m.end() + 12]):
            out.append(dict(span=(m.start("name"), m.end("name")), kind="initiative", detail=None))
            last_end = m.end()
    for m in COUNT_SLOGAN.finditer(text, sent.start, sent.end):  # unquoted: 搭建…两张网
        if not _overlaps(out, m.start(), m.end()):
            out.append(dict(span=(m.start(), m.end()), kind="initiative", detail=None))
    return out


def is_slogan(quoted: str) -> bool:
    """A long quotation made of short parallel parts (“人民至上，生命至上”) is a slogan, not speech."""
    parts = [p for p in _PARTS.split(quoted) if p]
    if len(parts) >= 2 and all(2 <= len(p) <= 12 for p in parts) and not _SPEECH_WORDS.search(quoted):
        return True
    # clauses that list parties: “市、区、社区三方投资共建，企业、社区股民、市、区多方受益”
    clauses = [c for c in re.split(r"[，,]", quoted) if c]
    return (len(clauses) == 2 and all(8 <= len(c) <= 16 and "、" in c for c in clauses)
            and not _SPEECH_WORDS.search(quoted))


# ------------------------------------------------------------------ document level
def repeated_mentions(text: str, found: list[dict], taken: list[tuple[int, int]]) -> list[dict]:
    """A name recognised once in a document is the same name where it recurs:
    金斯瑞 after 江苏金斯瑞生物科技有限公司, 半导体 in 半导体及通信产业园 after the
    industry list, a programme quoted again without its cue."""
    names: dict[str, str] = {}
    for item in found:
        s, e = item["span"]
        name = text[s:e]
        if item["kind"] in ("industry", "initiative", "person") and len(name) >= 2:
            names.setdefault(name, item["kind"])
        elif item["kind"] == "organization":
            brand = short_name(name)
            if brand and (_has_proper_name(brand) or brand not in dictionary_tags()):  # 和大 of 和大集团
                names.setdefault(brand, "organization")
            if "有限" not in name and len(name) <= 8 and not LEVEL_BODY.fullmatch(name):
                names.setdefault(name, "organization")  # not 市委: a body named by its level may be another
    out = []
    spans = list(taken) + [i["span"] for i in found]
    for name, kind in sorted(names.items(), key=lambda kv: -len(kv[0])):
        # a programme recurs in quotes, or unquoted when its name is long enough to be no common phrase
        pattern = f"“{re.escape(name)}”" if kind == "initiative" and not _names_a_programme(name) else re.escape(name)
        for m in re.finditer(pattern, text):
            s, e = (m.start() + 1, m.end() - 1) if pattern.startswith("“") else (m.start(), m.end())
            if kind == "industry" and not INDUSTRY_FOLLOW.match(text, e):
                continue  # 新能源汽车 is a product, 党建引领 no industry
            if not any(a < e and s < b for a, b in spans):
                out.append(dict(span=(s, e), kind=kind, detail=None))
                spans.append((s, e))
    return out


def _names_a_programme(name: str) -> bool:
    """智慧大鹏, 国家智慧城市试点, 新疆班: a quoted programme's name that may recur unquoted (three characters or
    more, not a number, not a slogan of parts)."""
    return len(name) >= 3 and not _DIGIT.search(name) and not _PARTS.search(name) and not _NUMERAL.match(name)


_TRADE = re.compile(r"(?:生物科技|科技发展|科技|电子|电器|化工|纸业|农业|资产经营|资产|环境设备|设备|空调|机电|材料|能源|"
                    r"汽车|物流|医药|药业|装备|实业|控股|光电|信息技术|技术|软件|网络|数码|机械|制造|发展|投资管理|"
                    r"投资|重工|电气|集团)*(?:股份有限公司|有限责任公司|有限公司|集团)$")


def _strip_region(name: str) -> str:
    """江苏金斯瑞…, 苏州市欧陆杰…: the place a company is registered in is not its name."""
    tags = dictionary_tags()  # a dictionary look-up, not a tagging: this runs for every name
    cut = next((n for n in (4, 3, 2) if tags.get(name[:n]) == "ns" or name[:n] == "中国"), 0)
    if cut:  # 江苏|金斯瑞, 江苏省|苏州市|…, but not 苏州市|欧陆|杰
        cut += next((n for n in (4, 3, 2) if name[cut:cut + n].endswith(("省", "市", "县"))), 0)
    return name[cut:]


INDUSTRY_FOLLOW = re.compile(r"$|[^\u4e00-\u9fff]|产业|行业|领域|企业|项目|等|、|和|及|类|相关|基地|园区|集群")


def short_name(full: str) -> str | None:
    """江苏金斯瑞生物科技有限公司 → 金斯瑞: how the text will call it next."""
    bare = re.sub(r"[（(][^）)]*[）)]", "", full)
    core = _TRADE.sub("", _strip_region(bare))
    if len(core) < 2 or _TRADE.fullmatch(core + "有限公司") or core in SHORT_ORG_SUFFIX:
        core = _TRADE.sub("", bare)  # 中联|重工…: what is left is a trade, so 中联 was no region
    return core if 2 <= len(core) <= 4 and core != full else None


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


# The patterns run over whole sentences, tested first for the characters a match may begin with
# (lang/regex.py: the same matches, found sooner).
_TRADE, MINISTRY, NOT_PROGRAMME = (
    guarded(p) for p in (_TRADE, MINISTRY, NOT_PROGRAMME))
