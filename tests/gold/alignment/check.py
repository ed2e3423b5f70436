"""Check an alignment gold file (JSON Lines; format in tests/gold/alignment/README.md).

    python tests/gold/alignment/check.py                      # both known files
    python tests/gold/alignment/check.py FILE [--texts DIR] [--gold QUANTITIES.jsonl]

Errors (exit status 1): a record of unknown type or missing fields, a measure/outlook outside
the lists, a row with cells of fewer than two zones, a duplicate row id, a document without
exactly one `year` record, an anchor missing or not unique in its document, a cell `text` not
inside its anchor.

Reported, not errors (they may reveal gaps in the quantity gold, which this script never edits):
cells whose span overlaps no figure of the quantity gold (same doc), cells whose overlapping
figure has another surface, and cells whose zone differs from the quantity gold's zone
(the alignment gold gives company/group figures outside the zone `null`; the older quantity
gold gives every figure the article's zone).
"""
import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
KNOWN = {
    ROOT / "tests/gold/alignment/seeds.jsonl": (ROOT / "seeds", ROOT / "tests/gold/quantities.jsonl"),
    ROOT / "tests/other_zones/gold/alignment/jiangsu_2011.jsonl": (
        ROOT / "tests/other_zones/texts", ROOT / "tests/other_zones/gold/quantities.jsonl"),
}
MEASURES = {"level", "growth", "share", "rank", "change", "per_unit"}
OUTLOOKS = {"result", "target", "forecast"}


def defaults_for(path):
    """Texts dir and quantity gold for an alignment file: seeds unless under tests/other_zones."""
    path = path.resolve()
    if path in KNOWN:
        return KNOWN[path]
    if "other_zones" in path.parts:
        return KNOWN[ROOT / "tests/other_zones/gold/alignment/jiangsu_2011.jsonl"]
    return KNOWN[ROOT / "tests/gold/alignment/seeds.jsonl"]


def check(path, texts_dir, gold_path):
    errors, notes = [], []
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {}

    def text_of(doc):
        if doc not in texts:
            p = texts_dir / doc
            texts[doc] = p.read_text(encoding="utf-8") if p.exists() else None
        return texts[doc]

    years, ids, docs_used = {}, set(), set()
    counts = {"year": 0, "row": 0, "apart": 0, "single": 0, "cells": 0, "matched": 0}

    def check_cell(where, cell):
        counts["cells"] += 1
        for key in ("zone", "doc", "anchor", "text"):
            if key not in cell:
                errors.append(f"{where}: cell without {key}: {cell}")
                return
        doc, anchor, surface = cell["doc"], cell["anchor"], cell["text"]
        docs_used.add(doc)
        text = text_of(doc)
        if text is None:
            errors.append(f"{where}: no such document {doc}")
            return
        n = text.count(anchor)
        if n != 1:
            errors.append(f"{where}: anchor {anchor!r} occurs {n} times in {doc}")
            return
        if surface not in anchor:
            errors.append(f"{where}: text {surface!r} not inside anchor {anchor!r}")
            return
        start = text.index(anchor) + anchor.index(surface)
        end = start + len(surface)
        hits = [g for g in gold if g["doc"] == doc and g["start"] < end and start < g["end"]]
        if not hits:
            notes.append(f"NO GOLD FIGURE  {where}: {doc} [{start}:{end}] {surface!r} (anchor {anchor!r})")
            return
        counts["matched"] += 1
        if not any(g["start"] == start and g["end"] == end for g in hits):
            notes.append(f"other surface   {where}: {surface!r} vs gold {[g['text'] for g in hits]}")
        if not any(g["zone"] == cell["zone"] for g in hits):
            notes.append(f"zone differs    {where}: {surface!r} cell zone {cell['zone']} vs gold "
                         f"{[g['zone'] for g in hits]} (subject {cell.get('subject')})")

    for i, rec in enumerate(records, 1):
        kind = rec.get("type")
        where = f"{path.name}:{i} ({kind}{' ' + rec['id'] if 'id' in rec else ''})"
        if kind not in ("year", "row", "apart", "single"):
            errors.append(f"{where}: unknown type")
            continue
        counts[kind] += 1
        if kind == "year":
            if not isinstance(rec.get("year"), int) or not rec.get("why") or "doc" not in rec:
                errors.append(f"{where}: a year record needs doc, int year, why")
            if rec.get("doc") in years:
                errors.append(f"{where}: second year record for {rec.get('doc')}")
            years[rec.get("doc")] = rec.get("year")
            if text_of(rec.get("doc")) is None:
                errors.append(f"{where}: no such document {rec.get('doc')}")
            continue
        cells = rec.get("cells") or []
        if not cells:
            errors.append(f"{where}: no cells")
        for j, cell in enumerate(cells):
            check_cell(f"{where} cell {j}", cell)
        if kind in ("row", "single"):
            for key in ("label", "measure", "outlook"):
                if not rec.get(key):
                    errors.append(f"{where}: missing {key}")
            if rec.get("measure") not in MEASURES:
                errors.append(f"{where}: measure {rec.get('measure')!r}")
            if rec.get("outlook") not in OUTLOOKS:
                errors.append(f"{where}: outlook {rec.get('outlook')!r}")
        if kind == "row":
            if not rec.get("id"):
                errors.append(f"{where}: row without id")
            elif rec["id"] in ids:
                errors.append(f"{where}: duplicate id")
            ids.add(rec.get("id"))
            zones = {c.get("zone") for c in cells if c.get("zone")}
            if len(zones) < 2:
                errors.append(f"{where}: a row needs cells of at least two zones, has {sorted(zones)}")
        if kind == "apart":
            if len(cells) < 2:
                errors.append(f"{where}: an apart pair needs two cells")
            if not rec.get("why"):
                errors.append(f"{where}: apart without why")
        if kind == "single":
            zones = {c.get("zone") for c in cells}
            if zones != {rec.get("zone")}:
                errors.append(f"{where}: single's cells are of zones {sorted(map(str, zones))}, record says {rec.get('zone')}")
    for doc in sorted(docs_used - set(years)):
        errors.append(f"{path.name}: no year record for {doc}")
    return errors, notes, counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--texts", type=Path)
    ap.add_argument("--gold", type=Path)
    args = ap.parse_args(argv)
    files = args.files or [p for p in KNOWN if p.exists()]
    status = 0
    for path in files:
        texts_dir, gold_path = defaults_for(path)
        errors, notes, counts = check(path, args.texts or texts_dir, args.gold or gold_path)
        print(f"== {path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for e in errors:
            print("ERROR", e)
        for n in notes:
            print("  ", n)
        if errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
