"""What a figure is a figure of: the indicator catalogue (templates/indicators.yaml) and the rule
that reads a figure's clause against it.

The catalogue is data a user edits or overrides like the templates: a file of the same name in the
`--templates` folder wins; it may begin with `extends: default` to keep the built-in indicators and
add, replace (same id) or `remove:` some. Every problem in it is reported together, naming the file,
the indicator and the field, before any work.

The rule (the catalogue's header says it in full): the figure is read in its own 、-item, forwards when
words follow it (组建48支先锋团队), else backwards from the figure before it (配备网格员81人); a `not`
phrase in the clause and 占… (a denominator) veto a phrase; a bare clause (同比增长8.2%) inherits from
the clause before it, a breakdown (其中…), a part (…中36个) or a 分别 clause does not; the indicator must
take the figure's unit and measure; the longest phrase wins. Nothing found: no indicator (a missing row
is better than a wrong one). The phrases are found with Aho-Corasick (pyahocorasick: every occurrence
of ~800 phrases in one pass); the rule itself is the genre's and is written here by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from zoneprofile.errors import ConfigError
from zoneprofile.extract.measures import MEASURES

UNITS = ("money", "percent", "count", "person_times", "area", "duration", "rank", "energy", "water", "emission")
INDICATOR_KEYS = ("id", "label", "dimension", "unit", "count_of", "phrases", "not", "measures", "definition",
                  "source", "note", "compare")
COMPARE = ("statistic", "programme")  # programme: figures share a row only within one named programme
TOP_KEYS = ("version", "extends", "dimensions", "indicators", "remove")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
QUOTES = set("“”\"「」『』《》‘’'")
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、\n]")  # the items of a list
CLAUSE_CUT = re.compile(r"[，,；;：:。！？!?\n]")  # clauses proper
SENTENCE_BREAK = re.compile(r"[。！？!?\n]")
DENOMINATOR = re.compile(r"占[^，,；;：:。！？!?、\n]{0,6}$")
BREAKDOWN = ("其中", "包括")
RANK_VERB = re.compile(r"排名|位列|位居|名列|排在|跃居|跻身|居|列")
DATE_RE = re.compile(r"[0-9]+(?:[-—~～至到][0-9]+)?(?:年|月|日|号|季度)(?:份|末|初|底|中旬|上旬|下旬)?")
LINK = re.compile(
    r"(?:以上|以内|左右|多|余|的|了|已|共|共有|共计|合计|累计|总计|总数|总量|总额|达到|达|为|是|有|约|近|超|超过|"
    r"逾|突破|增至|增加到|增加|增长到|增长至|增长|上升到|上升至|上升|提高到|提高至|提高|提升|下降到|下降至|下降|降至|"
    r"降低|减少|同比|环比|增幅|增速|比上年|较上年|比去年|较去年|去年同期|上年同期|同期|较|比|年均|平均|分别|均|"
    r"\(下同\)|全国|全省|全市|全区|第|位列|位居|居|列|排名|名列|排|其中|再|又|仍|继续|保持|实现|"
    r"总投资|计划总投资|合计总投资|项目总投资|投资总额|全程|仅|只|仅用|只用|用时|耗时|缩短至|缩短为|缩短到|"
    r"压缩至|压缩为|压缩到|压缩|缩短|平均|提速|每年|年|"
    r"占(?:全国|全省|全市|全区|全县|本市|本省|全部)?(?:的)?(?:比重|比例|份额)?|占比|所占比重|比重)*")


def normalize_char(ch: str) -> str:
    """One character as the phrases are written: NFKC (full-width to ASCII) where it stays one
    character, Latin upper-cased."""
    n = unicodedata.normalize("NFKC", ch)
    return (n if len(n) == 1 else ch).upper()


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    evaluation: dict


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    dimension: str
    unit: str
    count_of: str | None
    phrases: tuple[str, ...]
    not_: tuple[str, ...]
    measures: frozenset[str]
    definition: str
    source: str
    note: str | None
    compare: str = "statistic"  # or "programme": the outputs of a campaign (走访企业, 解决问题)


@dataclass(frozen=True)
class Span:
    """A figure in a sentence: its offsets (into the sentence), its unit dimension and measure."""

    start: int
    end: int
    unit: str | None = None
    measure: str | None = None


@dataclass
class _Match:
    indicator: str
    phrase: str
    start: int
    end: int


@dataclass
class Result:
    indicator: str | None
    why: str
    candidates: list = field(default_factory=list)


def unit_dimension(kind: str, unit: str | None) -> str | None:
    """The catalogue's unit dimension of an extracted figure."""
    if kind == "count":
        if unit in ("天", "小时", "工作日", "个月", "年"):
            return "duration"  # 优良天数312天: a count of days is a duration's dimension
        return "person_times" if unit == "人次" else "count"
    if kind in ("rank", "rank_change"):
        return "rank"
    if kind == "multiple":
        return "percent"
    return kind if kind in UNITS else None


