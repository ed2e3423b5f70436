"""The fact store: `extract --format parquet` writes a dataset folder that a brief can be made from
without the corpus (`brief --facts DIR`), and that a later run updates in place.

    DIR/manifest.json                      inputs: path, content hash, size (and manifest entry) per
                                           document, in corpus order; the code and profiles fingerprints
    DIR/documents.parquet                  one row per document: order, doc, title, date, year,
                                           year_source, source, bylines, credits, encoding
    DIR/facts/zone=ID/part-0.parquet       the facts (every field but zone, plus seq: the fact's
                                           number within its document), one folder per zone
    DIR/facts/zone=__HIVE_DEFAULT_PARTITION__/...   the facts no zone could claim
    DIR/words/zone=ID/part-0.parquet       doc, word, count: the words of the zone's sentences
                                           (vocabulary.zone_words), per document

A later run into the same folder extracts only the documents whose bytes or manifest entry changed
(or that are new), removes those no longer in the corpus, and rewrites only the zone folders whose
rows changed; documents.parquet and manifest.json are rewritten each time (manifest last, so an
interrupted run is repaired by the next). A change of profiles or of the code rebuilds everything.
pyarrow is imported here only (the [scale] extra).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import Counter
from dataclasses import fields
from pathlib import Path

from zoneprofile.errors import ZoneprofileError

FORMAT = 1
NULL_ZONE = "__HIVE_DEFAULT_PARTITION__"  # how Hive (and pyarrow.dataset) name the null partition
PART = "part-0.parquet"


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ZoneprofileError("--format parquet needs pyarrow: pip install 'zoneprofile[scale]'") from None
    return pa, pq


def _fact_schema():
    pa, _ = _pa()
    from zoneprofile.extract.record import Fact

    types = {"str": pa.string(), "str | None": pa.string(), "int": pa.int64(), "int | None": pa.int64(),
             "float | int | None": pa.float64()}
    cols = [pa.field(f.name, types[str(f.type)]) for f in fields(Fact) if f.name != "zone"]
    return pa.schema(cols + [pa.field("seq", pa.int64())])


def _doc_schema():
    pa, _ = _pa()
    return pa.schema([("order", pa.int64()), ("doc", pa.string()), ("title", pa.string()), ("date", pa.string()),
                      ("year", pa.int64()), ("year_source", pa.string()), ("source", pa.string()),
                      ("bylines", pa.list_(pa.string())), ("credits", pa.list_(pa.string())),
                      ("encoding", pa.string())])


def _word_schema():
    pa, _ = _pa()
    return pa.schema([("doc", pa.string()), ("word", pa.string()), ("count", pa.int64())])


def _zone_dir(zone: str | None) -> str:
    return f"zone={NULL_ZONE if zone is None else zone}"


def _zone_of(dirname: str) -> str | None:
    zone = dirname.split("=", 1)[1]
    return None if zone == NULL_ZONE else zone


def _write_table(path: Path, table) -> None:
    _, pq = _pa()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _read_partitions(folder: Path) -> dict[str | None, dict[str, list]]:
    _, pq = _pa()
    out = {}
    if folder.is_dir():
        for sub in sorted(folder.iterdir()):
            if sub.is_dir() and sub.name.startswith("zone=") and (sub / PART).is_file():
                out[_zone_of(sub.name)] = pq.read_table(sub / PART).to_pydict()
    return out


def _stored_zones(folder: Path) -> dict[str | None, Path]:
    if not folder.is_dir():
        return {}
    return {_zone_of(sub.name): sub / PART for sub in sorted(folder.iterdir())
            if sub.is_dir() and sub.name.startswith("zone=") and (sub / PART).is_file()}


def _count(summary: dict, zone: str | None, rows: int, path: Path) -> None:
    """pipeline.summarize's numbers, partition by partition (the facts without a zone: the first ten)."""
    summary["facts"] += rows
    if zone is not None:
        summary["zones"] += rows > 0
        return
    _, pq = _pa()
    summary["unattributed"] += rows
    t = pq.read_table(path, columns=["doc", "start", "text", "sentence"]).slice(0, 10).to_pydict()
    summary["examples"] = [[t["doc"][i], t["start"][i], t["text"][i], t["sentence"][i][:40]]
                           for i in range(len(t["doc"]))]


