"""Quantities and ranks: the regular expressions, the traps, the normalisation.

Each extractor is a pure function of (text, sentence) returning candidate items:
dicts with span, kind, value, unit, qualifier, scope and where the metric ends.
"""

from __future__ import annotations

import re

from zoneprofile.lang.numbers import CN_NUMERAL_CHARS, parse_number
from zoneprofile.lang.regex import guarded
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
    "分钟": "duration", "秒钟": "duration", "秒": "duration", "个月": "duration", "天": "duration", "年": "duration",
    "人次": "count", "批次": "count", "大类": "count", "家": "count", "个": "count", "项": "count", "人": "count", "名": "count",
    "次": "count", "场": "count", "支": "count", "件": "count", "条": "count", "份": "count",
    "户": "count", "座": "count", "所": "count", "台": "count", "套": "count", "栋": "count",
    "辆": "count", "起": "count", "处": "count", "种": "count", "类": "count", "批": "count",
    "间": "count", "片": "count", "张": "count", "笔": "count", "例": "count", "艘": "count", "架": "count",
    # measure words of the genre: 五块国家级牌照, 526株古树, 128万尾鱼苗, 三部委, 三级联动, 分三期, 三方责任
    "块": "count", "株": "count", "棵": "count", "尾": "count", "只": "count", "头": "count", "部委": "count",
    "级": "count", "期": "count", "方": "count",
    "坪": "area",  # a Taiwanese area unit (about 3.3 m²), as written
}
UNIT_ALIASES = {"％": "%", "个百分点": "百分点", "个工作日": "工作日", "个小时": "小时", "大类": "类", "秒钟": "秒"}
DURATION_UNITS = {u for u, k in UNITS.items() if k == "duration"}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUALIFIER_WORDS = {
    "超过": "over", "超": "over", "逾": "over", "突破": "over", "上": "over", "以上": "over", "多于": "over", "不少于": "over",
    "至少": "over",
    "约": "about", "大约": "about", "近": "about", "将近": "about", "余": "about", "多": "about",
    "左右": "about",
    "不足": "under", "不到": "under", "以下": "under", "少于": "under", "以内": "under",
    "过": "over", "破": "over",
}
# measure words that count only in some company: 三级联动 (not 二级康复医院), 分三期 (not 一期工程),
# 三方责任 (not 5000方, cubic metres of earth)
LEVELS_AFTER = re.compile(r"联动|梯度|管理|网格|服务|联创|贯通|体系|架构|医疗|书记|政府|财政")
PASSED = r"(?<![经通超度不错难路跨穿越走闯转放略胜高跳错])过"  # 过 as "over" (过亿元), not 经过, 通过, 超过 …
QUANTITY = re.compile(
    # 约 and 近 at the end of another word (签约3个, 最近3年) qualify nothing
    r"(?P<pre>超过|不少于|至少|多于|将近|大约|不足|不到|少于|突破|超|逾|(?<![最附邻])近|(?<![签履合节制预特契相邀违公条集缔])约"
    # 过100亿元, 破千亿: 超过 and 突破 in headline style (not 经过3年, 通过5项, 打破)
    rf"|{PASSED}|(?<![打突攻击识看爆冲])破)?"
    r"(?<![A-Za-z0-9.．])"  # no letter or digit right before the number (A380, 5G); GDP突破千亿 keeps its 突破
    r"(?:(?P<low>[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十两]+)[-—~～至到])?"  # 1-2个工作日, 3至5年
    + NUM
    + rf"(?P<mid>余|多)?(?P<space>[ \u3000])?(?P<unit>{_UNIT_RE})(?P<post>以上|以下|以内|左右|余|多)?"
)  # (a space only before %: 施工完成49 %)
RANK_NUM = r"(?:[0-9]+|[一二三四五六七八九十]+)"
RANK = re.compile(
    rf"(?P<scope>全球|全国|全省|全市|全区|全县|国内|省内|市内|(?:(?![全本该])[\u4e00-\u9fff]){{2}}[省市](?=第))(?P<ord>第)?(?P<num>{RANK_NUM})(?P<unit>位|名)?"
    rf"|(?:位列|位居|名列|排名|排在|列|居)(?P<ord2>第)(?P<num2>{RANK_NUM})(?P<unit2>位|名)?"
)
# 位居全国146个高新区第三位, 继续位列中西部首位, 稳居全国国家级新区第二, 列全市各区第三名: a rank in a field
# the text names between the verb and the place (a one-character verb only before a scope word: not 居民)
RANK_VERB = r"稳居|位居|位列|名列|排名|排在|排位|居于|跃居|跻身|升至|上升至|上升到|提升至|跃升至|晋升至"
FIELD_START = r"全|国内|省内|市内|区内|中国|我国|世界|亚洲|中西部|西部|东部|中部|东北|原|本|同类|各"
RANK_FIELD = re.compile(
    rf"(?:(?:{RANK_VERB})(?!{RANK_VERB}|列|居|中(?:{RANK_VERB}|列|居))(?P<field>[^，,。；;：:、！？!?\s第前首“”]{{2,24}}?)|(?<![民住])(?:列|居|排)"
    rf"(?P<field1>(?:{FIELD_START})[^，,。；;：:、！？!?\s第前首“”]{{1,22}}?))"
    rf"(?P<place>第(?P<num>{RANK_NUM})(?P<unit>位|名)?|首位|榜首)(?![0-9一二三四五六七八九十个家批次期届])"
)
# 位列第一, 居首位: a rank verb right before the place
RANK_FIRST = re.compile(rf"(?:{RANK_VERB}|列|居)(?P<place>首位|榜首)")
# 在中国19个国家级新区中排名第6位: the field is the frame before the verb
FIELD_FRAME = re.compile(r"在(?P<field>[^，,。；;：:在]{2,30}?)中\s*(?:的)?(?:综合)?(?:排名|排在|位居|位列|名列|列|居|排)?\s*$")
# the size of the field: 146个高新区, 217家经开区
FIELD_SIZE = re.compile(r"(?P<n>[0-9]+|[一二三四五六七八九十百两]+)(?:多|余)?(?:个|家|所|座|名|位)")
# 进入全国前3位, 跻身世界前三: a place among the first N, qualifier under. (居全市前列 names no number: every
# quantity of the extract contract has a value, so it is not one.)
RANK_TOP = re.compile(
    rf"(?P<scope>全球|全国|全省|全市|全区|全县|国内|省内|市内|世界)?前(?P<num>{RANK_NUM}|两)(?:位|名|强)"
    rf"|(?<=进入|跻身|迈入|挺进|位居|位列|保持|稳居|稳定)(?P<scope2>全球|全国|全省|全市|国内|世界|行业)?"
    rf"前(?P<num2>[二三四五六七八九十]|两)(?![\u4e00-\u9fff0-9])"
)
# 排名分别是：长沙高新区33名、长沙经开区38名 / 在218家国家经开区的排名，从2016年的34位提升至2019年的17位: a place
# written without 第, made a rank by a ranking named before it in the sentence (and by nothing after it
# but the end of its clause or a move: 38名员工 counts people)
RANK_CUE = re.compile(r"(?:在(?P<field>[^，,。；;：:在]{2,30}?)(?:中的|中|的))?(?:综合)?(?:排名|排位|名次|位次|排行榜?|榜单)")
# what stands right before such a place: a zone's or a place's name (长沙高新区33名), 的 after a year (2016年的34位),
# the state a move reached (提升至17位), a copula (排名为33位): never a noun of people (博士30名, 先进个人15名)
BARE_PLACE_BEFORE = set("区园县市城港镇的至到为是列居")
BARE_PLACE = re.compile(r"(?<![第前后0-9.．])(?P<num>[1-9][0-9]{0,2})(?P<unit>名|位)"
                        r"(?=[、，,。；;：:）)!！?？\s]|$|(?:提升|上升|跃升|攀升|前进|下降|后退|下滑|回落)(?:至|到|了)?)")
