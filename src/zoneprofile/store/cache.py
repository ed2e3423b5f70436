"""The extraction cache: the facts of one document, kept so an unchanged corpus is not extracted twice.

Extraction is a pure function of a document (its name, text and manifest entry), the profiles and
the code, so an entry is keyed by a hash of exactly those:

- the document: its name relative to the corpus, its decoded text, its manifest fields;
- the profiles: every field of every profile (a changed alias re-extracts);
- the code: a hash of every file of the installed package (sources and word lists), the package
  version and the jieba version (a changed extractor re-extracts).

Where: $ZONEPROFILE_CACHE_DIR, else $XDG_CACHE_HOME/zoneprofile, else ~/.cache/zoneprofile
(%LOCALAPPDATA%\\zoneprofile\\cache on Windows, ~/Library/Caches/zoneprofile on macOS); one SQLite
file, facts.sqlite3. Entries unused for 30 days are dropped. Deleting the folder is always safe.
`--no-cache` bypasses it. A cache that cannot be opened or read is reported once and the run goes
on without it: the cache can make a run faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sqlite3
import sys
import time
import zlib
from functools import lru_cache
from pathlib import Path

from zoneprofile import __version__

log = logging.getLogger(__name__)

FILE_NAME = "facts.sqlite3"
KEEP_UNUSED_DAYS = 30
KEEP_OUTPUTS = 8
KEEP_PDFS = 16
SCHEMA = 1


def default_cache_dir() -> Path:
    env = os.environ.get("ZONEPROFILE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "zoneprofile" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "zoneprofile"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zoneprofile"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Every file of the package (sources, word lists), its version and jieba's version."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parents[1]  # the package
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt") and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        jieba_version = version("jieba")
    except PackageNotFoundError:
        jieba_version = "?"
    h.update(f"{__version__}\0{jieba_version}\0{SCHEMA}".encode())
    return h.hexdigest()


def profiles_fingerprint(profiles) -> str:
    data = [[p.id, p.name, list(p.aliases), p.kind, p.city, p.extra] for p in profiles]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def pack(rows: list[tuple]) -> bytes:
    return zlib.compress(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> list[tuple]:
    return pickle.loads(zlib.decompress(blob))


class FactCache:
    """Facts per document in one SQLite file. Only the main process reads and writes it."""

    def __init__(self, directory: str | Path | None, profiles):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.prefix = f"{code_fingerprint()}:{profiles_fingerprint(profiles)}:".encode()
        self.hits = self.misses = 0
        self._pending: list[tuple[bytes, bytes, float]] = []
        self._pending_words: list[tuple[bytes, bytes, float]] = []
        self._used: list[tuple[float, bytes]] = []
        self._db: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.directory / FILE_NAME, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS facts (key BLOB PRIMARY KEY, rows BLOB NOT NULL, used REAL NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS outputs (key BLOB PRIMARY KEY, data BLOB NOT NULL, "
                       "summary TEXT NOT NULL, used REAL NOT NULL)")
            # a document's content words per zone, for the brief's vocabulary (keyed as its facts are)
            db.execute("CREATE TABLE IF NOT EXISTS words (key BLOB PRIMARY KEY, data BLOB NOT NULL, used REAL NOT NULL)")
            # rendered PDFs (render/pdf.py), keyed by what determines their bytes
            db.execute("CREATE TABLE IF NOT EXISTS pdfs (key BLOB PRIMARY KEY, data BLOB NOT NULL, "
                       "about BLOB NOT NULL, digest TEXT NOT NULL, used REAL NOT NULL)")
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self._disable(exc)

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def _disable(self, exc: Exception) -> None:
        log.warning("the extraction cache at %s is not usable (%s); going on without it", self.path, exc)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def key(self, doc) -> bytes:
        h = hashlib.blake2b(self.prefix, digest_size=20)
        meta = json.dumps(doc.meta, ensure_ascii=False, sort_keys=True, default=str)
        h.update(f"{len(doc.doc)}:{doc.doc}\0{len(meta)}:{meta}\0".encode("utf-8", "surrogatepass"))
        h.update(doc.text.encode("utf-8", "surrogatepass"))
        return h.digest()

    @property
    def usable(self) -> bool:
        return self._db is not None

    def get(self, key: bytes) -> list[tuple] | None:
        """The facts of a document, as rows; None if not cached."""
        blob = self.get_packed(key)
        return None if blob is None else unpack(blob)

    def get_packed(self, key: bytes) -> bytes | None:
        """The facts of a document as pack() made them (checked to unpack); None if not cached."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT rows FROM facts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        blob = None
        if row is not None:
            try:
                zlib.decompress(row[0])  # its checksum: a damaged entry is a miss, replaced by this run
                blob = row[0]
            except zlib.error as exc:
                log.debug("damaged cache entry %s: %s", key.hex(), exc)
        if blob is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used.append((time.time(), key))
        return blob

    def put(self, key: bytes, blob: bytes) -> None:
        if self._db is None:
            return
        self._pending.append((key, blob, time.time()))
        if len(self._pending) >= 256:
            self.flush()

    # ------------------------------------------------------------ whole outputs of `extract`
    def output_key(self, keys: list[bytes], fmt: str) -> bytes:
        """An output of `extract` is a function of its documents' keys, in order, and its format."""
        h = hashlib.blake2b(self.prefix + fmt.encode() + b"\0", digest_size=20)
        for key in keys:
            h.update(key)
        return h.digest()

    def get_output(self, key: bytes) -> tuple[bytes, dict] | None:
        """(the file's bytes, its summary) of an output written before, or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data, summary FROM outputs WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            data, summary = zlib.decompress(row[0]), json.loads(row[1])
            self._db.execute("UPDATE outputs SET used = ? WHERE key = ?", (time.time(), key))
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        except (zlib.error, ValueError) as exc:  # damaged: written again by this run
            log.debug("damaged cached output %s: %s", key.hex(), exc)
            return None
        return data, summary

    def put_output(self, key: bytes, path: Path, summary: dict) -> None:
        if self._db is None:
            return
        compressor = zlib.compressobj(1)
        chunks = []
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    chunks.append(compressor.compress(chunk))
            chunks.append(compressor.flush())
            self._db.execute("INSERT OR REPLACE INTO outputs (key, data, summary, used) VALUES (?, ?, ?, ?)",
                             (key, b"".join(chunks), json.dumps(summary, ensure_ascii=False), time.time()))
            # the outputs of the latest few corpora are enough: each is a whole file
            self._db.execute("DELETE FROM outputs WHERE key NOT IN "
                             "(SELECT key FROM outputs ORDER BY used DESC LIMIT ?)", (KEEP_OUTPUTS,))
        except OSError as exc:
            log.debug("output not cached: %s", exc)
        except sqlite3.Error as exc:
            self._disable(exc)

    def flush(self) -> None:
        if self._db is None or not (self._pending or self._used or self._pending_words):
            return
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO facts (key, rows, used) VALUES (?, ?, ?)", self._pending)
            self._db.executemany("UPDATE facts SET used = ? WHERE key = ?", self._used)
            self._db.executemany("INSERT OR REPLACE INTO words (key, data, used) VALUES (?, ?, ?)",
                                 self._pending_words)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._disable(exc)
        self._pending, self._used, self._pending_words = [], [], []

    # ------------------------------------------------------------ word counts of the brief's vocabulary
    def get_words(self, key: bytes) -> list[tuple[str, str, int]] | None:
        """A document's (zone, word, count) rows, or None if not kept (or damaged)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data FROM words WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            self._db.execute("UPDATE words SET used = ? WHERE key = ?", (time.time(), key))
            return unpack(row[0])
        except sqlite3.Error as exc:
            self._disable(exc)
        except Exception as exc:  # damaged: counted again by this run
            log.debug("damaged cached word counts %s: %s", key.hex(), exc)
        return None

    def put_words(self, key: bytes, rows: list[tuple[str, str, int]]) -> None:
        if self._db is not None:
            self._pending_words.append((key, pack(rows), time.time()))  # written by flush(), in one go

    # ------------------------------------------------------------ rendered PDFs (render/pdf.py)
    def get_pdf(self, key: bytes) -> tuple[bytes, list[tuple]] | None:
        """(the PDF's bytes, the rows kept about it) of a PDF kept under `key`, or None (not kept,
        or damaged: its bytes no longer match their digest)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data, about, digest FROM pdfs WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            data, about = row[0], unpack(row[1])
            if hashlib.blake2b(data, digest_size=20).hexdigest() != row[2]:
                raise ValueError("its bytes do not match their digest")
            self._db.execute("UPDATE pdfs SET used = ? WHERE key = ?", (time.time(), key))
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        except Exception as exc:  # damaged: rendered again by this run
            log.debug("damaged cached PDF %s: %s", key.hex(), exc)
            return None
        return data, [tuple(r) for r in about]

    def put_pdf(self, key: bytes, data: bytes, about: list[tuple]) -> None:
        """Keep a rendered PDF and rows about it (render/pdf.py: the resources it loaded, the
        warnings its rendering gave); the latest KEEP_PDFS of them, each being a whole file."""
        if self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO pdfs (key, data, about, digest, used) VALUES (?, ?, ?, ?, ?)",
                             (key, data, pack(list(about)), hashlib.blake2b(data, digest_size=20).hexdigest(),
                              time.time()))
            self._db.execute("DELETE FROM pdfs WHERE key NOT IN (SELECT key FROM pdfs ORDER BY used DESC LIMIT ?)",
                             (KEEP_PDFS,))
        except sqlite3.Error as exc:
            self._disable(exc)

    def close(self) -> None:
        self.flush()
        if self._db is None:
            return
        try:
            old = time.time() - KEEP_UNUSED_DAYS * 86400
            self._db.execute("DELETE FROM facts WHERE used < ?", (old,))
            self._db.execute("DELETE FROM outputs WHERE used < ?", (old,))
            self._db.execute("DELETE FROM words WHERE used < ?", (old,))
            self._db.execute("DELETE FROM pdfs WHERE used < ?", (old,))
            self._db.close()
        except sqlite3.Error as exc:
            self._disable(exc)
        self._db = None
