"""Score an extraction against a gold file: precision and recall per kind and per field.

Gold is JSONL (one file, or every *.jsonl in a folder) with the fields of the
`extract` contract that matter: doc, start, end, text, kind, and for quantities
value, unit, qualifier, zone, metric, period.

Matching: a predicted fact and a gold fact match when they are in the same
document, of the same family (quantity or entity), and their spans overlap; each
is used once. A quantity is *right* when its kind, value, unit, qualifier and zone all
agree (a unit in either script: 個 is 个); an entity when its kind agrees. Field
accuracy is over matched pairs. A metric agrees when the two phrases share more than
half their characters or one contains the other. A rank's `of` (the size of its field)
and `ranking` (the list: the gold's `list`) are scored over the matched pairs whose
gold gives them, the ranking as leniently as a metric. Gold mentions inside bylines and photo credits are left out:
those are document metadata, not facts.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zoneprofile.errors import ZoneprofileError
from zoneprofile.extract.record import ENTITY_KINDS, QUANTITY_KINDS

QUANTITY_FIELDS = ("value", "unit", "qualifier", "zone", "metric", "period")
# fields a gold record may leave out, scored only over the matched pairs whose gold gives them: a rank's
# field size (`of`) and the list it belongs to (the gold's `list`, the fact's `ranking`)
RANK_FIELDS = {"of": "of", "ranking": "list"}


def load_gold(path: str | Path) -> list[dict]:
    """The gold records of a JSONL file or a folder of them; every bad line is reported together."""
    from zoneprofile.errors import ConfigError

    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ZoneprofileError(f"{path}: no gold file (*.jsonl) found")
    gold = []
    problems: list[str] = []
    for f in files:
        try:
            text = f.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{f}: cannot read it as UTF-8 ({exc})")
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{f}:{n}: not JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict):
                problems.append(f"{f}:{n}: expected an object with doc, start, end, kind")
                continue
            missing = [k for k in ("doc", "start", "end", "kind") if k not in rec]
            if missing:
                problems.append(f"{f}:{n}: missing field {', '.join(map(repr, missing))}")
                continue
            if not all(isinstance(rec[k], int) and not isinstance(rec[k], bool) for k in ("start", "end")):
                problems.append(f"{f}:{n}: fields 'start' and 'end' must be whole numbers")
                continue
            gold.append(rec)
    if problems:
        raise ConfigError(problems)
    return gold


def _family(kind: str) -> str:
    return "quantity" if kind in QUANTITY_KINDS else "entity" if kind in ENTITY_KINDS else kind


def _null(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def same_value(a, b) -> bool:
    if _null(a) or _null(b):
        return _null(a) and _null(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def same_metric(a, b) -> bool:
    """Two phrases agree when one contains the other or they share more than half their characters, read in
    simplified characters (the tool's metrics are simplified; a gold may keep a traditional text's script)."""
    from zoneprofile.lang.script import simplified

    if _null(a) or _null(b):
        return _null(a) and _null(b)
    a, b = simplified(str(a)), simplified(str(b))
    if a in b or b in a:
        return True
    ca, cb = set(a), set(b)
    return len(ca & cb) / len(ca | cb) > 0.5


def same_unit(a, b) -> bool:
    """個 is 个: a unit is compared in simplified characters (the tool gives units simplified)."""
    from zoneprofile.lang.script import simplified

    if _null(a) or _null(b):
        return _null(a) and _null(b)
    return a == b or simplified(str(a)) == simplified(str(b))


def _same(field_name: str, a, b) -> bool:
    if field_name == "value" or field_name == "of":
        return same_value(a, b)
    if field_name in ("metric", "ranking"):
        return same_metric(a, b)
    if field_name == "unit":
        return same_unit(a, b)
    if field_name == "period" and not (_null(a) or _null(b)):
        return same_unit(a, b)  # 去年 is 去年 in either script
    return (_null(a) and _null(b)) or a == b


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    right: int = 0  # matched and correct

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0


@dataclass
class Report:
    by_kind: dict[str, Score] = field(default_factory=dict)
    by_family: dict[str, Score] = field(default_factory=dict)
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # field → (agree, matched)
    misses: list[dict] = field(default_factory=list)  # gold not found or wrong
    extras: list[dict] = field(default_factory=list)  # predicted with no gold
    wrong: list[tuple[dict, dict, list[str]]] = field(default_factory=list)
    # matched quantities right in value, unit, qualifier and zone whose metric or period differs
    differ: list[tuple[dict, dict, list[str]]] = field(default_factory=list)
    excluded: int = 0


def _correct(pred: dict, gold: dict) -> list[str]:
    """The fields that disagree (empty when the fact is right)."""
    if _family(gold["kind"]) == "entity":
        return [] if pred["kind"] == gold["kind"] else ["kind"]
    return [f for f in ("kind", "value", "unit", "qualifier", "zone") if not _same(f, pred.get(f), gold.get(f))]


def evaluate(predicted: pd.DataFrame, gold: list[dict], metadata_spans: dict[str, list[tuple[int, int]]]
             | None = None) -> Report:
    from zoneprofile.store.facts import records

    report = Report()
    metadata_spans = metadata_spans or {}

    def in_metadata(rec):
        return any(s <= rec["start"] < e for s, e in metadata_spans.get(rec["doc"], []))

    kept = [g for g in gold if not in_metadata(g)]
    report.excluded = len(gold) - len(kept)
    preds = [p for p in records(predicted) if p["doc"] in {g["doc"] for g in gold}]
    used: set[int] = set()
    pairs: list[tuple[dict, dict]] = []
    for g in sorted(kept, key=lambda r: (r["doc"], r["start"])):
        candidates = [(i, p) for i, p in enumerate(preds) if i not in used and p["doc"] == g["doc"]
                      and _family(p["kind"]) == _family(g["kind"]) and p["start"] < g["end"] and g["start"] < p["end"]]
        if not candidates:
            report.misses.append(g)
            continue
        # the best overlap first: the same kind, then the longest shared span
        i, p = max(candidates, key=lambda c: (c[1]["kind"] == g["kind"],
                                              min(c[1]["end"], g["end"]) - max(c[1]["start"], g["start"])))
        used.add(i)
        pairs.append((p, g))
    report.extras = [p for i, p in enumerate(preds) if i not in used]

    def score(key_of):
        scores: dict[str, Score] = {}
        for g in kept:
            scores.setdefault(key_of(g["kind"]), Score()).gold += 1
        for p in preds:
            scores.setdefault(key_of(p["kind"]), Score()).predicted += 1
        for p, g in pairs:
            if not _correct(p, g):
                scores[key_of(g["kind"])].right += 1
        return scores

    report.by_kind = score(lambda k: k)
    report.by_family = score(_family)
    for p, g in pairs:
        bad = _correct(p, g)
        if bad:
            report.wrong.append((p, g, bad))
        if _family(g["kind"]) == "quantity":
            for f in QUANTITY_FIELDS:
                agree, total = report.fields.get(f, (0, 0))
                report.fields[f] = (agree + _same(f, p.get(f), g.get(f)), total + 1)
            for f, gold_name in RANK_FIELDS.items():
                wanted = g.get(gold_name, g.get(f))
                if not _null(wanted):
                    agree, total = report.fields.get(f, (0, 0))
                    report.fields[f] = (agree + _same(f, p.get(f), wanted), total + 1)
            soft = [f for f in ("metric", "period") if not _same(f, p.get(f), g.get(f))]
            if soft and not bad:
                report.differ.append((p, g, soft))
    return report


def format_report(report: Report, details: bool = False) -> str:
    lines = ["family / kind     gold  pred  right  precision  recall"]
    for name, s in [*report.by_family.items(), ("", None), *sorted(report.by_kind.items())]:
        if s is None:
            lines.append("")
            continue
        lines.append(f"{name:<16} {s.gold:>5} {s.predicted:>5} {s.right:>6}  {s.precision:>9.3f}  {s.recall:>6.3f}")
    lines += ["", "quantity field    agree / matched  accuracy"]
    for f, (agree, total) in report.fields.items():
        lines.append(f"{f:<16} {agree:>6} / {total:<7}  {agree / total if total else 1:>8.3f}")
    if report.excluded:
        lines.append(f"\n{report.excluded} gold mentions in bylines and photo credits left out (document metadata)")
    if details:
        lines.append("\nmissed (gold not found):")
        lines += [f"  {g['doc']}:{g['start']} {g['kind']} {g.get('text', '')}" for g in report.misses]
        lines.append("wrong (matched, fields differ):")
        lines += [f"  {g['doc']}:{g['start']} {g.get('text', '')} {bad}: predicted "
                  f"{ {f: p.get(f) for f in bad} } gold { {f: g.get(f) for f in bad} }" for p, g, bad in report.wrong]
        lines.append("right, but metric or period differs:")
        lines += [f"  {g['doc']}:{g['start']} {g.get('text', '')} "
                  + "; ".join(f"{f} predicted {p.get(f)!r} gold {g.get(f)!r}" for f in soft)
                  for p, g, soft in report.differ]
        lines.append("extra (predicted, no gold):")
        lines += [f"  {p['doc']}:{p['start']} {p['kind']} {p['text']}" for p in report.extras]
    return "\n".join(lines)


def metadata_spans(docs: list) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of bylines and photo credits (metadata, not facts)."""
    from zoneprofile.lang.script import simplified
    from zoneprofile.read.segment import paragraphs
    from zoneprofile.read.structure import BYLINE, CREDIT, analyse

    out = {}
    for d in docs:
        text = simplified(d.text)  # 記者張誼 is a byline as 记者张谊 is
        structure = analyse(text, paragraphs(text))
        out[d.doc] = [(b.start, b.end) for b in structure.blocks if b.role in (BYLINE, CREDIT)]
    return out

