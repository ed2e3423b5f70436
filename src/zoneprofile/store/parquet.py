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
rows changed; documents.parquet and manifest.json are rewritten each time. A change of profiles or
of the code rebuilds everything. pyarrow is imported here only (the [scale] extra).

What a store folder is, and how it survives (docs/promises.md):
- `-o DIR` writes into a folder that does not exist, is empty, or holds a store (its manifest.json,
  written by this module). Any other folder is refused: nothing in it is ever deleted. Within a
  store, only the files named above are written or removed; anything else stays.
- One update at a time: an update holds an exclusive lock on DIR/.zoneprofile.lock (flock) from
  reading the manifest to writing it; a second run stops at once with a message, and a reader
  (`brief --facts`) takes a shared lock, so it never reads a half-written store.
- Before it touches a partition an update marks the manifest "updating", with the documents it is
  about to redo; it says "complete" once all is written. A store left "updating" (a kill -9, a full
  disk) is refused by `brief --facts` with a message, and the next update redoes those documents.
- Temporary files start with a dot (`.zoneprofile-tmp-…`), which pyarrow.dataset ignores, are unique
  per writer, and leftovers are removed by the next update.
- A partition or documents.parquet that pyarrow cannot read makes the next update rebuild the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from dataclasses import fields
from pathlib import Path

from zoneprofile.errors import UsageError, ZoneprofileError

log = logging.getLogger(__name__)

FORMAT = 1
NULL_ZONE = "__HIVE_DEFAULT_PARTITION__"  # how Hive (and pyarrow.dataset) name the null partition
PART = "part-0.parquet"
LOCK = ".zoneprofile.lock"
TMP_PREFIX = ".zoneprofile-tmp-"
OURS = {"manifest.json", "documents.parquet", "facts", "words", LOCK}


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
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _our_files(folder: Path) -> list[Path]:
    """Every file this module writes in a store (not the manifest): what a rebuild removes."""
    out = [folder / "documents.parquet"]
    for sub in ("facts", "words"):
        if (folder / sub).is_dir():
            out += [d / PART for d in sorted((folder / sub).iterdir()) if d.name.startswith("zone=")]
    return [p for p in out if p.is_file() and not p.is_symlink()]


def _leftovers(folder: Path) -> list[Path]:
    """Temporary files of writers that were stopped (this version's and the previous one's)."""
    out = []
    for d in [folder, *(sub for name in ("facts", "words") if (folder / name).is_dir()
                        for sub in (folder / name).iterdir() if sub.name.startswith("zone=") and sub.is_dir())]:
        out += [p for p in d.iterdir() if p.name.startswith(TMP_PREFIX) or p.name in (PART + ".tmp", "manifest.json.tmp")]
    return out


def _damaged(folder: Path) -> list[Path]:
    """The store's files that pyarrow cannot read (their footer, at least)."""
    _, pq = _pa()
    bad = []
    for path in _our_files(folder):
        try:
            pq.read_metadata(path)
        except Exception:  # pyarrow's errors (ArrowInvalid, OSError) for a damaged file
            bad.append(path)
    return bad


def _remove_empty(folder: Path) -> None:
    for sub in ("facts", "words"):
        if (folder / sub).is_dir():
            for d in (folder / sub).iterdir():
                if d.name.startswith("zone=") and d.is_dir() and not d.is_symlink():
                    try:
                        d.rmdir()  # only when empty
                    except OSError:
                        pass


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
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_store(folder: Path) -> bool:
    """A folder this module wrote: its manifest.json has the store's fields."""
    data = read_manifest(folder)
    return "format" in data and isinstance(data.get("inputs"), list)


def check_store_folder(folder: Path) -> None:
    """Raise UsageError unless `folder` may be written as a store: absent, empty, or a store."""
    from zoneprofile.read.files import kind_of

    try:
        st = folder.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"{folder}: cannot be used for the fact store ({exc.strerror or exc})") from None
    import stat

    if not stat.S_ISDIR(st.st_mode):
        what = "a file" if stat.S_ISREG(st.st_mode) else kind_of(st.st_mode)
        raise UsageError(f"{folder} is {what}; --format parquet writes a folder")
    if is_store(folder):
        return
    others = [p.name for p in folder.iterdir() if p.name != LOCK and not p.name.startswith(TMP_PREFIX)]
    if others:
        raise UsageError(f"{folder} holds other files ({', '.join(sorted(others)[:3])}{', …' if len(others) > 3 else ''}) "
                         "and is no fact store (no manifest.json written by extract --format parquet); "
                         "give a new or an empty folder")