def _file_hash(path: Path) -> tuple[str, int]:
    if not isinstance(path, Path):  # a file behind a URL (corpus.FsPath)
        data = path.read_bytes()
        return hashlib.sha256(data).hexdigest(), len(data)
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest(), path.stat().st_size


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class StoreUpdate:
    """An update of the dataset at `folder` from `corpus`, in two halves around the extraction
    (which pipeline.update_store runs, so the store never drives the pipeline): `changed` tells, for
    each document read, whether it must be extracted again (new, or its bytes or manifest entry
    changed); `apply` files what was extracted and rewrites what changed."""

    def __init__(self, corpus, profiles, folder: str | Path, catalogue=None):
        from zoneprofile.extract.indicators import default_catalogue
        from zoneprofile.read.corpus import list_texts
        from zoneprofile.store.cache import code_fingerprint, profiles_fingerprint

        self.corpus, self.profiles, self.folder = corpus, profiles, Path(folder)
        self.indicators = (catalogue or default_catalogue()).fingerprint
        if self.folder.exists() and not self.folder.is_dir():
            raise ZoneprofileError(f"{self.folder}: --format parquet writes a folder, and this is a file")
        root, files = list_texts(corpus)
        self.hashes = {p.relative_to(root).as_posix(): _file_hash(p) for p in files}
        old = read_manifest(self.folder)
        self.same_code = (old.get("format") == FORMAT and old.get("code") == code_fingerprint()
                          and old.get("profiles") == profiles_fingerprint(profiles)
                          and old.get("indicators") == self.indicators)
        self.before = {e["path"]: e for e in old.get("inputs", [])} if self.same_code else {}
        self.inputs: list[dict] = []

    def changed(self, doc) -> bool:
        digest, size = self.hashes[doc.doc]
        entry = {"path": doc.doc, "hash": f"sha256:{digest}", "size": size, "meta": doc.meta or {}}
        self.inputs.append(entry)
        return self.before.get(doc.doc) != entry

    def apply(self, found) -> tuple[dict, int, dict]:
        """File the facts, document infos and word counts of `found` (a run.stream.Extraction made
        with select=self.changed, extras=True): (summary of all the store's facts, documents,
        {"extracted": n, "removed": n, "rewritten": zone folders rewritten})."""
        from zoneprofile.extract.record import fact_fields
        from zoneprofile.store.cache import code_fingerprint, profiles_fingerprint

        pa, _ = _pa()
        corpus, profiles, folder = self.corpus, self.profiles, self.folder
        inputs, before, same_code = self.inputs, self.before, self.same_code
        if not inputs:
            from zoneprofile.errors import CorpusError

            raise CorpusError(f"{corpus}: no file in the corpus could be read as text (see the warnings above)")
        order = {e["path"]: i for i, e in enumerate(inputs)}
        redo = {d for d in found.docs} | (set(before) - set(order))  # replaced or removed
        names = fact_fields()
        zone_at = names.index("zone")
        others = [(j, n) for j, n in enumerate(names) if n != "zone"]
        new_facts: dict[str | None, dict[str, list]] = {}
        for k, part in enumerate(found.parts):  # document by document, each let go once filed by zone
            if isinstance(part, bytes):
                from zoneprofile.store.cache import unpack

                part = unpack(part)
            found.parts[k] = None
            for number, row in enumerate(part):
                columns = new_facts.get(row[zone_at])
                if columns is None:
                    columns = new_facts[row[zone_at]] = {n: [] for n in names if n != "zone"} | {"seq": []}
                for j, n in others:
                    columns[n].append(row[j])
                columns["seq"].append(number)
        new_words: dict[str | None, dict[str, list]] = {}
        new_docs = {}
        for doc, (info, words) in zip(found.docs, found.extras):
            new_docs[doc] = info
            for zone, word, count in words:
                part = new_words.setdefault(zone, {"doc": [], "word": [], "count": []})
                part["doc"].append(doc)
                part["word"].append(word)
                part["count"].append(count)

        if not same_code and folder.exists():  # another code or other profiles: start again
            for sub in ("facts", "words"):
                shutil.rmtree(folder / sub, ignore_errors=True)
        rewritten = 0
        _, pq = _pa()
        counted = {"facts": 0, "zones": 0, "unattributed": 0, "examples": []}
        for sub, fresh, schema in (("facts", new_facts, _fact_schema()), ("words", new_words, _word_schema())):
            stored = _stored_zones(folder / sub)
            for zone in sorted(set(stored) | set(fresh), key=lambda z: (z is None, z or "")):
                add = fresh.pop(zone, None)
                docs_in = pq.read_table(stored[zone], columns=["doc"]).column("doc").to_pylist() if zone in stored else []
                keep = [i for i, d in enumerate(docs_in) if d not in redo]
                if len(keep) == len(docs_in) and not add:  # nothing of this zone changed: its file stays
                    if sub == "facts":
                        _count(counted, zone, len(docs_in), stored[zone])
                    continue
                rows = pq.read_table(stored[zone]).to_pydict() if zone in stored else {n: [] for n in schema.names}
                merged = {n: [rows[n][i] for i in keep] + (add[n] if add else []) for n in schema.names}
                by = sorted(range(len(merged["doc"])),
                            key=lambda i, m=merged: (order[m["doc"][i]], m["seq"][i] if "seq" in m else i))
                merged = {n: [merged[n][i] for i in by] for n in schema.names}
                del rows, add
                target = folder / sub / _zone_dir(zone)
                rewritten += 1
                if not merged["doc"]:
                    shutil.rmtree(target, ignore_errors=True)
                    continue
                _write_table(target / PART, pa.Table.from_pydict(merged, schema=schema))
                if sub == "facts":
                    _count(counted, zone, len(merged["doc"]), target / PART)
                del merged

        docs_old = {}
        if same_code and (folder / "documents.parquet").is_file():
            _, pq = _pa()
            t = pq.read_table(folder / "documents.parquet").to_pydict()
            for i, doc in enumerate(t["doc"]):
                docs_old[doc] = tuple(t[n][i] for n in _doc_schema().names[1:])
        table: dict[str, list] = {n: [] for n in _doc_schema().names}
        for i, e in enumerate(inputs):
            info = new_docs.get(e["path"]) or docs_old.get(e["path"])
            if info is None:  # listed before but its row is gone: extract it next time
                e["hash"] = None
                info = (e["path"], e["path"], None, None, "unknown", None, (), (), "")
            table["order"].append(i)
            for n, v in zip(_doc_schema().names[1:], info):
                table[n].append(list(v) if n in ("bylines", "credits") else v)
        _write_table(folder / "documents.parquet", pa.Table.from_pydict(table, schema=_doc_schema()))
        text = json.dumps({"format": FORMAT, "code": code_fingerprint(), "profiles": profiles_fingerprint(profiles),
                           "indicators": self.indicators, "corpus": str(corpus), "inputs": inputs},
                          ensure_ascii=False, indent=1)
        tmp = folder / "manifest.json.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / "manifest.json")
        return (counted, len(inputs), {"extracted": len(found.docs), "removed": len(set(before) - set(order)),
                              "rewritten": rewritten})