RANK_MORE = re.compile(rf"\s*[、和及]\s*第(?P<num>{RANK_NUM})(?P<unit>位|名)?")
RANK_CHANGE = re.compile(
    rf"(?P<dir>上升|提升|前移|跃升|攀升|前进|上移|进位|下降|后退|下滑|后移|回落|退后)了?(?P<num>{RANK_NUM})个?(?P<unit>位次|位|名)"
)
RANK_DOWN = ("下降", "后退", "下滑", "后移", "回落", "退后")
# An order of arrival: 全国首个, 新区第一家, 全国第四个、西部地区首个 (kind order, unit 个). A place in a
# named field is what makes it one: a bare 首批 or 第一家 is a batch or an article.
ORDER_SCOPE = (r"全国|全省|全市|全区|全县|国内|省内|市内|区内|我国|中国|全球|世界|亚洲|国际|新区|园区|本市|本省|"
               r"中西部(?:地区)?|西部(?:地区)?|东部(?:地区)?|中部(?:地区)?|东北(?:地区)?|长三角|珠三角|"
               r"(?:(?![全本该为是成])[\u4e00-\u9fff]){2}[省市]")
# (the place is found first, its field then looked for just before it)
ORDER = re.compile(rf"(?P<place>首|第(?P<num>{RANK_NUM}))(?:个|家|款|座|所|条|项|台|只|部|块)(?!之一)")
ORDER_FIELD = re.compile(rf"(?P<scope>{ORDER_SCOPE})(?:(?:批复|获批|批准|设立|认定|命名)的)?$")  # 我国批复的第二个…
ORDER_CHAIN = re.compile(rf"(?:[、和及](?:{ORDER_SCOPE})(?:首|第{RANK_NUM})(?:个|家|款|座|所|条|项|台|只|部|块))+")
# A multiple: 增长5倍以上, 增长了一倍, 是2016年的2.5倍, 翻了一番 (= 2), 翻两番 (= 4)
MULTIPLE = re.compile(
    r"(?P<pre>超过|将近|大约|近|约|超|逾)?(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?|[一二两三四五六七八九十]+|半)"
    r"(?P<mid>多|余)?倍(?P<post>以上|多|左右)?(?![增数率速])"
)
DOUBLING = re.compile(r"翻(?:了)?(?P<n>一|两|二|三|四)?番(?P<post>多|以上)?")
# 分别高于全市4.1、3.1个百分点: the unit written once for a list; each number before it is a figure
LIST_BEFORE = re.compile(r"(?:(?<![0-9.．第])[0-9]+(?:\.[0-9]+)?[、])+$")
# 三次产业结构为0.18：65.82：34: a structure in per cent, no % written
STRUCTURE = re.compile(r"(?:产业|三产|经济|就业)结构(?:比例|比)?(?:调整为|优化为|为|是|达到|由)?\s*"
                       r"(?P<a>[0-9]+(?:\.[0-9]+)?)[：:](?P<b>[0-9]+(?:\.[0-9]+)?)[：:](?P<c>[0-9]+(?:\.[0-9]+)?)"
                       r"(?![0-9.%％])")