class _Lock:
    """flock on DIR/.zoneprofile.lock: exclusive for an update, shared for a reader; never waits."""

    def __init__(self, folder: Path, exclusive: bool):
        self.fd = None
        try:
            import fcntl
        except ImportError:  # not on POSIX: no locking
            return
        path = folder / LOCK
        try:
            self.fd = os.open(path, (os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY) | os.O_CLOEXEC, 0o644)
        except OSError:
            if exclusive:
                raise
            return  # a store without a lock file (read-only, or older): read without one
        try:
            fcntl.flock(self.fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise ZoneprofileError(f"{folder}: another zoneprofile run is updating this fact store; "
                                   "try again when it has finished") from None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the lock
            self.fd = None


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
        check_store_folder(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = _Lock(self.folder, exclusive=True)
        try:
            for path in _leftovers(self.folder):
                path.unlink(missing_ok=True)
            root, files = list_texts(corpus)
            self.hashes = {p.relative_to(root).as_posix(): _file_hash(p) for p in files}
            old = self.old = read_manifest(self.folder)
            self.same_code = (old.get("format") == FORMAT and old.get("code") == code_fingerprint()
                              and old.get("profiles") == profiles_fingerprint(profiles)
                              and old.get("indicators") == self.indicators)
            damaged = _damaged(self.folder) if self.same_code else []
            if damaged:
                log.warning("%s: damaged (pyarrow cannot read it); the fact store is built again",
                            damaged[0] if len(damaged) == 1 else f"{damaged[0]} and {len(damaged) - 1} more")
                self.same_code = False
            dirty = set(old.get("dirty") or ()) if old.get("state") == "updating" else set()
            self.before = ({e["path"]: e for e in old.get("inputs", []) if isinstance(e, dict) and e.get("path")
                            and e["path"] not in dirty} if self.same_code else {})
        except BaseException:
            self.lock.release()
            raise
        self.inputs: list[dict] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Let the store go (apply and a failure both end here)."""
        self.lock.release()

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

        # the manifest says "updating" before anything changes: an interrupted update is never read as
        # a complete store, and the next one redoes the documents this one was redoing
        marker = dict(self.old) if same_code else {"format": FORMAT, "code": None, "inputs": []}
        marker.update(state="updating", dirty=sorted(set(marker.get("dirty") or ()) | redo))
        if not same_code:
            marker["dirty"] = []
        _write_text(folder / "manifest.json", json.dumps(marker, ensure_ascii=False, indent=1))
        if not same_code:  # another code or other profiles: start again (only the files written here)
            for path in _our_files(folder):
                path.unlink()
            _remove_empty(folder)
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
                    (target / PART).unlink(missing_ok=True)
                    _remove_empty(folder)
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
            if e["path"] in (found.failed or ()):
                e["hash"] = None  # its extraction failed: tried again by the next run
            info = new_docs.get(e["path"]) or docs_old.get(e["path"])
            if info is None:  # listed before but its row is gone: extract it next time
                e["hash"] = None
                info = (e["path"], e["path"], None, None, "unknown", None, (), (), "")
            table["order"].append(i)
            for n, v in zip(_doc_schema().names[1:], info):
                table[n].append(list(v) if n in ("bylines", "credits") else v)
        _write_table(folder / "documents.parquet", pa.Table.from_pydict(table, schema=_doc_schema()))
        text = json.dumps({"format": FORMAT, "code": code_fingerprint(), "profiles": profiles_fingerprint(profiles),
                           "indicators": self.indicators, "corpus": str(corpus), "state": "complete",
                           "inputs": inputs}, ensure_ascii=False, indent=1)
        _write_text(folder / "manifest.json", text)
        self.close()
        return (counted, len(inputs), {"extracted": len(found.docs), "removed": len(set(before) - set(order)),
                              "rewritten": rewritten})


def load_store(folder: str | Path):
    """(fact table, [DocumentInfo] in corpus order, {zone: Counter of words}) from a dataset folder."""
    folder = Path(folder)
    if not (folder / "documents.parquet").is_file():
        raise ZoneprofileError(f"{folder}: not a fact store (no documents.parquet); "
                               "write one with extract --format parquet")
    lock = _Lock(folder, exclusive=False)
    try:
        if read_manifest(folder).get("state") == "updating":
            raise ZoneprofileError(f"{folder}: the last update of this fact store was interrupted, so it may "
                                   "mix two corpora; run extract --format parquet again to repair it")
        try:
            return _load_store(folder)
        except ZoneprofileError:
            raise
        except Exception as exc:  # pyarrow's errors for a damaged file, a column missing ...
            raise ZoneprofileError(f"{folder}: the fact store cannot be read ({type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:160] if str(exc) else ''}); "
                                   "run extract --format parquet again to rebuild it") from None
    finally:
        lock.release()


def _load_store(folder: Path):
    from zoneprofile.extract.record import DocumentInfo, fact_fields
    from zoneprofile.store.facts import columns_to_frame

    _, pq = _pa()
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


class _BadFacts(Exception):
    """A problem at one line of a --facts file."""


def read_fact_file(path: str | Path):
    """A fact table written by `extract` as JSONL or CSV, typed as extract made it (an empty CSV
    cell is a null; a CSV text cell escaped against spreadsheet formulas is unescaped). A file that
    is not such a table is one error naming the file and line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".json", ".csv"):
        raise ZoneprofileError(f"{path}: --facts takes a fact store folder, or a .jsonl or .csv file from extract")
    try:
        if suffix == ".csv":
            return _read_fact_csv(path)
        return _read_fact_jsonl(path)
    except _BadFacts as exc:
        raise ZoneprofileError(f"{path}:{exc.args[0]}: {exc.args[1]}; --facts takes a file written by "
                               "zoneprofile extract") from None
    except UnicodeDecodeError as exc:
        raise ZoneprofileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); --facts takes a "
                               "file written by zoneprofile extract") from None
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ZoneprofileError(f"{path}: not a fact table written by zoneprofile extract "
                               f"({type(exc).__name__}: {str(exc)[:120]})") from None