class Catalogue:
    """The indicators and dimensions, with the matcher built on first use (and not pickled: a worker
    process builds its own)."""

    def __init__(self, dimensions: list[Dimension], indicators: list[Indicator], source: str = ""):
        self.dimensions = dimensions
        self.indicators = {i.id: i for i in indicators}
        self.source = source
        text = json.dumps([[d.id, d.label, d.evaluation] for d in dimensions]
                          + [[i.id, i.label, i.dimension, i.unit, i.phrases, i.not_, sorted(i.measures)]
                             for i in indicators], ensure_ascii=False, sort_keys=True, default=str)
        self.fingerprint = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        self._automaton = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_automaton"] = None
        return state

    def __eq__(self, other):
        return isinstance(other, Catalogue) and other.fingerprint == self.fingerprint

    def __hash__(self):
        return hash(self.fingerprint)

    def _matcher(self):
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for ind in self.indicators.values():
                for phrase in ind.phrases:
                    key = "".join(normalize_char(c) for c in phrase if c not in QUOTES and not c.isspace())
                    automaton.add_word(key, (key, ind.id))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def occurrences(self, text: str) -> list[_Match]:
        """Every phrase occurrence in a normalised text, overlapping ones included."""
        if not text:
            return []
        return [_Match(ind, phrase, end + 1 - len(phrase), end + 1)
                for end, (phrase, ind) in self._matcher().iter(text)]

    # ------------------------------------------------------------ the rule
    def resolve(self, text: str, fig: Span, figs: list[Span]) -> Result:
        """The indicator of the figure `fig` in `text` (a sentence, normalised: normalize_text), among the
        sentence's figures `figs` (fig included)."""
        every = self.occurrences(text)

        def bounds(i: int, breaks: re.Pattern) -> tuple[int, int]:
            lo = max((m.end() for m in breaks.finditer(text, 0, i)), default=0)
            m = breaks.search(text, i)
            return lo, (m.start() if m else len(text))

        def c_bounds(i: int) -> tuple[int, int]:
            return bounds(i, CLAUSE_CUT)

        def kept(lo: int, hi: int, scope_end: int) -> list[_Match]:
            out = []
            for m in every:
                if m.start < lo or m.end > hi:
                    continue
                c_lo = c_bounds(m.start)[0]
                if any(n in text[c_lo:scope_end] for n in self.indicators[m.indicator].not_):
                    continue
                if DENOMINATOR.search(text[c_lo:m.start]):
                    continue
                out.append(m)
            return out

        def pick(found: list[_Match], where: str) -> Result:
            fitting = [m for m in found if self.takes(self.indicators[m.indicator], fig.unit, fig.measure)]
            if not fitting:
                return Result(None, f"no phrase takes unit {fig.unit} ({fig.measure})", found)
            best = max(fitting, key=lambda m: (len(m.phrase), m.end, -m.start))
            return Result(best.indicator, f"{best.phrase!r} {where}", found)

        s_lo, _ = bounds(fig.start, SENTENCE_BREAK)
        c_lo, c_hi = c_bounds(fig.start)
        g_lo, g_hi = bounds(fig.start, CLAUSE_BREAK)  # the 、-item holding the figure
        clause = text[c_lo:c_hi]
        if "分别" in clause:
            return Result(None, "分别: figures paired with items by position")
        prev_end = max((f.end for f in figs if g_lo <= f.end <= fig.start), default=g_lo)
        stops = [f.start for f in figs if fig.end <= f.start < g_hi]
        stops += [fig.end + m.start() for m in DATE_RE.finditer(text[fig.end:g_hi])]
        nxt = min(stops, default=g_hi)
        forward = text[fig.end:nxt]
        if not _bare(forward):
            found = kept(fig.end, nxt, c_hi)  # 组建48支先锋团队: the phrase follows the figure
            if found:
                return pick(found, f"after the figure, in {forward!r}")
        before = text[prev_end:fig.start]
        if before.endswith("中"):
            return Result(None, f"a part of what precedes ({before!r}: …中N个)")
        found = kept(prev_end, fig.start, c_hi)
        if found:
            return pick(found, f"in {before!r}")
        if not _bare(forward):
            return Result(None, f"no phrase before the figure, nor in {forward!r} after it")
        item = text[g_lo:fig.start]
        if _bare(text[prev_end:fig.start]) or "等" in item:
            found = kept(c_lo, fig.start, c_hi)  # 全国22位、全省第5位 · 从1万多家增长到3万多家
            if found:
                return pick(found, f"in the clause {text[c_lo:fig.start]!r}")
        if clause.startswith(BREAKDOWN):
            return Result(None, "a breakdown (其中…) with no phrase of its own")
        lead = _without(text, c_lo, fig.start, figs)
        if fig.unit == "rank":
            lead = RANK_VERB.split(lead)[-1]  # 我区排名第36位: the subject before the verb
        if not _bare(lead):
            return Result(None, f"no phrase in {text[c_lo:fig.start]!r}")
        hi = c_lo - 1  # a bare clause (总数达到72家, 增长14%) takes the phrase of an earlier clause
        while hi > s_lo:
            lo, _ = c_bounds(hi - 1)
            found = kept(lo, hi, c_hi)
            if found:
                return pick(found, f"inherited from {text[lo:hi]!r}")
            if any(lo <= f.start < hi for f in figs) and not _bare(_without(text, lo, hi, figs)):
                return Result(None, f"clause {text[lo:hi]!r} has a figure of its own, no phrase")
            hi = lo - 1
        return Result(None, "no phrase")

    @staticmethod
    def takes(ind: Indicator, unit: str | None, measure: str | None) -> bool:
        """Whether an indicator can hold a figure of this unit dimension and measure. An indicator that
        is itself a ratio or a per-unit amount (研发经费投入强度, 亩均税收, 每万人发明专利) takes its share or
        per-unit figures as its level."""
        if measure == "per_unit" and "per_unit" not in ind.measures:
            measure = "level"
        if measure == "share" and ind.unit == "percent" and "share" not in ind.measures:
            measure = "level"
        if measure is not None and measure not in ind.measures:
            return False
        if unit is None or unit == ind.unit:
            return True
        if unit == "percent":
            return measure in ("growth", "share", "change")
        if unit == "rank":
            return measure in ("rank", "change") and "rank" in ind.measures
        return False


