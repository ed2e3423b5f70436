"""Shared helpers for the per-text gold scripts (build_gold_003.py, build_gold_004.py).

Offsets are computed from unique anchor strings, never typed; every record is checked
(`text[start:end] == text`). Quantities carry the fields of gold/quantities.jsonl plus the
extended ones (measure, outlook, year, scope, of, list; subject where a figure is another
subject's); entities follow scripts/build_entities.py (anchor or ALL, longest first, no overlaps).
"""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL = None
MEASURES = {"level", "growth", "share", "rank", "change", "per_unit"}
OUTLOOKS = {None, "target", "forecast"}
QKINDS = {"money", "percent", "count", "rank", "rank_change", "area", "duration", "multiple", "order"}
EKINDS = {"organization", "person", "industry", "initiative", "date"}


def read(doc):
    return (ROOT / "texts" / doc).read_text(encoding="utf-8")


def spans(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def Q(anchor, surface, kind, value, unit, qualifier, metric, period, measure, outlook, year,
      scope=None, of=None, list_=None, subject=None):
    """One quantity annotation (zone is given per document by the caller)."""
    assert kind in QKINDS and measure in MEASURES and outlook in OUTLOOKS, (anchor, kind, measure, outlook)
    assert qualifier in {"exact", "about", "over", "under"}, anchor
    return dict(anchor=anchor, text=surface, kind=kind, value=value, unit=unit, qualifier=qualifier,
                metric=metric, period=period, measure=measure, outlook=outlook, year=year,
                scope=scope, of=of, list=list_, subject=subject)


def build_quantities(doc, zone, anns):
    text = read(doc)
    out = []
    for a in anns:
        anchor, surface = a["anchor"], a["text"]
        n = text.count(anchor)
        assert n == 1, f"{doc}: anchor {anchor!r} found {n} times"
        assert surface in anchor, (anchor, surface)
        start = text.index(anchor) + anchor.index(surface)
        end = start + len(surface)
        assert text[start:end] == surface
        rec = {"doc": doc, "start": start, "end": end, "text": surface, "kind": a["kind"], "value": a["value"],
               "unit": a["unit"], "qualifier": a["qualifier"], "zone": zone, "metric": a["metric"],
               "period": a["period"], "measure": a["measure"], "outlook": a["outlook"], "year": a["year"],
               "scope": a["scope"], "of": a["of"], "list": a["list"]}
        if a["subject"] is not None:
            rec["subject"] = a["subject"]
        out.append(rec)
    out.sort(key=lambda r: r["start"])
    starts = [(r["start"], r["end"]) for r in out]
    for (s1, e1), (s2, e2) in zip(starts, starts[1:]):
        assert e1 <= s2, (doc, s1, e1, s2, e2)
    return out


def build_entities(doc, anns, skip=()):
    """anns: (text, kind, zone, anchor-or-ALL); skip: anchors containing an occurrence of an ALL text
    that is not a mention (its first occurrence of `text` inside the anchor is skipped)."""
    text = read(doc)
    taken, recs, skip_pos = [], [], set()

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    for t, anchor in skip:
        (a,) = spans(text, anchor)
        skip_pos.add(a + anchor.index(t))
    anchored = [x for x in anns if x[3] is not ALL]
    alls = sorted([x for x in anns if x[3] is ALL], key=lambda x: -len(x[0]))
    for t, kind, zone, anchor in anchored:
        assert kind in EKINDS
        hits = spans(text, anchor)
        assert len(hits) == 1, (doc, anchor, len(hits))
        assert t in anchor, (t, anchor)
        s = hits[0] + anchor.index(t)
        assert free(s, s + len(t)), (doc, t, anchor)
        taken.append((s, s + len(t)))
        recs.append(dict(doc=doc, start=s, end=s + len(t), text=t, kind=kind, zone=zone))
    for t, kind, zone, _ in alls:
        assert kind in EKINDS
        hits = [s for s in spans(text, t) if s not in skip_pos and free(s, s + len(t))]
        assert hits, (doc, t)
        for s in hits:
            taken.append((s, s + len(t)))
            recs.append(dict(doc=doc, start=s, end=s + len(t), text=t, kind=kind, zone=zone))
    for r in recs:
        assert text[r["start"]:r["end"]] == r["text"]
    recs.sort(key=lambda r: r["start"])
    return recs


def write_jsonl(name, recs):
    with open(ROOT / "gold" / name, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