def load_store(folder: str | Path):
    """(fact table, [DocumentInfo] in corpus order, {zone: Counter of words}) from a dataset folder."""
    from zoneprofile.extract.record import DocumentInfo, fact_fields
    from zoneprofile.store.facts import columns_to_frame

    _, pq = _pa()
    folder = Path(folder)
    if not (folder / "documents.parquet").is_file():
        raise ZoneprofileError(f"{folder}: not a fact store (no documents.parquet); "
                               "write one with extract --format parquet")
    t = pq.read_table(folder / "documents.parquet").to_pydict()
    infos = [DocumentInfo(t["doc"][i], t["title"][i], t["date"][i], t["year"][i], t["year_source"][i],
                          t["source"][i], tuple(t["bylines"][i] or ()), tuple(t["credits"][i] or ()),
                          t["encoding"][i]) for i in range(len(t["doc"]))]
    order = {d.doc: i for i, d in enumerate(infos)}
    names = fact_fields()
    rows = []
    for zone, part in _read_partitions(folder / "facts").items():
        n = len(part["doc"])
        rows += [(order.get(part["doc"][i], len(order)), part["seq"][i], zone, part, i) for i in range(n)]
    rows.sort(key=lambda r: (r[0], r[1]))
    columns = {n: [r[2] if n == "zone" else r[3][n][r[4]] for r in rows] for n in names}
    counts: dict[str, Counter] = {}
    for zone, part in _read_partitions(folder / "words").items():
        c = counts.setdefault(zone, Counter())
        for word, n in zip(part["word"], part["count"]):
            c[word] += n
    return columns_to_frame(columns), infos, counts


