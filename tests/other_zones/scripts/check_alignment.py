"""Check the alignment gold in gold/alignment/*.jsonl (format: /work/notes/alignment_format.md).

    python check_alignment.py            # check every file, print a summary
    python check_alignment.py --offsets  # also print each cell's offsets in its document

Checks: every line is a JSON object of type year, row, apart or single; every cell names an existing
document, a zone with a profile, an anchor found exactly once in that document and a `text` inside the
anchor; rows have cells from at least two zones and ids are unique; measure and outlook are from the
allowed lists; every text in texts/manifest.csv has exactly one `year` record. Cells whose figure is
not in the quantity gold (e.g. lengths in 公里, which have no quantity kind) are listed as notes.
Exits non-zero on the first kind of error found (all errors are printed).
"""
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURES = {"level", "growth", "share", "rank", "change", "per_unit"}
OUTLOOKS = {"result", "target", "forecast"}


def main(show_offsets=False):
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "texts").glob("*.txt")}
    with open(ROOT / "texts" / "manifest.csv", encoding="utf-8") as f:
        manifest = [r["file"] for r in csv.DictReader(f)]
    zones = set()
    for p in (ROOT / "profiles").glob("*.yaml"):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.startswith("id:"):
                zones.add(line.split(":", 1)[1].strip())
    gold_spans = set()
    for p in (ROOT / "gold").glob("quantities*.jsonl"):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                gold_spans.add((r["doc"], r["start"], r["end"]))

    errors, notes, years, ids = [], [], {}, set()
    counts = {}

    def cell(where, c):
        for k in ("zone", "doc", "anchor", "text"):
            if k not in c:
                errors.append(f"{where}: cell without {k!r}")
                return
        if c["doc"] not in texts:
            errors.append(f"{where}: no text {c['doc']!r}")
            return
        if c["zone"] not in zones:
            errors.append(f"{where}: zone {c['zone']!r} has no profile")
        doc = texts[c["doc"]]
        n = doc.count(c["anchor"])
        if n != 1:
            errors.append(f"{where}: anchor {c['anchor']!r} found {n} times in {c['doc']}")
            return
        if c["text"] not in c["anchor"]:
            errors.append(f"{where}: text {c['text']!r} not inside anchor {c['anchor']!r}")
            return
        start = doc.index(c["anchor"]) + c["anchor"].index(c["text"])
        end = start + len(c["text"])
        if (c["doc"], start, end) not in gold_spans:
            notes.append(f"{where}: {c['doc']} {c['text']!r} ({start}-{end}) is not a quantity gold record")
        if show_offsets:
            print(f"  {where}: {c['doc']} {start}-{end} {c['text']}")

    files = sorted((ROOT / "gold" / "alignment").glob("*.jsonl"))
    if not files:
        errors.append("no gold/alignment/*.jsonl file")
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not JSON ({exc.msg})")
                continue
            t = r.get("type")
            counts[t] = counts.get(t, 0) + 1
            if t == "year":
                if r.get("doc") not in texts:
                    errors.append(f"{where}: no text {r.get('doc')!r}")
                elif r["doc"] in years:
                    errors.append(f"{where}: second year record for {r['doc']}")
                if not isinstance(r.get("year"), int) or not r.get("why"):
                    errors.append(f"{where}: a year record needs an int year and a why")
                years[r.get("doc")] = r.get("year")
            elif t in ("row", "apart", "single"):
                cells = r.get("cells") or []
                for i, c in enumerate(cells):
                    cell(f"{where} cell {i}", c)
                if t == "row":
                    if r.get("id") in ids or not r.get("id"):
                        errors.append(f"{where}: row id missing or repeated: {r.get('id')!r}")
                    ids.add(r.get("id"))
                    if len({c.get("zone") for c in cells}) < 2:
                        errors.append(f"{where}: a row needs cells from at least two zones")
                if t == "apart" and (len(cells) != 2 or not r.get("why")):
                    errors.append(f"{where}: an apart record needs two cells and a why")
                if t == "single" and (len(cells) < 1 or len({c.get("zone") for c in cells}) != 1 or not r.get("why")):
                    errors.append(f"{where}: a single record needs cells of one zone and a why")
                if t in ("row", "single"):
                    if r.get("measure") not in MEASURES:
                        errors.append(f"{where}: measure {r.get('measure')!r}")
                    if r.get("outlook") not in OUTLOOKS:
                        errors.append(f"{where}: outlook {r.get('outlook')!r}")
            else:
                errors.append(f"{where}: unknown type {t!r}")
    for doc in manifest:
        if doc not in years:
            errors.append(f"no year record for {doc}")
    for x in notes:
        print("note:", x)
    for x in errors:
        print("ERROR:", x)
    print(", ".join(f"{v} {k}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))),
          f"in {len(files)} file(s); {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main("--offsets" in sys.argv[1:]))
