"""Score the comparison against a hand-made alignment gold: the rows an analyst would align, the
tempting pairs that must stay apart, and each document's data year.

The gold is JSON Lines (a file, or every *.jsonl of a folder, one file per group of zones compared);
each record has a `type` (format: tests/gold/alignment/README.md):

    {"type": "year", "doc": "002_x.txt", "year": 2013, "why": "…"}
    {"type": "row", "label": "…", "measure": "growth", "outlook": "result",
     "cells": [{"zone": "a", "doc": "…", "anchor": "地区生产总值增长13.6%", "text": "13.6%"}, …]}
    {"type": "apart", "cells": [{…}, {…}], "why": "总产值 vs 增加值"}
    {"type": "single", "zone": "a", "cells": [{…}], "why": "…"}

A cell is a figure: the unique `anchor` string in its document, and the figure's `text` inside it.

Scores, per group (the zones of a file) and in total:
- row recall: of the gold rows, those the brief aligns: one of its rows holds, for every two zones of
  the gold row, a figure of each that the gold row lists;
- wrong rows: of the brief's aligned rows, those that put side by side two figures the gold keeps
  apart (an `apart` pair), or two figures the gold knows (in any record) but puts on no common row;
- rows the gold cannot judge (a figure it does not list), counted apart;
- data year per document: the brief's (its sources list) against the gold's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from zoneprofile.errors import ConfigError


@dataclass
class Cell:
    zone: str | None
    doc: str
    start: int
    end: int
    text: str


@dataclass
class Group:
    """One file of the gold: a group of zones compared in one brief."""

    name: str
    years: dict[str, int | None] = field(default_factory=dict)
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    apart: list[tuple[Cell, Cell]] = field(default_factory=list)
    known: list[Cell] = field(default_factory=list)

    @property
    def zones(self) -> list[str]:
        seen: dict[str, None] = {}
        for _, cells in self.rows:
            for c in cells:
                if c.zone:
                    seen[c.zone] = None
        for c in self.known:
            if c.zone:
                seen[c.zone] = None
        return list(seen)


def load_alignment_gold(path: str | Path, texts: dict[str, str]) -> list[Group]:
    """The groups of an alignment gold file or folder; `texts` maps document names to their text
    (the corpus read), to find each cell's anchor. Every problem is reported together."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    problems: list[str] = []
    groups = []
    for f in files:
        group = Group(f.stem)
        for n, line in enumerate(f.read_text(encoding="utf-8-sig").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{f}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc.msg})")
                continue
            kind = rec.get("type") if isinstance(rec, dict) else None
            if kind == "year":
                group.years[rec.get("doc")] = rec.get("year")
                continue
            if kind not in ("row", "apart", "single"):
                problems.append(f"{where}: expected a record of type year, row, apart or single")
                continue
            cells = []
            for c in rec.get("cells") or []:
                cell = _cell(c, texts, where, problems)
                if cell is not None:
                    cells.append(cell)
            group.known += cells
            if kind == "row":
                group.rows.append((rec.get("label") or rec.get("id") or where, cells))
            elif kind == "apart" and len(cells) == 2:
                group.apart.append((cells[0], cells[1]))
        groups.append(group)
    if problems:
        raise ConfigError(problems)
    return groups


def _cell(c: dict, texts: dict[str, str], where: str, problems: list[str]) -> Cell | None:
    doc, anchor, text = c.get("doc"), c.get("anchor"), c.get("text")
    body = texts.get(doc)
    if body is None:
        problems.append(f"{where}: document {doc!r} is not in the corpus")
        return None
    at = body.find(anchor or "\0")
    if at < 0 or body.find(anchor, at + 1) >= 0 or text not in anchor:
        problems.append(f"{where}: anchor {anchor!r} is not found once in {doc}, or does not hold {text!r}")
        return None
    start = at + anchor.index(text)
    return Cell(c.get("zone"), doc, start, start + len(text), text)


def _same(a: Cell, doc: str, start: int, end: int) -> bool:
    return a.doc == doc and a.start < end and start < a.end


@dataclass
class GroupScore:
    name: str
    zones: list[str]
    gold_rows: int = 0
    recalled: int = 0
    brief_rows: int = 0
    wrong: int = 0
    unjudged: int = 0
    missed: list[str] = field(default_factory=list)
    wrong_rows: list[str] = field(default_factory=list)
    years: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # doc, gold, brief