# A short quoted phrase with no sentence punctuation is a name or a slogan (“2332”, “定3年、谋8年”).
QUOTED = re.compile(r"“[^“”，。；！？]{1,16}”|\"[^\"，。；！？]{1,16}\"|「[^「」，。；]{1,16}」|『[^『』，。；]{1,16}』")
ORDINAL_AFTER = re.compile(r"全会|次会议|次党代会|次代表大会")
# a verb that makes the time after it a measured duration (历时近3年, 经过近20年的开发建设), with the
# metric it gives one that has no other (extract: 历经226天 → 历时)
DURATION_VERBS = {"历经": "历时", "历时": "历时", "经过": "历时", "耗时": "耗时", "用时": "用时", "用了": "用时",
                  "花了": "用时", "为期": "为期"}
DURATION_LEAD = re.compile(rf"(?:{'|'.join(DURATION_VERBS)})$")
# fixed political terms with a numeral in them: 四套班子, 两个维护, 四个意识
FIXED_TERMS = re.compile(r"套班子|大班子|个维护|个确立|个意识|个自信|个全面|个必须|"
                         # slogans that name a count of things: 两张网, 三张清单, 一张蓝图
                         r"张(?:网|清单|名片|蓝图|图|表|牌)(?![照子])")
# names of rules, plans and categories with a numeral in them: 中央八项规定, 三次产业, 二次开发, 新三年计划
FIXED_PHRASES = re.compile(r"[一二三四五六七八九十]项规定|三次产业?|二次(?:开发|创业|改造|招商|供水|元)|"
                           r"(?:[0-9]+|[一二三四五六七八九十两]+)年(?:行动|实施|发展|工作|建设)?(?:计划|规划|攻坚|行动|方案)"
                           r"(?!投资|完成|新增|引进)|"
                           # grades and statistical classes: 国家二类标准, 九年一贯制, 八类严重暴力犯罪
                           r"[一二三四五]类(?:标准|水质|水体|海域|地区|功能区)|[九十]二?年一贯|八类(?:严重)?暴力")


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
    if m.group("space") and unit not in ("%", "％"):
        return True  # a space inside a figure only before % (49 %)
    if unit == "级" and not LEVELS_AFTER.match(text, e):
        return True  # 二级康复医院, 5A级: a grade, not a count of levels
    if unit == "期" and text[max(0, s - 1):s] != "分" and m.group("pre") is None:
        return True  # 三期工程 names a phase; 分三期 counts them
    if unit == "方" and not cn:
        return True  # 5000方 is a volume of earth; 三方责任 counts parties
    if unit == "坪" and text[e:e + 1] in ("山", "地", "洲"):
        return True  # 坪山, 坪地: places
    if cn:
        if before and before in CN_NUMERAL_CHARS:
            return True
        if cn == "一" and not (unit in DURATION_UNITS and unit.startswith("个")):
            return True  # an article (一家企业) or an idiom (一年一个台阶); 一个工作日 is a figure
        if cn in ("百", "千", "万", "亿") and not m.group("pre"):
            return True  # a vague round number (百场); 近千场 says "nearly a thousand"
        if cn == "半" and (unit not in DURATION_UNITS or (before in ("上", "下", "前", "后") and text[max(0, s - 2):s]
                                                         not in ("提前", "推迟", "延后", "推后", "滞后", "延迟"))):
            return True  # 上半年 is a period; 提前半年 a duration
    if unit == "年":
        digits = m.group("ar") or ""
        is_year = len(digits) == 4 and 1900 <= int(digits) <= 2100 and not (m.group("mid") or m.group("post"))
        if is_year or text[e:e + 1] in ("度", "底", "初", "末", "级"):
            return True  # a year, not a duration
    if unit in ("年", "个月", "天") and text[e:e + 2].startswith(("来", "以来")):
        return True  # 三年来 is a period, not a figure
    if unit in ("年", "个月") and not m.group("mid") and not m.group("post"):
        window = re.search(r"(?:过去|最近|未来|今后|近|连续)$", text[max(0, s - 2):s])
        if window and not DURATION_LEAD.search(text, max(0, s - 6), m.start()):
            return True  # 近3年, 过去五年, 未来3年: a window of time (a period), not a figure
    return False