def read_fact_file(path: str | Path):
    """A fact table written by `extract` as JSONL or CSV, typed as extract made it (an empty CSV
    cell is a null)."""
    from zoneprofile.extract.record import Fact
    from zoneprofile.store.facts import columns_to_frame

    path = Path(path)
    kinds = {f.name: str(f.type) for f in fields(Fact)}
    names = list(kinds)
    if path.suffix.lower() in (".jsonl", ".json"):
        columns: dict[str, list] = {n: [] for n in names}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    for n in names:
                        columns[n].append(row.get(n))
        return columns_to_frame(columns)
    if path.suffix.lower() != ".csv":
        raise ZoneprofileError(f"{path}: --facts takes a fact store folder, or a .jsonl or .csv file from extract")
    import csv

    def typed(name, cell):
        if cell == "":
            return None
        kind = kinds[name]
        if kind.startswith("int"):
            return int(float(cell)) if "." in cell else int(cell)  # pandas writes a column with nulls as 2022.0
        if kind.startswith("float"):
            number = float(cell)
            return int(number) if number.is_integer() and "." not in cell and "e" not in cell.lower() else number
        return cell

    columns = {n: [] for n in names}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for n in names:
                columns[n].append(typed(n, row.get(n) or ""))
    return columns_to_frame(columns)


def load_facts(path: str | Path, profiles):
    """(fact table, [DocumentInfo], {zone: Counter of words}, corpus name) for brief --facts: from a fact
    store; or from a JSONL/CSV file, which has no documents table and no word counts, so the sources
    are the documents its facts name (title: the file name) and the vocabulary comes from the
    sentences its facts quote (not every sentence of the zone's coverage, as from the corpus)."""
    from zoneprofile.extract.record import DocumentInfo
    from zoneprofile.extract.words import excluded_words, zone_words
    from zoneprofile.lang.dictionary import prepare_dictionary

    path = Path(path)
    if not path.exists():
        raise ZoneprofileError(f"{path}: fact table not found")
    if path.is_dir():
        df, infos, counts = load_store(path)
        return df, infos, counts, read_manifest(path).get("corpus") or str(path)
    df = read_fact_file(path)
    infos = []
    for doc in dict.fromkeys(df["doc"]):
        years = [int(y) for y in df.loc[df["doc"] == doc, "year"].dropna()]
        infos.append(DocumentInfo(doc, doc.rsplit("/", 1)[-1], None, max(years) if years else None,
                                  "facts" if years else "unknown", None, (), (), ""))
    prepare_dictionary(profiles)
    exclude = excluded_words(profiles)
    counts = {}
    claimed = df[df["zone"].notna()].drop_duplicates(["doc", "sentence_start"])
    for zone, group in claimed.groupby("zone", sort=True):
        counts[zone] = zone_words(list(group["sentence"]), exclude)
    return df, infos, counts, str(path)
