"""What a figure measures: the metric phrase, found with jieba's part-of-speech tags.

The whole clause is tagged once (context matters to jieba); the phrase is then
read backwards from the number (授信19.3亿元 → 授信) or forwards from the measure
word (40余家企业 → 企业).
"""

from __future__ import annotations

import re

from zoneprofile.lang.dictionary import tokens
from zoneprofile.lang.text import QUOTE_CHARS

SUFFIXES = set("员率量额数值度费点者")  # 网格员, 解决率: one-character noun endings jieba tags oddly
PHRASE_ENDS = set("员率者")
NOUNISH = {"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "j", "l", "b", "eng", "nrt", "nrfg", "s"}
GROWTH = {"同比", "环比", "增长", "增幅", "增速", "下降", "提高", "较", "比", "去年同期", "上年同期", "同期",
          "压缩", "缩短", "减少", "降低", "增加", "提升", "减"}
LINK_WORDS = {
    "达", "为", "是", "有", "共", "共有", "共计", "计", "累计", "总计", "合计", "达到", "超过", "超", "约", "近",
    "逾", "突破", "实现", "完成", "获得", "提供", "争取", "仅", "已", "均", "高达", "约为", "分别", "到", "至",
    "了", "的", "和", "与", "及", "等", "在", "中", "占", "配备", "构建", "组建", "打造", "开展", "举办",
    "召开", "建立", "引进", "吸引", "带动", "覆盖", "解决", "发放", "成立", "入驻", "抽调", "组成", "派驻",
    "其中", "全区", "全市", "目前", "已经", "共同", "再", "又", "还", "将", "列", "位列", "位居", "居", "排名",
    "名列", "排", "排在", "共计", "为期", "历时", "历经", "用时", "进入", "跻身", "位于", "可", "可达", "预计", "将达",
    "有望", "得到", "获得", "实现了", "达到了",
    # a change to a new level: the metric is what changes (比重降至5.85%)
    "降至", "降到", "降为", "降低到", "降低至", "下降到", "下降至", "下降为", "升至", "上升到", "上升至", "上升为",
    "提高到", "提高至", "提高为", "提升到", "提升至", "增至", "增加到", "增加至", "增长到", "增长至", "扩大到",
    "扩大至", "减少到", "减少至", "减至", "压缩到", "压缩至", "缩短到", "缩短至", "缩短为", "达至",
}
























def clean_metric(words: list[str]) -> str | None:
    metric = "".join(words).strip(QUOTE_CHARS + " ")
    metric = "".join(c for c in metric if c not in QUOTE_CHARS)
    return metric or None


Tokens = list[tuple[str, str]]


PARENS = {"（", "）", "(", ")"}
BASE_WORDS = {"较", "比", "去年同期", "上年同期", "同期", "去年", "与", "相比"}
# 较去年同期, 比上年同期, 与去年同期相比, 同期: what a change is measured against is not the metric
COMPARISON_BASE = re.compile(r"(?:较|比|与)?(?:去年|上年|上一年)?同期(?:相比)?|(?:较|比|与)(?:去年|上年|上一年)(?:相比)?")


def metric_before_tokens(toks: Tokens) -> str | None:
    toks = list(toks)
    while toks and (toks[-1][0] in LINK_WORDS or toks[-1][1] in {"x", "u", "p", "c", "d", "m", "q", "r", "a", "ad"}):
        if toks[-1][0] in GROWTH:
            break
        toks.pop()
    words: list[str] = []
    for word, flag in reversed(toks):
        counted = [w for w in words if w not in BASE_WORDS]  # the comparison base is dropped below
        if len(counted) >= 5 or sum(map(len, counted)) >= 12:
            break
        if flag in NOUNISH or word in GROWTH or word in SUFFIXES or word in PARENS:
            words.insert(0, word)
            continue
        if word in BASE_WORDS and words:
            words.insert(0, word)  # 指数较去年同比下降: read on past the comparison base (dropped below)
            continue
        if word in ("以上", "以下") and words:
            words.insert(0, word)  # 亿元以上项目, 科级以上领导: the threshold is part of the metric
            continue
        if words and words[0] in ("以上", "以下"):
            words.insert(0, word)
            continue
        if flag == "zg" and len(word) == 1 and words:
            words.insert(0, word)  # 村（社区）干部, 卫生村总数: jieba leaves 村 a bare morpheme
            continue
        if flag in {"v", "vd"} and words and words[0] in SUFFIXES:
            words.insert(0, word)  # 解决 + 率
            continue
        break
    while words and words[0] in PARENS:
        words.pop(0)
    metric = clean_metric(words)
    if metric:
        metric = COMPARISON_BASE.sub("", metric)  # 项目数量较去年同期增长 → 项目数量增长
        return metric or None
    return None


def action_before_tokens(toks: Tokens) -> str | None:
    """With nothing nominal before a figure, the action itself: 累计受训10800人次 → 受训."""
    verbs = [w for w, f in toks if f.startswith("v") and w not in LINK_WORDS and w not in FILLER_VERBS]
    return verbs[-1] if verbs else None


def metric_after_tokens(toks: Tokens) -> str | None:
    words: list[str] = []
    flags: list[str] = []
    # quotation marks are transparent until a noun is found (暖“新”大礼包), then they end the phrase;
    # a short modifier closed by 的 is skipped (近千场丰富多彩的文化活动 → 文化活动)
    toks = list(toks)
    for i, (w, _) in enumerate(toks[:4]):
        if w == "的" and i + 1 < len(toks) and toks[i + 1][1] in NOUNISH | {"a", "b"}:
            if not any(f in NOUNISH for _, f in toks[:i]):  # 网络媒体的记者: the noun came first
                toks = toks[i + 1:]
            break
    for i, (word, flag) in enumerate(toks):
        if len(words) >= 5 or sum(map(len, words)) >= 12:
            break
        rest = [f for w, f in toks[i + 1:] if w not in QUOTE_CHARS]
        if word in QUOTE_CHARS:
            if flags and flags[-1] in NOUNISH:
                break  # 重点任务“滚动式”: after a noun, a quotation starts something else
            continue  # 暖“新”大礼包: after a modifier (or before anything) it is part of the phrase
        if words and flag in {"a", "b"} and len(words) < 4 and rest[:1] and rest[0] in NOUNISH | {"a"}:
            words.append(word)  # 综合型暖“新”加油站: a modifier inside the noun phrase
            flags.append(flag)
            continue
        if word in PARENS and words:
            words.append(word)  # 村（社区）干部
            flags.append("x")
            continue
        if flag in NOUNISH or flag == "zg" and len(word) == 1 and not words or (word in SUFFIXES and words):
            words.append(word)
            flags.append("n")
            if word[-1] in PHRASE_ENDS:
                break  # 督导员, 完成率: the noun phrase is complete
            continue
        rest = [f for w, f in toks[i + 1:] if w not in QUOTE_CHARS]
        nxt = rest[0] if rest else ""
        if (flag in {"a", "v", "vd", "zg"} and len(word) <= 2 and len(words) < 2
                and not any(f in NOUNISH for f in flags) and (nxt in NOUNISH or nxt in {"a", "zg"})):
            words.append(word)
            flags.append(flag)
            continue
        break
    while words and flags[-1] not in NOUNISH and not (words[-1] in PARENS and "（" in words and "）" in words):
        words.pop()
        flags.pop()
    if words.count("（") != words.count("）"):
        words = [w for w in words if w not in PARENS]
    return clean_metric(words)


RELATIVE_SKIP = {"“", "”", "‘", "’", '"', "、"}


def head_after_modifier(toks: Tokens) -> str | None:
    """The head noun a long modifier after a measure word leads to, when the words right
    after it are not what is counted: 9个能耗超标、效益低下的项目 → 项目 (a relative clause
    closed by 的), 50余家“四上”及创新性、成长性企业 → 企业 (coordinated modifiers share
    the head). None when the first noun phrase is the counted thing (5个项目的总投资)."""
    toks = list(toks)
    if not toks:
        return None
    # a relative clause closed by 的: a stative predicate (不达标, 低下), a threshold
    # (总投资超10亿元的) or a list of them, before the 的
    relative = False
    for i, (word, flag) in enumerate(toks[:16]):
        if word == "的":
            if not relative:
                return None  # 5个项目的总投资: the noun came first and is counted
            run = []
            for w, f in toks[i + 1:]:
                if f in NOUNISH or (w in SUFFIXES and run):
                    run.append(w)
                elif w in RELATIVE_SKIP and not run:
                    continue
                else:
                    break
            return run[-1] if run else None
        noun_before = any(f in NOUNISH for _, f in toks[:i])
        predicate_before = noun_before and i and toks[i - 1][1] in {"v", "a", "vn"}
        if noun_before and (word in ("不", "未", "欠") or flag == "m") or word == "、" and predicate_before:
            relative = True  # 能耗不达标的; 总投资超10亿元的; 能耗超标、效益低下的
        elif flag == "x" and word not in RELATIVE_SKIP:
            break
    # coordinated modifiers: “四上”及创新性、成长性企业
    first = next(((w, f) for w, f in toks if w not in RELATIVE_SKIP), None)
    quoted = toks[0][0] in QUOTE_CHARS
    if first is None or not (quoted or first[0].endswith(("性", "型", "级", "类"))):
        return None
    joined = quoting = False
    last_run: list[str] = []
    for word, flag in toks[:16]:
        if word in QUOTE_CHARS:
            quoting = word in "“‘「『《" or (word in "\"'" and not quoting)
            last_run = [] if quoting else last_run
        elif quoting:
            continue  # a quoted name is one modifier, whatever jieba makes of it
        elif word in ("及", "和", "与", "、", "以及"):
            joined, last_run = True, []
        elif flag in NOUNISH:
            last_run.append(word)
        elif flag != "m":
            break
    return last_run[-1] if joined and last_run else None


def metric_before(prefix: str) -> str | None:
    """The phrase just before a number that names what it measures: 授信19.3亿元 → 授信."""
    return metric_before_tokens(tokens(prefix))


def metric_after(suffix: str) -> str | None:
    """The noun phrase right after a measure word: 40余家企业 → 企业."""
    return metric_after_tokens(tokens(suffix))


FILLER_VERBS = {"是", "有", "为", "达", "达到", "共", "计", "共计", "累计", "共有", "可", "可达", "能", "可以", "预计", "将达"}



def split_tokens(text: str, left: int, right: int, cut_start: int, cut_end: int) -> tuple[Tokens, Tokens]:
    """Tag the whole clause once (context matters to jieba), then keep the tokens
    wholly before `cut_start` and wholly after `cut_end`."""
    before, after = [], []
    pos = left
    straddle_start = straddle_end = False
    for word, flag in tokens(text[left:right]):
        end = pos + len(word)
        if end <= cut_start:
            before.append((word, flag))
        elif pos >= cut_end:
            after.append((word, flag))
        else:
            straddle_start |= pos < cut_start < end
            straddle_end |= pos < cut_end < end  # 348名村（社区）干部: jieba read 名村 as one word
        pos = end
    if straddle_start:
        before = tokens(text[left:cut_start])
    if straddle_end:
        after = tokens(text[cut_end:right])
    return before, after


def nearest_noun_phrase(before: Tokens, after: Tokens) -> str | None:
    """The noun phrase nearest to the figure anywhere in its clause, past verbs."""
    for side, toks in (("after", after), ("before", list(reversed(before)))):
        run: list[str] = []
        for word, flag in toks:
            if flag in NOUNISH and word not in LINK_WORDS:
                run.append(word)
            elif run:
                break
        if run:
            return clean_metric(run if side == "after" else list(reversed(run)))
    return None


KIND_LABELS = {"duration": "用时", "area": "面积", "count": "数量", "money": "金额", "percent": "比例",
               "rank": "排名", "rank_change": "排名变化"}