def _rank(span, value, scope, metric_end, qualifier="exact", kind="rank", **more) -> dict:
    return dict(span=span, kind=kind, value=value, unit="个" if kind == "order" else "位", scope=scope,
                qualifier=qualifier, metric_end=metric_end, **more)


def _field(text: str, field: str | None, start: int) -> dict:
    """What a field written before a place says: its size (`of`: 146个高新区 → 146), the list it names
    without the size (`ranking`: 全国146个高新区 → 全国高新区), and where the size is (no count of its own)."""
    if not field:
        return {}
    out = dict(ranking=field)
    size = FIELD_SIZE.search(field)
    if size:
        try:
            out["of"] = int(parse_number("二" if size.group("n") == "两" else size.group("n")))
        except ValueError:
            return out
        out["of_span"] = (start + size.start(), start + size.end())
        out["ranking"] = (field[:size.start()] + field[size.end():]).strip() or field
    return out


def _frame(text: str, sent: Sentence, at: int) -> tuple[str | None, int]:
    """在中国19个国家级新区中排名第6位: the field in the 在…中 frame just before a rank, and its start."""
    m = FIELD_FRAME.search(text, max(sent.start, at - 40), at)
    return (m.group("field"), m.start("field")) if m else (None, at)


def ranks(text: str, sent: Sentence) -> list[dict]:
    out = []
    seg = text[sent.start:sent.end]  # a pattern runs only where the sentence holds what its every match holds
    if not ("第" in seg or "首" in seg or "前" in seg or "位" in seg or "名" in seg):
        return out

    def clear(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in (i["span"] for i in out))

    def more_places(pos: int, scope: str | None, metric_end: int) -> None:
        while more := RANK_MORE.match(text, pos, sent.end):  # 分别列全市第1、第2
            out.append(_rank((more.start("num") - 1, more.end()), parse_number(more.group("num")), scope, metric_end))
            pos = more.end()

    for m in (RANK_FIELD.finditer(text, sent.start, sent.end) if "第" in seg or "首位" in seg or "榜首" in seg else ()):
        group = "field" if m.group("field") else "field1"
        field, at = m.group(group), m.start(group)
        place = m.group("place")
        value = 1 if place in ("首位", "榜首") else parse_number(m.group("num"))
        scope = re.match(r"全球|全国|全省|全市|全区|全县|国内|省内|市内", field)
        scope = scope.group() if scope else None
        out.append(_rank((at, m.end()), value, scope, m.start(), **_field(text, field, at)))
        more_places(m.end(), scope, m.start())
    for m in (RANK_FIRST.finditer(text, sent.start, sent.end) if "首位" in seg or "榜首" in seg else ()):
        if clear(m.start("place"), m.end()):
            field, at = _frame(text, sent, m.start())
            out.append(_rank((m.start("place"), m.end()), 1, None, m.start(), **_field(text, field, at)))
    for m in RANK.finditer(text, sent.start, sent.end):
        if not clear(m.start(), m.end()):
            continue
        scope = m.group("scope")
        more = {}
        if scope:
            num, unit, ordinal = m.group("num"), m.group("unit"), m.group("ord")
            if not (ordinal or unit):
                continue
            nxt = text[m.end():m.end() + 1]
            if not ordinal and nxt and "\u4e00" <= nxt <= "\u9fff" and nxt != "的":
                continue  # 全区8名党建督导员 counts people; it is no rank
            if ordinal and not unit and nxt == "大":  # 全市第三大城市更新项目: third by size in the city
                what = re.match(r"大([^，,。；;、！？!?\s的]{2,12})", text[m.end():sent.end])
                more = dict(ranking=scope + what.group(1)) if what else {}
            elif ordinal and not unit and nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in "的位名":
                continue  # 深圳市第九高级中学, 全国第一家: a name or an ordinal, not a place in a ranking
            # 全区33个行业 is a count, not a rank
            elif not unit and nxt and nxt in "".join(UNITS) + "0123456789":
                continue
            span = (m.start(), m.end())
        else:
            num, unit = m.group("num2"), m.group("unit2")
            span = (m.start("ord2"), m.end())
            field, at = _frame(text, sent, m.start())
            more = _field(text, field, at)
        out.append(_rank(span, parse_number(num), scope, m.start(), **more))
        more_places(m.end(), scope, m.start())
    for m in (RANK_TOP.finditer(text, sent.start, sent.end) if "前" in seg else ()):
        if not clear(m.start(), m.end()):
            continue
        num = m.group("num") or m.group("num2")
        value = parse_number("二" if num == "两" else num)
        out.append(_rank((m.start(), m.end()), value, m.group("scope") or m.group("scope2"), m.start(), "under"))
    cue = RANK_CUE.search(text, sent.start, sent.end) if "名" in seg or "位" in seg else None
    for m in (BARE_PLACE.finditer(text, cue.end(), sent.end) if cue else ()):
        if m.start() != cue.end() and text[m.start() - 1] not in BARE_PLACE_BEFORE:
            continue
        if clear(m.start(), m.end()):  # (a move's place, 下滑5位, has its verb before it: none of those)
            more = _field(text, cue.group("field"), cue.start("field")) if cue.group("field") else {}
            out.append(_rank((m.start(), m.end()), parse_number(m.group("num")), None, m.start(), **more))
    for m in RANK_CHANGE.finditer(text, sent.start, sent.end):
        sign = -1 if m.group("dir") in RANK_DOWN else 1
        out.append(_rank((m.start(), m.end()), sign * parse_number(m.group("num")), None, m.start(),
                         kind="rank_change"))
    return out + (orders(text, sent, [i["span"] for i in out]) if "首" in seg or "第" in seg else [])


