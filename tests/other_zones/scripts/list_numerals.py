"""List every digit run and Chinese numeral in a text that no quantity gold record covers.

    python list_numerals.py 003_dapeng_2014.txt quantities_003.jsonl

Each uncovered numeral is printed with its context, so the annotator can check that every one is a
deliberate exclusion (dates, ordinals, names, slogans, units without a contract kind ...). This is a
check of the hand gold's completeness, not a source of annotations.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUM = re.compile(r"[0-9０-９][0-9０-９.,，]*|[零〇一二两兩三四五六七八九十百千万萬亿億半]+")


def main(doc, gold):
    text = (ROOT / "texts" / doc).read_text(encoding="utf-8")
    recs = [json.loads(x) for x in open(ROOT / "gold" / gold, encoding="utf-8") if x.strip()]
    recs = [r for r in recs if r["doc"] == doc]
    covered = [(r["start"], r["end"]) for r in recs]
    n = 0
    for m in NUM.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s and e <= b for a, b in covered):
            continue
        n += 1
        ctx = text[max(0, s - 8):e + 8].replace("\n", "⏎")
        print(f"{s:6d} {m.group()!r:12} …{ctx}…")
    print(f"{n} uncovered numerals; {len(recs)} records", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