def _without(text: str, lo: int, hi: int, figs: list[Span]) -> str:
    out, i = [], lo
    for f in figs:
        if lo <= f.start < hi:
            out.append(text[i:f.start])
            i = f.end
    out.append(text[i:hi])
    return "".join(out)


def _bare(s: str) -> bool:
    """Only connectives (总数达到, 同比增长（下同）, 全省第, 总投资): no metric of its own."""
    return LINK.fullmatch(s) is not None


class _Normalized(dict):
    """str.translate's table: each character's normalize_char, computed the first time it is met."""

    def __missing__(self, code: int) -> str:
        self[code] = found = normalize_char(chr(code))
        return found


_NORMALIZED = _Normalized()
_DROPPED = re.compile("[" + re.escape("".join(sorted(QUOTES))) + r"\s]")  # QUOTES and spaces (a line break stays: below)


def normalize_text(text: str) -> tuple[str, list[int]]:
    """The text as the phrases are written (NFKC per character, Latin upper-cased, quote marks and
    spaces out, line breaks kept), and for each of its characters the offset it came from."""
    if not _DROPPED.search(text):  # most sentences: one character for one
        return text.translate(_NORMALIZED), list(range(len(text)))
    where = [i for i, ch in enumerate(text) if not (ch in QUOTES or (ch.isspace() and ch != "\n"))]
    return "".join(text[i] for i in where).translate(_NORMALIZED), where