def score_group(group: Group, rows: list[dict], doc_years: dict[str, int | None]) -> GroupScore:
    """`rows`: the brief's aligned rows, each {"label": str, "cells": {zone: [(doc, start, end, display)]}}."""
    out = GroupScore(group.name, group.zones, gold_rows=len(group.rows))

    def where(cell: tuple) -> list[int]:
        """The gold rows a brief figure is in."""
        return [i for i, (_, cells) in enumerate(group.rows) if any(_same(c, *cell[:3]) for c in cells)]

    def known(cell: tuple) -> bool:
        return any(_same(c, *cell[:3]) for c in group.known)

    for i, (label, cells) in enumerate(group.rows):
        zones = sorted({c.zone for c in cells if c.zone})
        ok = any(all(any(any(_same(c, *f[:3]) for c in cells if c.zone == z) for f in row["cells"].get(z, []))
                     for z in zones) for row in rows)
        out.recalled += ok
        if not ok:
            out.missed.append(label)
    for row in rows:
        zones = [z for z, fs in row["cells"].items() if fs]
        if len(zones) < 2:
            continue
        out.brief_rows += 1
        bad, unknown = [], False
        for z1, z2 in combinations(zones, 2):
            for f1 in row["cells"][z1]:
                for f2 in row["cells"][z2]:
                    if any((_same(a, *f1[:3]) and _same(b, *f2[:3])) or (_same(a, *f2[:3]) and _same(b, *f1[:3]))
                           for a, b in group.apart):
                        bad.append(f"{f1[3]} / {f2[3]} (kept apart)")
                    elif known(f1) and known(f2):
                        if not set(where(f1)) & set(where(f2)):
                            bad.append(f"{f1[3]} / {f2[3]} (on no common row)")
                    else:
                        unknown = True
        if bad:
            out.wrong += 1
            out.wrong_rows.append(f"{row['label']}: {'; '.join(bad[:3])}")
        elif unknown:
            out.unjudged += 1
    for doc, year in sorted(group.years.items()):
        out.years.append((doc, year, doc_years.get(doc)))
    return out


def brief_rows(context) -> list[dict]:
    """A brief context's aligned rows as score_group takes them."""
    out = []
    for section in context.dimensions:
        for row in section.rows:
            label = f"{row.label}·{row.measure_label}" + (f"·{row.outlook}" if row.outlook else "")
            out.append({"label": label, "cells": {z: [(f.doc, f.start, f.end, f.display) for f in fs]
                                                  for z, fs in row.cells.items()}})
    return out


def format_scores(scores: list[GroupScore], details: bool = False) -> str:
    lines = [f"{'group':<16} {'zones':>5} {'gold rows':>9} {'aligned':>8} {'recall':>7} "
             f"{'brief rows':>10} {'wrong':>6} {'unjudged':>9}"]
    total = GroupScore("all", [])
    for s in scores:
        recall = s.recalled / s.gold_rows if s.gold_rows else 1.0
        lines.append(f"{s.name:<16} {len(s.zones):>5} {s.gold_rows:>9} {s.recalled:>8} {recall:>7.3f} "
                     f"{s.brief_rows:>10} {s.wrong:>6} {s.unjudged:>9}")
        for k in ("gold_rows", "recalled", "brief_rows", "wrong", "unjudged"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        total.years += s.years
    recall = total.recalled / total.gold_rows if total.gold_rows else 1.0
    lines.append(f"{'all':<16} {'':>5} {total.gold_rows:>9} {total.recalled:>8} {recall:>7.3f} "
                 f"{total.brief_rows:>10} {total.wrong:>6} {total.unjudged:>9}")
    judged = total.brief_rows - total.unjudged
    lines.append(f"wrong rows: {total.wrong} of {total.brief_rows} aligned rows"
                 + (f" ({total.wrong / judged:.3f} of the {judged} the gold can judge)" if judged else ""))
    right = sum(1 for _, g, b in total.years if g == b)
    lines.append(f"data year right: {right} of {len(total.years)} documents")
    for doc, gold, brief in total.years:
        if gold != brief or details:
            lines.append(f"  {'ok   ' if gold == brief else 'WRONG'} {doc}: gold {gold}, brief {brief}")
    if details:
        for s in scores:
            for label in s.missed:
                lines.append(f"  missed [{s.name}] {label}")
            for text in s.wrong_rows:
                lines.append(f"  wrong  [{s.name}] {text}")
    return "\n".join(lines)


def is_alignment_gold(path: str | Path) -> bool:
    """Whether a gold file (or the first file of a folder) holds alignment records (with a `type`)."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for f in files:
        try:
            for line in f.read_text(encoding="utf-8-sig").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    return isinstance(rec, dict) and "type" in rec
        except (OSError, ValueError):
            return False
    return False