def orders(text: str, sent: Sentence, taken: list[tuple[int, int]]) -> list[dict]:
    """Orders of arrival: 全国首个社工人才扶持办法 (value 1, unit 个, ranking 全国社工人才扶持办法)."""
    out = []
    for place in ORDER.finditer(text, sent.start, sent.end):
        field = ORDER_FIELD.search(text, max(sent.start, place.start() - 9), place.start())
        if field is None:
            continue
        m = _Order(field, place)
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        chain = ORDER_CHAIN.match(text, m.end(), sent.end)  # 全国第四个、西部地区首个获批的…: one noun for both
        rest = re.split(r"[，,。；;、！？!?—\s（(]", text[chain.end() if chain else m.end():sent.end], maxsplit=1)[0]
        what = rest.rsplit("的", 1)[-1]  # 获批的国家级新区 → 国家级新区
        value = 1 if m.group("place") == "首" else parse_number(m.group("num"))
        scope = m.group("scope")
        named = len(what) >= 2
        out.append(_rank((m.start(), m.end()), value, None, m.start(), kind="order",
                         ranking=scope + what if named else scope, **(dict(metric=what) if named else {})))
    return out


class _Order:
    """An order's field and place, read as one match (start, end, group)."""

    def __init__(self, field: re.Match, place: re.Match):
        self.field, self.place = field, place

    def start(self) -> int:  # 全国首个; 我国批复的|第二个: the field apart, the place alone
        return self.field.start() if self.field.end("scope") == self.field.end() else self.place.start()

    def end(self) -> int:
        return self.place.end()

    def group(self, name: str):
        return self.field.group("scope") if name == "scope" else self.place.group(name)