def assign(catalogue: Catalogue, sentence: str, figures: list[tuple[int, int, str | None, str | None]]) -> list[Result]:
    """The indicator of each figure of one sentence: `figures` are (start, end, unit dimension,
    measure), offsets into `sentence`."""
    from bisect import bisect_left

    text, where = normalize_text(sentence)
    spans = []
    for start, end, unit, measure in figures:
        a, b = bisect_left(where, start), bisect_left(where, end)
        spans.append(Span(a, max(a, b), unit, measure))
    return [catalogue.resolve(text, s, spans) for s in spans]


# ---------------------------------------------------------------- loading
def _problems_of(data, where: str) -> list[str]:
    """Every problem of a catalogue's data, one line each."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return [f"{where}: expected a mapping with dimensions and indicators"]
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"{where}: unknown field {key!r}; valid: {', '.join(TOP_KEYS)}")
    if data.get("version", 1) != 1:
        problems.append(f"{where}: version must be 1")
    dims = data.get("dimensions") or []
    if not isinstance(dims, list):
        problems.append(f"{where}: dimensions must be a list")
        dims = []
    dim_ids = []
    for n, d in enumerate(dims, 1):
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not ID_RE.match(d["id"]):
            problems.append(f"{where}: dimension {n}: needs an id (ASCII, lower case)")
            continue
        if not isinstance(d.get("label"), str) or not d["label"].strip():
            problems.append(f"{where}: dimension {d['id']}: needs a label")
        if not isinstance(d.get("evaluation", {}), dict):
            problems.append(f"{where}: dimension {d['id']}: evaluation must be a mapping")
        dim_ids.append(d["id"])
    inds = data.get("indicators") or []
    if not isinstance(inds, list):
        return problems + [f"{where}: indicators must be a list"]
    for n, raw in enumerate(inds, 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not ID_RE.match(raw["id"]):
            problems.append(f"{where}: indicator {n}: needs an id (ASCII, lower case)")
            continue
        at = f"{where}: indicator {raw['id']}"
        for key in raw:
            if key not in INDICATOR_KEYS:
                problems.append(f"{at}: unknown field {key!r}; valid: {', '.join(INDICATOR_KEYS)}")
        for key in ("label", "dimension", "unit"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problems.append(f"{at}: needs {key}")
        if isinstance(raw.get("unit"), str) and raw["unit"] not in UNITS:
            problems.append(f"{at}: unit {raw['unit']!r} is none of: {', '.join(UNITS)}")
        measures = raw.get("measures")
        if not isinstance(measures, list) or not measures or not all(m in MEASURES for m in measures):
            problems.append(f"{at}: measures must list some of: {', '.join(MEASURES)}")
        phrases = raw.get("phrases")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            problems.append(f"{at}: needs phrases (a list of what texts write)")
        if not isinstance(raw.get("not", []), list):
            problems.append(f"{at}: not must be a list")
        if raw.get("compare", "statistic") not in COMPARE:
            problems.append(f"{at}: compare must be one of: {', '.join(COMPARE)}")
    return problems


def _merge(base: dict, override: dict) -> dict:
    """`extends: default`: the built-in catalogue, with the override's dimensions and indicators added
    or replacing those of the same id, and those listed in `remove` taken out."""
    removed = set(override.get("remove") or [])
    dims = {d["id"]: d for d in base.get("dimensions") or [] if isinstance(d, dict) and "id" in d}
    for d in override.get("dimensions") or []:
        if isinstance(d, dict) and "id" in d:
            dims[d["id"]] = d
    inds = {i["id"]: i for i in base.get("indicators") or [] if isinstance(i, dict) and "id" in i}
    for i in override.get("indicators") or []:
        if isinstance(i, dict) and "id" in i:
            inds[i["id"]] = i
    return {"version": 1, "dimensions": list(dims.values()),
            "indicators": [i for k, i in inds.items() if k not in removed]}


MAX_BYTES = 8 << 20  # a catalogue is some hundred KB; more is not a catalogue


def _read(path: Path):
    """A catalogue's data: a regular file, read as UTF-8 YAML without aliases (read/yamlsafe.py)."""
    import yaml

    from zoneprofile.read.files import read_regular
    from zoneprofile.read.yamlsafe import load_yaml, yaml_problem, yaml_where

    try:
        text = read_regular(path, MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read it as UTF-8 text ({exc.__class__.__name__})"]) from None
    try:
        data, twice = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError([f"{yaml_where(path, exc)}: not valid YAML ({yaml_problem(exc)})"]) from None
    if twice:
        raise ConfigError([f"{path}:{line}: field {key!r} is given twice; keep one" for key, line in twice])
    return data


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue at `path` (a user's indicators.yaml, which may extend the built-in one), else the
    built-in. Every problem is reported together (ConfigError)."""
    from zoneprofile.read.builtin import builtin_templates_dir

    builtin = builtin_templates_dir() / "indicators.yaml"
    path = Path(path) if path is not None else builtin
    data = _read(path)
    if isinstance(data, dict) and data.get("extends") is not None:
        if data["extends"] not in ("default", "default:indicators.yaml"):
            raise ConfigError([f"{path}: extends must be 'default' (the built-in catalogue), not {data['extends']!r}"])
        data = _merge(_read(builtin), data)
    problems = _problems_of(data, str(path))
    if problems:
        raise ConfigError(problems)
    dims = [Dimension(d["id"], d["label"], dict(d.get("evaluation") or {})) for d in data.get("dimensions") or []]
    known = {d.id for d in dims}
    inds, owner = [], {}
    for raw in data.get("indicators") or []:
        if raw["dimension"] not in known:
            problems.append(f"{path}: indicator {raw['id']}: unknown dimension {raw['dimension']!r}; "
                            f"valid: {', '.join(sorted(known))}")
        if raw["id"] in {i.id for i in inds}:
            problems.append(f"{path}: indicator {raw['id']}: given twice")
        for p in raw["phrases"]:
            if p in owner and owner[p] != raw["id"]:
                problems.append(f"{path}: indicator {raw['id']}: phrase {p!r} is claimed by {owner[p]} too")
            owner.setdefault(p, raw["id"])
        inds.append(Indicator(raw["id"], raw["label"], raw["dimension"], raw["unit"], raw.get("count_of"),
                              tuple(raw["phrases"]), tuple(_norm(n) for n in raw.get("not") or []),
                              frozenset(raw["measures"]), raw.get("definition") or "", raw.get("source") or "",
                              raw.get("note"), raw.get("compare") or "statistic"))
    if problems:
        raise ConfigError(problems)
    return Catalogue(dims, inds, str(path))


def _norm(phrase: str) -> str:
    return normalize_text(phrase)[0]


@lru_cache(maxsize=4)
def default_catalogue() -> Catalogue:
    return load_catalogue(None)


def catalogue_for(templates_dir: str | Path | None) -> Catalogue:
    """The catalogue a run uses: indicators.yaml in the user's templates folder if there is one (it
    wins, as a template does), else the built-in."""
    if templates_dir is not None:
        folder = Path(templates_dir)
        user = folder / "indicators.yaml"
        if user.exists() or user.is_symlink():
            if not user.resolve().is_relative_to(folder.resolve()):
                raise ConfigError([f"{user}: a link out of the templates folder; templates (and the catalogue) are "
                                   "read only from inside it"])
            return load_catalogue(user)
    return default_catalogue()
