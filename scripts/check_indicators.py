#!/usr/bin/env python3
"""Check templates/indicators.yaml: its schema, and that the reference matching rule sends every
example of tests/data/indicator_examples.yaml to its indicator (or to none).

Stand-alone (PyYAML only), so a test can run it or import it:

    python scripts/check_indicators.py [--catalogue PATH] [--examples PATH] [-v] [--explain TEXT]

The rule is written at the top of the catalogue (steps 0-6); Catalogue.resolve implements it:
NFKC, quotes and spaces out, Latin upper-cased; the figure read in its own 、-item, forwards when
words follow it (组建48支先锋团队), else backwards (配备网格员81人); `not` phrases in the clause and 占
(a denominator) veto an occurrence; a bare clause (总数达到72家, 增长14%) inherits from the clauses
before it, a breakdown (其中…), a part (…中36个) or a 分别 clause does not; occurrences whose
indicator cannot take the figure's unit go; the longest phrase wins, ties to the one ending last.
Exit status 0 when everything holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "templates" / "indicators.yaml"
EXAMPLES = ROOT / "tests" / "data" / "indicator_examples.yaml"

UNITS = {"money", "percent", "count", "person_times", "area", "duration", "rank", "energy", "water",
         "emission"}
MEASURES = {"level", "growth", "share", "rank", "change", "per_unit"}
INDICATOR_KEYS = {"id", "label", "dimension", "unit", "count_of", "phrases", "not", "measures",
                  "definition", "source", "note"}
REQUIRED_TEXT = ("label", "definition", "source")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

QUOTE_CHARS = "“”\"「」『』《》‘’'"  # as zoneprofile.text.QUOTE_CHARS
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、\n]")  # as zoneprofile.text.CLAUSE_BREAK: items
SENTENCE_BREAK = re.compile(r"[。！？!?\n]")
DENOMINATOR = re.compile(r"占[^，,；;：:。！？!?、\n]{0,6}$")
BREAKDOWN = ("其中", "包括")
RANK_VERB = re.compile(r"排名|位列|位居|名列|排在|跃居|跻身|居|列")
CLAUSE_CUT = re.compile(r"[，,；;：:。！？!?\n]")  # clauses proper; 、 only separates items of a list
DATE_RE = re.compile(r"[0-9]+(?:[-—~～至到][0-9]+)?(?:年|月|日|号|季度)(?:份|末|初|底|中旬|上旬|下旬)?")
LINK = re.compile(
    r"(?:以上|以内|左右|多|余|的|了|已|共|共有|共计|合计|累计|总计|总数|总量|总额|达到|达|为|是|有|约|近|超|超过|"
    r"逾|突破|增至|增加到|增加|增长到|增长至|增长|上升到|上升至|上升|提高到|提高至|提高|提升|下降到|下降至|下降|降至|"
    r"降低|减少|同比|环比|增幅|增速|比上年|较上年|比去年|较去年|去年同期|上年同期|同期|较|比|年均|平均|分别|均|"
    r"\(下同\)|全国|全省|全市|全区|第|位列|位居|居|列|排名|名列|排|其中|再|又|仍|继续|保持|实现|"
    r"总投资|计划总投资|合计总投资|项目总投资|投资总额|全程|仅|只|仅用|只用|用时|耗时|缩短至|缩短为|缩短到|"
    r"压缩至|压缩为|压缩到|压缩|缩短|平均|提速|每年|年)*")
# characters that only exist in traditional writing: a phrase holding one is not simplified
TRADITIONAL = set("國區業產總經濟發開關於設與術專億萬價額數資權團際營運機構實現強創據來級優項點預質務進貿")

# what follows a number: multipliers, then the unit; longest spellings first
_UNIT_WORDS = [
    ("个百分点", "percent"), ("百分点", "percent"), ("%", "percent"), ("‰", "percent"),
    ("人次", "person_times"),
    ("个工作日", "duration"), ("工作日", "duration"), ("个小时", "duration"), ("小时", "duration"),
    ("分钟", "duration"), ("个月", "duration"), ("天", "duration"),
    ("平方公里", "area"), ("平方千米", "area"), ("平方米", "area"), ("公顷", "area"), ("亩", "area"),
    ("吨标准煤", "energy"), ("吨标煤", "energy"), ("千瓦时", "energy"),
    ("立方米", "water"), ("吨二氧化碳", "emission"),
    ("美元", "money"), ("港元", "money"), ("欧元", "money"), ("元", "money"),
    ("位", "rank"),
    ("家次", "count"), ("家", "count"), ("个", "count"), ("件", "count"), ("项", "count"),
    ("人", "count"), ("名", "count"), ("支", "count"), ("场", "count"), ("次", "count"),
    ("户", "count"), ("座", "count"), ("条", "count"), ("期", "count"), ("批", "count"),
    ("套", "count"), ("起", "count"), ("处", "count"), ("所", "count"), ("栋", "count"),
    ("宗", "count"), ("台", "count"), ("班", "count"),
]
_UNIT_RE = re.compile(
    r"(?:余|多|左右)?[十百千万亿]*(?:余|多)?("
    + "|".join(re.escape(w) for w, _ in _UNIT_WORDS) + ")")
_UNIT_OF = dict(_UNIT_WORDS)
NUMBER_RE = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十百千]+")
PER_UNIT = re.compile(r"/(?:万元|元|亩|万人|人|平方米|平方公里|公顷|年|天|吨)")
THRESHOLD = re.compile(r"(?:以上|以下)(?![,;:。!?、\n]|$)")
MODIFIED = re.compile(r"企业|项目|级|大关")
DATE_AFTER = re.compile(r"(?:[-—~～至到][0-9]+)?(?:年|月|日|号|季度)")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch not in QUOTE_CHARS and not ch.isspace() or ch == "\n")
    return text.upper()


@dataclass
class Figure:
    start: int
    end: int
    unit: str | None


def figures(text: str) -> list[Figure]:
    """Numbers that carry a unit (dates, thresholds such as 10亿元以上 and names such as 世界500强 do not)."""
    found = []
    for m in NUMBER_RE.finditer(text):
        ordinal = m.start() > 0 and text[m.start() - 1] == "第"
        if m.group(0)[0] not in "0123456789" and not ordinal:
            continue  # Chinese numerals count only as ranks (第一); elsewhere they are words (十四五)
        after = text[m.end():]
        if DATE_AFTER.match(after):
            continue
        u = _UNIT_RE.match(after)
        end = m.end() + (u.end() if u else 0)
        if ordinal:
            if u and u.group(1) in ("位", "名"):
                found.append(Figure(m.start(), end, "rank"))
            elif end == len(text) or CLAUSE_BREAK.match(text, end):
                found.append(Figure(m.start(), end, "rank"))  # 排名第一, 列全市第2、
            continue  # 第三产业, 第一批: an ordinal in a name
        if not u:
            continue
        unit = _UNIT_OF[u.group(1)]
        if u.group(1) == "名" and m.start() > 0 and text[m.start() - 1] == "前":
            unit = "rank"
        per = PER_UNIT.match(text, end)
        if per:
            end = per.end()  # 32.5万元/人, 0.26吨标准煤/万元
        if THRESHOLD.match(text, end) or (unit == "money" and MODIFIED.match(text, end)):
            continue  # a threshold or a class (10亿元以上项目, 超10亿元企业), not a figure
        found.append(Figure(m.start(), end, unit))
    return found


def figure_unit(fig_text: str) -> str | None:
    fs = figures(normalize(fig_text))
    return fs[0].unit if fs else None


@dataclass
class Indicator:
    id: str
    dimension: str
    unit: str
    measures: set[str]
    phrases: list[str]
    not_: list[str]


@dataclass
class Match:
    indicator: str
    phrase: str
    start: int
    end: int


@dataclass
class Result:
    indicator: str | None
    why: str
    candidates: list[Match] = field(default_factory=list)


def compatible(ind: Indicator, unit: str | None) -> bool:
    if unit is None or unit == ind.unit:
        return True
    if unit == "percent":
        return bool(ind.measures & {"growth", "share", "change"})
    if unit == "rank":
        return "rank" in ind.measures
    return False


class Catalogue:
    def __init__(self, data: dict):
        self.data = data
        self.indicators: dict[str, Indicator] = {}
        for raw in data.get("indicators") or []:
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                continue
            self.indicators[raw["id"]] = Indicator(
                raw["id"], raw.get("dimension"), raw.get("unit"), set(raw.get("measures") or []),
                [normalize(p) for p in raw.get("phrases") or [] if isinstance(p, str)],
                [normalize(n) for n in raw.get("not") or [] if isinstance(n, str)])
        self.by_phrase = {p: ind.id for ind in self.indicators.values() for p in ind.phrases}
        self._phrases = sorted(self.by_phrase, key=len, reverse=True)

    def occurrences(self, text: str, lo: int, hi: int) -> list[Match]:
        found = []
        for p in self._phrases:
            i = text.find(p, lo, hi)
            while i != -1 and i + len(p) <= hi:
                found.append(Match(self.by_phrase[p], p, i, i + len(p)))
                i = text.find(p, i + 1, hi)
        return found

    def _kept(self, text: str, lo: int, hi: int, c_bounds, scope_end: int) -> list[Match]:
        """Phrase occurrences in text[lo:hi], less those vetoed by a `not` phrase (between the start
        of the occurrence's clause and scope_end) and those that are a denominator (占…)."""
        kept = []
        for m in self.occurrences(text, lo, hi):
            c_lo = c_bounds(m.start)[0]
            if any(n in text[c_lo:scope_end] for n in self.indicators[m.indicator].not_):
                continue
            if DENOMINATOR.search(text[c_lo:m.start]):
                continue
            kept.append(m)
        return kept

    def _pick(self, kept: list[Match], unit: str | None, where: str) -> Result:
        fitting = [m for m in kept if compatible(self.indicators[m.indicator], unit)]
        if not fitting:
            return Result(None, f"no phrase takes unit {unit}", kept)
        best = max(fitting, key=lambda m: (len(m.phrase), m.end, -m.start))
        return Result(best.indicator, f"{best.phrase!r} {where}", kept)

    def resolve(self, text: str, figure: str | None = None, unit: str | None | bool = True,
                at: Figure | None = None) -> Result:
        """The indicator of the figure in `text`. `figure` (a substring, its last occurrence) defaults
        to the last number with a unit; `unit` True = read from the figure, None = ignore units, or
        a unit name. `at`: a figure of figures(normalize(text)), for callers that walk a document."""
        text = normalize(text)
        figs = figures(text)
        if at is not None:
            fig = at
        elif figure is not None:
            f = normalize(figure)
            pos = text.rfind(f)
            if pos < 0:
                return Result(None, f"figure {figure!r} not in text")
            own = figures(f)
            fig = (Figure(pos + own[0].start, pos + own[0].end, own[0].unit) if own
                   else Figure(pos, pos + len(f), None))
        else:
            fig = figs[-1] if figs else Figure(len(text), len(text), None)
        if unit is True:
            unit = fig.unit

        def bounds(i: int, breaks: re.Pattern) -> tuple[int, int]:
            lo = max((m.end() for m in breaks.finditer(text, 0, i)), default=0)
            m = breaks.search(text, i)
            return lo, (m.start() if m else len(text))

        def c_bounds(i: int) -> tuple[int, int]:
            return bounds(i, CLAUSE_CUT)

        s_lo, _ = bounds(fig.start, SENTENCE_BREAK)
        c_lo, c_hi = c_bounds(fig.start)
        g_lo, g_hi = bounds(fig.start, CLAUSE_BREAK)          # the 、-item holding the figure
        clause = text[c_lo:c_hi]
        if "分别" in clause:
            return Result(None, "分别: figures paired with items by position")
        prev_end = max((f.end for f in figs if g_lo <= f.end <= fig.start), default=g_lo)
        stops = [f.start for f in figs if fig.end <= f.start < g_hi]
        stops += [fig.end + m.start() for m in DATE_RE.finditer(text[fig.end:g_hi])]
        nxt = min(stops, default=g_hi)
        forward = text[fig.end:nxt]
        if not bare(forward):
            # read forwards first (组建48支先锋团队, 40余家企业获得授信): the phrase follows the figure
            kept = self._kept(text, fig.end, nxt, c_bounds, c_hi)
            if kept:
                return self._pick(kept, unit, f"after the figure, in {forward!r}")
        before = text[prev_end:fig.start]
        if before.endswith("中"):
            return Result(None, f"a part of what precedes ({before!r}: …中N个)")
        # read backwards: from the previous figure of the item to this one
        kept = self._kept(text, prev_end, fig.start, c_bounds, c_hi)
        if kept:
            return self._pick(kept, unit, f"in {before!r}")
        if not bare(forward):
            return Result(None, f"no phrase before the figure, nor in {forward!r} after it")
        item = text[g_lo:fig.start]
        if bare(text[prev_end:fig.start]) or "等" in item:
            # 全国22位、全省第5位 · 从1万多家增长到3万多家 · 土地上市、文勘…用工等各类问题150个
            kept = self._kept(text, c_lo, fig.start, c_bounds, c_hi)
            if kept:
                return self._pick(kept, unit, f"in the clause {text[c_lo:fig.start]!r}")
        if clause.startswith(BREAKDOWN):
            return Result(None, "a breakdown (其中…) with no phrase of its own")
        lead = _without_figures(text, c_lo, fig.start, figs)
        if unit == "rank":  # 我区排名第36位, 镇江新区综合排名位列第一: the subject before the verb
            lead = RANK_VERB.split(lead)[-1]
        if not bare(lead):
            return Result(None, f"no phrase in {text[c_lo:fig.start]!r}")
        # a bare clause (总数达到72家, 增长14%) takes the phrase of an earlier clause of the sentence
        hi = c_lo - 1
        while hi > s_lo:
            lo, _ = c_bounds(hi - 1)
            kept = self._kept(text, lo, hi, c_bounds, c_hi)
            if kept:
                return self._pick(kept, unit, f"inherited from {text[lo:hi]!r}")
            if any(lo <= f.start < hi for f in figs):
                return Result(None, f"clause {text[lo:hi]!r} has a figure of its own, no phrase")
            hi = lo - 1
        return Result(None, "no phrase")


def _without_figures(text: str, lo: int, hi: int, figs: list[Figure]) -> str:
    out, i = [], lo
    for f in figs:
        if lo <= f.start < hi:
            out.append(text[i:f.start])
            i = f.end
    out.append(text[i:hi])
    return "".join(out)


def bare(s: str) -> bool:
    """Only connectives (总数达到, 同比增长（下同）, 全省第, 总投资): no metric of its own."""
    return LINK.fullmatch(s) is not None


def check_schema(data: dict) -> list[str]:
    errors: list[str] = []
    if data.get("version") != 1:
        errors.append("version must be 1")
    dims = data.get("dimensions")
    dim_ids: list[str] = []
    if not isinstance(dims, list) or not dims:
        errors.append("dimensions: a non-empty list")
        dims = []
    for d in dims:
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not ID_RE.match(d["id"]):
            errors.append(f"dimension {d!r}: needs an ASCII id")
            continue
        if not isinstance(d.get("label"), str) or not d["label"].strip():
            errors.append(f"dimension {d['id']}: needs a label")
        if not isinstance(d.get("evaluation"), dict):
            errors.append(f"dimension {d['id']}: evaluation must be a mapping")
        dim_ids.append(d["id"])
    if len(set(dim_ids)) != len(dim_ids):
        errors.append("dimension ids are not unique")
    inds = data.get("indicators")
    if not isinstance(inds, list) or not inds:
        return errors + ["indicators: a non-empty list"]
    seen_ids: set[str] = set()
    owner: dict[str, str] = {}
    used_dims: set[str] = set()
    for raw in inds:
        if not isinstance(raw, dict):
            errors.append(f"indicator {raw!r}: not a mapping")
            continue
        iid = raw.get("id")
        where = f"indicator {iid}"
        if not isinstance(iid, str) or not ID_RE.match(iid):
            errors.append(f"{where}: id must be ASCII snake_case")
            continue
        if iid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(iid)
        extra = set(raw) - INDICATOR_KEYS
        missing = INDICATOR_KEYS - set(raw)
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        if missing:
            errors.append(f"{where}: missing keys {sorted(missing)}")
        for key in REQUIRED_TEXT:
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                errors.append(f"{where}: {key} must be a non-empty string")
        if raw.get("note") is not None and not isinstance(raw.get("note"), str):
            errors.append(f"{where}: note must be a string or null")
        if raw.get("dimension") not in dim_ids:
            errors.append(f"{where}: unknown dimension {raw.get('dimension')!r}")
        used_dims.add(raw.get("dimension"))
        unit = raw.get("unit")
        if unit not in UNITS:
            errors.append(f"{where}: unit {unit!r} not in {sorted(UNITS)}")
        count_of = raw.get("count_of")
        if unit in ("count", "person_times"):
            if not isinstance(count_of, str) or not count_of.strip():
                errors.append(f"{where}: a count needs count_of")
        elif count_of is not None:
            errors.append(f"{where}: count_of is for counts only")
        measures = raw.get("measures")
        if not isinstance(measures, list) or not measures or not set(measures) <= MEASURES:
            errors.append(f"{where}: measures must be a non-empty subset of {sorted(MEASURES)}")
        elif unit == "rank" and "rank" not in measures:
            errors.append(f"{where}: a rank indicator needs the measure rank")
        phrases = raw.get("phrases")
        if not isinstance(phrases, list) or not phrases:
            errors.append(f"{where}: needs at least one phrase")
            phrases = []
        nots = raw.get("not")
        if not isinstance(nots, list):
            errors.append(f"{where}: not must be a list (may be empty)")
            nots = []
        norm_phrases = []
        for p in phrases:
            if not isinstance(p, str) or not p.strip():
                errors.append(f"{where}: empty phrase")
                continue
            n = normalize(p)
            if n != p.upper():
                errors.append(f"{where}: phrase {p!r} holds quotes, spaces or full-width characters")
            if CLAUSE_BREAK.search(n):
                errors.append(f"{where}: phrase {p!r} holds a clause break")
            if set(p) & TRADITIONAL:
                errors.append(f"{where}: phrase {p!r} is not in simplified characters")
            if n in owner and owner[n] != iid:
                errors.append(f"{where}: phrase {p!r} is claimed by {owner[n]} too")
            elif n in norm_phrases:
                errors.append(f"{where}: phrase {p!r} listed twice")
            owner.setdefault(n, iid)
            norm_phrases.append(n)
        for x in nots:
            if not isinstance(x, str) or not x.strip():
                errors.append(f"{where}: empty not phrase")
                continue
            nx = normalize(x)
            for p in norm_phrases:
                if nx in p:
                    errors.append(f"{where}: not {x!r} is inside its own phrase {p!r} (it would veto it)")
    for d in dim_ids:
        if d not in used_dims:
            errors.append(f"dimension {d}: no indicator")
    return errors


def check_examples(cat: Catalogue, examples: list, verbose: bool = False) -> tuple[list[str], dict]:
    errors: list[str] = []
    per: dict[str, int] = {i: 0 for i in cat.indicators}
    negatives = 0
    for n, ex in enumerate(examples, 1):
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or "indicator" not in ex:
            errors.append(f"example {n}: needs text and indicator")
            continue
        want = ex["indicator"]
        if want is not None and want not in cat.indicators:
            errors.append(f"example {n}: unknown indicator {want!r}")
            continue
        unit = ex["unit"] if "unit" in ex else True
        res = cat.resolve(ex["text"], ex.get("figure"), unit)
        if want is None:
            negatives += 1
        else:
            per[want] += 1
        if res.indicator != want:
            errors.append(f"example {n}: {ex['text']!r} → {res.indicator} ({res.why}), want {want}")
        elif verbose:
            print(f"ok  {ex['text']} → {want}  [{res.why}]")
    for iid, k in per.items():
        if k < 2:
            errors.append(f"indicator {iid}: {k} example(s), needs at least 2")
    return errors, {"positives": sum(per.values()), "negatives": negatives, "per": per}


def check_phrases_alone(cat: Catalogue) -> list[str]:
    """Every phrase, alone, finds its own indicator: no phrase is shadowed or vetoed by its own list."""
    errors = []
    for ind in cat.indicators.values():
        for p in ind.phrases:
            res = cat.resolve(p, unit=None, at=Figure(len(normalize(p)), len(normalize(p)), None))
            if res.indicator != ind.id:
                errors.append(f"phrase {p!r} alone → {res.indicator}, not {ind.id} ({res.why})")
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--catalogue", type=Path, default=CATALOGUE)
    ap.add_argument("--examples", type=Path, default=EXAMPLES)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--explain", metavar="TEXT", help="resolve one text and show why")
    args = ap.parse_args(argv)
    data = yaml.safe_load(args.catalogue.read_text(encoding="utf-8"))
    errors = check_schema(data)
    cat = Catalogue(data)
    if args.explain:
        res = cat.resolve(args.explain)
        print(f"{res.indicator}  ({res.why})")
        for m in res.candidates:
            print(f"   candidate {m.phrase} → {m.indicator}")
        return 0
    errors += check_phrases_alone(cat)
    examples = yaml.safe_load(args.examples.read_text(encoding="utf-8")) or []
    ex_errors, stats = check_examples(cat, examples, args.verbose)
    errors += ex_errors
    dims = [d["id"] for d in data.get("dimensions") or [] if isinstance(d, dict)]
    counts = {d: sum(1 for i in cat.indicators.values() if i.dimension == d) for d in dims}
    print(f"{len(cat.indicators)} indicators in {len(dims)} dimensions "
          + ", ".join(f"{d} {c}" for d, c in counts.items()))
    print(f"{len(cat.by_phrase)} phrases; {stats['positives']} examples, {stats['negatives']} negatives")
    for e in errors:
        print("FAIL", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