def multiples(text: str, sent: Sentence, taken: list[tuple[int, int]]) -> list[dict]:
    """增长5倍以上 → 5 倍 over; 增长了一倍 → 1 (as written); 翻一番 → 2, 翻两番 → 4."""
    out = []
    for m in MULTIPLE.finditer(text, sent.start, sent.end):
        num = m.group("num")
        if any(s < m.end() and m.start() < e for s, e in taken) or text[max(0, m.start("num") - 1)] in "第0123456789.":
            continue
        if num in ("百", "千", "万") or (num[0] in CN_NUMERAL_CHARS and text[m.start("num") - 1] in CN_NUMERAL_CHARS):
            continue  # 百倍信心: a manner of speaking
        try:
            value = parse_number(num)
        except ValueError:
            continue
        out.append(dict(span=(m.start(), m.end()), kind="multiple", value=value, unit="倍", scope=None,
                        qualifier=_qualifier(m.group("pre"), m.group("mid"), m.group("post")), metric_end=m.start(),
                        unit_end=m.end(), value_min=None))
    for m in DOUBLING.finditer(text, sent.start, sent.end):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        n = {"一": 1, None: 1, "两": 2, "二": 2, "三": 3, "四": 4}[m.group("n")]
        out.append(dict(span=(m.start(), m.end()), kind="multiple", value=2 ** n, unit="倍", scope=None,
                        qualifier=_qualifier(m.group("post")), metric_end=m.start(), unit_end=m.end(), value_min=None))
    return out


def _clear(m: re.Match, spans: list[tuple[int, int]]) -> bool:
    """Whether a match overlaps none of the spans already taken."""
    return not any(s < m.end() and m.start() < e for s, e in spans)


def quantities(text: str, sent: Sentence, taken: list[tuple[int, int]],
                quoted: list[tuple[int, int]]) -> list[dict]:
    out = []
    seg = text[sent.start:sent.end]  # a pattern runs only where the sentence holds what its every match holds
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
        if unit == "天" and "天数" in text[max(sent.start, m.start() - 12):m.start()] \
                and re.search(r"天数[^，,；;。]{0,6}$", text[max(sent.start, m.start() - 12):m.start()]):
            kind = "count"  # 优良天数超过336天 counts days; it measures no time
        out.append(dict(span=(m.start(), m.end()), kind=kind, value=value, unit=unit, scope=None,
                        qualifier=qualifier, metric_end=m.start(), unit_end=m.end("unit"), value_min=low))
        out += _listed(text, sent, m, kind, unit)
    for m in ROUND_OVER.finditer(text, sent.start, sent.end):
        if _clear(m, taken) and not _inside_short_quote(quoted, m.start(), m.end()):
            # 上千万元, 过千万元: the amount read as a numeral inside it gives way to the whole
            out = [i for i in out if not (m.start() <= i["span"][0] and i["span"][1] <= m.end())]
            if not _clear(m, [i["span"] for i in out]):
                continue
            unit = "unit" if m.group("unit") else "unit2"
            out.append(dict(span=(m.start(), m.end()), kind="money",
                            value=parse_number("1", m.group("mult") or m.group("mult2")), unit=m.group(unit),
                            scope=None, qualifier=_qualifier(m.group("pre"), None, m.group("post")),
                            metric_end=m.start(), unit_end=m.end(unit), value_min=None))
    for m in (HALF.finditer(text, sent.start, sent.end) if "一半" in seg else ()):
        if _clear(m, taken) and _clear(m, [i["span"] for i in out]) and not _inside_short_quote(quoted, *m.span()):
            out.append(dict(span=(m.start(), m.end()), kind="percent", value=50.0, unit="%", scope=None,
                            qualifier=_qualifier(m.group("pre"), None, m.group("post")), metric_end=m.start(),
                            unit_end=m.end(), value_min=None))
    for m in (STRUCTURE.finditer(text, sent.start, sent.end) if "结构" in seg else ()):
        if _clear(m, taken):  # 三次产业结构为0.18：65.82：34: three shares in per cent
            for g in "abc":
                out.append(dict(span=(m.start(g), m.end(g)), kind="percent", value=parse_number(m.group(g)), unit="%",
                                scope=None, qualifier="exact", metric_end=m.start(), unit_end=m.end(g), value_min=None,
                                metric=STRUCTURE_PART[g]))
    spans = taken + [i["span"] for i in out]
    if "倍" in seg or "番" in seg:
        out += [i for i in multiples(text, sent, spans) if not _inside_short_quote(quoted, *i["span"])]
    spans = taken + [i["span"] for i in out]
    for m in BIG_N.finditer(text, sent.start, sent.end):
        if not _clear(m, spans) or _inside_short_quote(quoted, m.start(), m.end()):
            continue
        if text.startswith("之一", m.end("what")) or re.match(r"[^，,。；;]{0,12}之一", text[m.end("what"):]):
            continue  # 全市十大示范项目之一: one of a list, not a count of the zone's things
        out.append(dict(span=(m.start(), m.end()), kind="count", value=parse_number(m.group("n")), unit="个",
                        scope=None, qualifier="exact", metric_end=m.start(), unit_end=m.end(), value_min=None,
                        metric=m.group("what")))  # 4大民生应用: the noun that made it a count is what it counts
    spans = taken + [i["span"] for i in out]
    series = False  # 收入2009年突破2000亿，2011年达到3000亿: a series of bare amounts shares its first one's money word
    for m in (BARE_MONEY.finditer(text, sent.start, sent.end) if "万" in seg or "亿" in seg else ()):
        if not _clear(m, spans) or _inside_short_quote(quoted, m.start(), m.end()):
            continue
        if m.group("cn") and (not m.group("pre") or BARE_CN_NOT.match(text, m.end())):
            continue  # 千亿级, 千亿产业集群: a class; 破千亿 is an amount
        clause_start = max([sent.start] + [c.end() for c in CLAUSE_MARK.finditer(text, sent.start, m.start())])
        money = MONEY_WORDS.search(text, max(clause_start, m.start() - 12), m.start()) \
            or MONEY_AFTER.match(text, m.end())  # 实现每年70亿的销售额
        people = PEOPLE_WORDS.search(text, max(clause_start, m.start() - 12), m.start())
        if not (money or people) and series and "亿" in m.group("mult") and m.group("ar") \
                and not re.search(r"[\u4e00-\u9fff]{2,}(?:数|量|人|户|家|个)", text[clause_start:m.start()]):
            money = True  # the next amount of the series, its clause naming nothing else it could count
        if not (money or people):
            continue  # only an amount of money or of people may leave out its measure word
        series = bool(money)
        try:
            value = parse_number(m.group("ar") or m.group("cn"), m.group("mult"))
        except ValueError:
            continue
        unit = "元" if money else "人次" if people.group() == "人次" else "人"  # 参保人数增长1.07万
        out.append(dict(span=(m.start(), m.end()), kind="money" if money else "count", value=value, unit=unit,
                        scope=None, qualifier="about" if text.startswith("级", m.end()) and not m.group("pre")
                        else _qualifier(m.group("pre"), m.group("post")),  # 2500亿级: of that order
                        metric_end=m.start(), unit_end=m.end(), value_min=None))
    spans = taken + [i["span"] for i in out]
    for m in (QUOTED_AMOUNT.finditer(text, sent.start, sent.end) if "”" in seg else ()):  # 迈入“五千亿”行列: a level passed
        if _clear(m, spans) and MONEY_WORDS.search(text, sent.start, sent.end):
            try:
                value = parse_number(m.group("num"), m.group("mult"))
            except ValueError:
                continue
            out.append(dict(span=(m.start("num"), m.end("mult")), kind="money", value=value, unit="元", scope=None,
                            qualifier="over", metric_end=m.start(), unit_end=m.end(), value_min=None))
    return _join_ranges(text, out)