def _fact_kinds() -> dict[str, str]:
    from zoneprofile.extract.record import Fact

    return {f.name: str(f.type) for f in fields(Fact)}


def _check_row(row: dict, kinds: dict[str, str], number: int) -> None:
    from zoneprofile.read.yamlsafe import quote

    missing = [n for n in ("doc", "kind", "text", "start", "end", "sentence") if row.get(n) is None]
    if missing:
        raise _BadFacts(number, f"no {missing[0]!r} in this fact")
    for name, kind in kinds.items():
        value = row.get(name)
        if value is None:
            continue
        ok = (isinstance(value, str) if kind.startswith("str") else
              isinstance(value, int) and not isinstance(value, bool) if kind.startswith("int") else
              isinstance(value, (int, float)) and not isinstance(value, bool) if kind.startswith("float") else True)
        if not ok:
            raise _BadFacts(number, f"field {name!r} is {quote(value)}, expected {kind.split(' ')[0]}")


def _read_fact_jsonl(path: Path):
    from zoneprofile.store.facts import columns_to_frame

    kinds = _fact_kinds()
    names = list(kinds)
    columns: dict[str, list] = {n: [] for n in names}
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except RecursionError:
                raise _BadFacts(number, "nested too deeply to be a fact") from None
            except ValueError as exc:
                raise _BadFacts(number, f"not JSON ({str(exc)[:80]})") from None
            if not isinstance(row, dict):
                raise _BadFacts(number, f"a JSON {type(row).__name__}, not a fact (an object)")
            _check_row(row, kinds, number)
            for n in names:
                columns[n].append(row.get(n))
    return columns_to_frame(columns)


def _read_fact_csv(path: Path):
    import csv

    from zoneprofile.store.facts import columns_to_frame, unescape_cell

    kinds = _fact_kinds()
    names = list(kinds)

    def typed(name, cell, number):
        if cell == "":
            return None
        kind = kinds[name]
        try:
            if kind.startswith("int"):
                return int(float(cell)) if "." in cell else int(cell)  # pandas writes a column with nulls as 2022.0
            if kind.startswith("float"):
                number_ = float(cell)
                return int(number_) if number_.is_integer() and "." not in cell and "e" not in cell.lower() else number_
        except (ValueError, OverflowError):
            from zoneprofile.read.yamlsafe import quote

            raise _BadFacts(number, f"field {name!r} is {quote(cell)}, expected a number") from None
        return unescape_cell(cell)

    columns = {n: [] for n in names}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames or []
            missing = [n for n in ("doc", "kind", "text", "start", "end", "sentence") if n not in header]
            if missing:
                raise _BadFacts(1, f"the header has no {missing[0]!r} column")
            for row in reader:
                for n in names:
                    columns[n].append(typed(n, row.get(n) or "", reader.line_num))
        except csv.Error as exc:
            raise _BadFacts(reader.line_num, f"not CSV ({exc})") from None
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