RANGE_MARK = re.compile(r"至|到|-|—|~|～")
FROM_BEFORE = re.compile(r"[从由][^，,。；;]{0,6}$")  # 从50家到120家: a change over time, not a range


def _join_ranges(text: str, items: list[dict]) -> list[dict]:
    """150万辆至200万辆, 5亿元到8亿元: two amounts of one unit joined by 至 are one range (value the
    upper end, value_min the lower, as 3至5年 is read)."""
    items = sorted(items, key=lambda i: i["span"])
    out: list[dict] = []
    for item in items:
        low = out[-1] if out else None
        if (low is not None and low["kind"] == item["kind"] and low["unit"] == item["unit"]
                and low["value_min"] is None and item["value_min"] is None and low["qualifier"] == "exact"
                and item["qualifier"] in ("exact", "over", "about") and low["value"] < item["value"]
                and RANGE_MARK.fullmatch(text, low["span"][1], item["span"][0]) and "metric" not in item
                and not FROM_BEFORE.search(text, max(0, low["span"][0] - 8), low["span"][0])):
            out[-1] = dict(item, span=(low["span"][0], item["span"][1]), value_min=low["value"],
                           qualifier="under" if item["qualifier"] == "exact" else item["qualifier"],
                           metric_end=low["metric_end"])
            continue
        out.append(item)
    return out


def _listed(text: str, sent: Sentence, m: re.Match, kind: str, unit: str) -> list[dict]:
    """分别高于全市4.1、3.1个百分点: the numbers listed before a figure share its unit (and multiplier)."""
    if m.group("pre") or m.group("low") or not m.group("ar") or text[m.start() - 1:m.start()] != "、":
        return []
    before = LIST_BEFORE.search(text, max(sent.start, m.start() - 40), m.start())
    if not before:
        return []
    out = []
    for n in re.finditer(r"[0-9]+(?:\.[0-9]+)?", before.group()):
        try:
            value = parse_number(n.group(), m.group("mult") or "")
        except ValueError:
            continue
        start = before.start() + n.start()
        out.append(dict(span=(start, start + len(n.group())), kind=kind, value=value, unit=unit, scope=None,
                        qualifier="exact", metric_end=before.start(), unit_end=start + len(n.group()), value_min=None))
    return out


STRUCTURE_PART = {"a": "第一产业比重", "b": "第二产业比重", "c": "第三产业比重"}


# 五大主导产业, 三大国家级产业园区, 4大民生应用: a count without a measure word, of the things a zone
# is built of (not 二十大, 第三大城市, “五大攻坚战”, 三大管理改革)
BIG_N = re.compile(r"(?<![第0-9一二三四五六七八九十百零〇两])(?P<n>[两二三四五六七八九十]|[1-9][0-9]?)大"
                   r"(?=(?P<what>[^，,。；;、“”\s]{0,8}?(?:产业园区|产业园|产业基地|产业集群|产业|园区|基地|平台|板块|片区|领域|集群|功能区|应用|项目|工程|"
                   r"保护区|示范区|开发区|经开区|高新区|新区|车企|企业)))")
# 超过一半, 占全市的一半, 一半以上: a share written as a word (50 %); not 一半是…, 减少一半 (a change)
HALF = re.compile(r"(?:(?P<pre>超过|逾|近|约|将近)|(?<=[的占]))一半(?P<post>以上|左右)?(?!是)")
# 产值上亿元, 税收过亿元企业, 超亿元的企业, 亿元以下企业: a round amount with no number, over or under
ROUND_OVER = re.compile(
    rf"(?:(?P<pre>上|超过|突破|超|逾|{PASSED})(?P<mult>亿|千万|百万)(?P<unit>元|美元)"
    r"|(?<![0-9０-９.．一二三四五六七八九十两百千万几数上过超逾破余多])(?P<mult2>亿|千万)(?P<unit2>元|美元)(?P<post>以上|以下))")
# 总投资120亿, 销售额达70亿: an amount of money whose 元 goes without saying
BARE_MONEY = re.compile(
    rf"(?P<pre>超过|突破|超|逾|近|约|(?<![经通超度不])过|(?<![打突攻击冲])破)?(?<![A-Za-z0-9.．])"
    rf"(?:(?P<ar>{ARABIC})|(?P<cn>[一二两三四五六七八九十百千]+))(?P<mult>万亿|千万|百万|亿|万)"
    r"(?P<post>以上|余|多|左右)?(?![0-9０-９.．元美欧港日%％人个家项名次场支件条份户座所台套栋辆起处种类批间片张笔例艘架亩平吨千公斤克度瓦箱标株只头年月天倍])"
)
# after a Chinese amount with no 元: a class or a list, not an amount (千亿级, 千亿产业, 百亿企业)
BARE_CN_NOT = re.compile(r"级|俱乐部|产业|集群|企业|园区|规模|元?大关|行列|工程|项目|计划")
# an amount whose 元 goes without saying, named after it: 实现每年70亿的销售额
MONEY_AFTER = re.compile(r"的?(?:销售额|营业收入|营收|产值|投资|税收|收入|利润|出口额|交易额|成交额|生产总值)")
# an amount of people whose 人 goes without saying: 参保人数增长1.07万, 接待游客120万
PEOPLE_WORDS = re.compile(r"人数|人口|人次|游客|客流|就业|参保")
# 迈入“五千亿”行列: a quoted amount with a numeral before its multiplier, a level passed
QUOTED_AMOUNT = re.compile(r"(?:迈入|进入|跨入|跻身|迈上|站上|突破|冲刺)“(?P<num>[0-9]+|[一二两三四五六七八九]+[十百千]?)"
                           r"(?P<mult>万亿|亿)元?”(?:行列|大关|台阶)")
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


# The patterns run over whole sentences, tested first for the characters a match may begin with
# (lang/regex.py: the same matches, found sooner).
QUANTITY, BARE_MONEY, MULTIPLE, RANK_TOP, RANK_CUE, ROUND_OVER, RANK, RANK_FIELD, FIELD_SIZE, FIXED_PHRASES = (
    guarded(p) for p in (QUANTITY, BARE_MONEY, MULTIPLE, RANK_TOP, RANK_CUE, ROUND_OVER, RANK, RANK_FIELD, FIELD_SIZE, FIXED_PHRASES))
