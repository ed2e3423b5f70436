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

Nothing read from the cache can run code, and nothing in it is trusted:
- Rows are data, never pickles: pack/unpack (the one place the format lives) write msgpack, which
  holds only str, int, float, None and lists, compressed with zlib. The workers send their facts
  to this process in the same format.
- Every entry, in every table, is sealed with its key (seal/opened): a 16-byte BLAKE2b MAC of the
  entry keyed with the document's key. An entry filed under another document's key (swapped), cut,
  emptied or damaged fails the check and is a miss: the document is extracted again and the entry
  replaced. A new table stores seal(key, pack(rows)) and reads opened(key, blob) the same way.
- The folder must be this user's (on POSIX: owned by the uid running, not a link to another's
  folder); one owned by another user is refused with a warning, as whoever can write it could
  otherwise feed facts to every run. Group and other write bits are removed from our own folder.
- A cache file that SQLite finds damaged (not a database, a malformed image) is deleted and started
  again, once, with one warning: it is rebuilt, not warned about on every run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import sqlite3
import stat
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
SCHEMA = 2  # 2: msgpack rows, sealed entries (1 was pickle)
MAGIC = b"ZPC2"
MAC_BYTES = 16


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


def _int64_safe(value):
    if isinstance(value, int) and not -(1 << 63) <= value < (1 << 64):
        return float(value)
    return value


def pack(rows: list[tuple]) -> bytes:
    """Rows (tuples of str, int, float, None) as bytes: msgpack, zlib-compressed."""
    import msgpack

    try:
        data = msgpack.packb(rows, use_bin_type=True, unicode_errors="surrogatepass")
    except OverflowError:  # an int past 64 bits: kept as a float
        data = msgpack.packb([tuple(map(_int64_safe, r)) for r in rows], use_bin_type=True,
                             unicode_errors="surrogatepass")
    return zlib.compress(data, 1)


def unpack(blob: bytes) -> list[tuple]:
    """pack() undone: a list of tuples. Raises ValueError for anything else."""
    import msgpack

    try:
        rows = msgpack.unpackb(zlib.decompress(blob), raw=False, use_list=False, strict_map_key=True,
                               unicode_errors="surrogatepass")
    except (zlib.error, ValueError, TypeError, msgpack.UnpackException) as exc:
        raise ValueError(f"not packed rows ({exc})") from None
    if not isinstance(rows, tuple) or not all(isinstance(r, tuple) for r in rows):
        raise ValueError("not packed rows (expected a list of rows)")
    return list(rows)


def _mac(key: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, key=key[:64], digest_size=MAC_BYTES).digest()


def seal(key: bytes, payload: bytes) -> bytes:
    """An entry for `key`: MAGIC, the MAC of the payload keyed with `key`, the payload."""
    return MAGIC + _mac(key, payload) + payload


def opened(key: bytes, entry: bytes) -> bytes | None:
    """The payload of an entry sealed for `key`; None if it is for another key, cut or damaged."""
    if not isinstance(entry, bytes) or not entry.startswith(MAGIC) or len(entry) < len(MAGIC) + MAC_BYTES:
        return None
    mac, payload = entry[len(MAGIC):len(MAGIC) + MAC_BYTES], entry[len(MAGIC) + MAC_BYTES:]
    return payload if hmac.compare_digest(mac, _mac(key, payload)) else None


def _foreign(directory: Path) -> str | None:
    """Why the cache folder is not safe for this user to read, or None (POSIX only)."""
    if not hasattr(os, "getuid"):
        return None
    st = os.stat(directory)
    if not stat.S_ISDIR(st.st_mode):
        return "not a folder"
    if st.st_uid != os.getuid():
        return f"owned by another user (uid {st.st_uid}), who could feed facts to this run"
    if st.st_mode & 0o022:
        os.chmod(directory, stat.S_IMODE(st.st_mode) & ~0o022)  # ours: no one else writes into it
    path = directory / FILE_NAME
    try:
        fst = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(fst.st_mode):
        return f"{FILE_NAME} there is not a regular file"
    if fst.st_uid != os.getuid():
        return f"{FILE_NAME} there is owned by another user (uid {fst.st_uid})"
    return None


# SQLite's errors that mean the file itself is damaged (rebuilt), as against busy, locked, full or read-only
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT")


class FactCache:
    """Facts per document in one SQLite file. Only the main process reads and writes it."""

    def __init__(self, directory: str | Path | None, profiles, catalogue=None):
        from zoneprofile.extract.indicators import default_catalogue

        self.directory = Path(directory) if directory is not None else default_cache_dir()
        catalogue = catalogue or default_catalogue()  # the indicators a figure gets depend on it
        self.prefix = f"{code_fingerprint()}:{profiles_fingerprint(profiles)}:{catalogue.fingerprint}:".encode()
        self.hits = self.misses = 0
        self._pending: list[tuple[bytes, bytes, float]] = []
        self._pending_words: list[tuple[bytes, bytes, float]] = []
        self._used: list[tuple[float, bytes]] = []
        self._db: sqlite3.Connection | None = None
        self._reset_done = False
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            foreign = _foreign(self.directory)
            if foreign:
                log.warning("the extraction cache at %s is not used: the folder is %s; going on without it "
                            "(set ZONEPROFILE_CACHE_DIR to a folder of yours)", self.directory, foreign)
                return
            self._open()
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.Error) and self._damaged(exc) and self._reset(exc):
                return
            self._disable(exc)

    def _open(self) -> None:
        db = sqlite3.connect(self.directory / FILE_NAME, timeout=10, isolation_level=None)
        try:
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
            for table, column in (("facts", "rows"), ("outputs", "data"), ("words", "data"), ("pdfs", "data")):
                db.execute(f"SELECT key, {column}, used FROM {table} LIMIT 0")  # the columns we read are there
        except BaseException:
            db.close()
            raise
        self._db = db

    @staticmethod
    def _damaged(exc: sqlite3.Error) -> bool:
        name = getattr(exc, "sqlite_errorname", "")
        return name in _DAMAGED or type(exc) is sqlite3.DatabaseError or (
            isinstance(exc, sqlite3.OperationalError) and "no such" in str(exc))

    def _reset(self, exc: sqlite3.Error) -> bool:
        """Delete a damaged cache file and start a new one (once per run): True if that worked."""
        if self._reset_done:
            return False
        self._reset_done = True
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                (self.directory / (FILE_NAME + suffix)).unlink(missing_ok=True)
            self._open()
        except (OSError, sqlite3.Error) as again:
            self._disable(again)
            return False
        log.warning("the extraction cache at %s was damaged (%s); it was started again", self.path, exc)
        self._pending, self._used, self._pending_words = [], [], []
        return True

    def _failed(self, exc: sqlite3.Error) -> None:
        """A query failed: a damaged file is started again, anything else turns the cache off."""
        if not (self._damaged(exc) and self._reset(exc)):
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
        """The facts of a document as pack() made them (checked to be this key's, undamaged);
        None if not cached."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT rows FROM facts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            self.misses += 1
            return None
        blob = opened(key, row[0]) if row is not None else None
        if row is not None and blob is None:
            log.debug("cache entry %s is not this document's or is damaged: extracted again", key.hex())
        if blob is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used.append((time.time(), key))
        return blob

    def put(self, key: bytes, blob: bytes) -> None:
        """File a document's facts, as pack() made them."""
        if self._db is None:
            return
        self._pending.append((key, seal(key, blob), time.time()))
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
            summary_text = row[1] if isinstance(row[1], str) else ""
            payload = opened(key, row[0])
            if payload is None or not payload.startswith(_digest(summary_text)):
                log.debug("cached output %s is not this run's or is damaged: written again", key.hex())
                return None
            data, summary = zlib.decompress(payload[MAC_BYTES:]), json.loads(summary_text)
            self._db.execute("UPDATE outputs SET used = ? WHERE key = ?", (time.time(), key))
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        except (zlib.error, ValueError) as exc:  # damaged: written again by this run
            log.debug("damaged cached output %s: %s", key.hex(), exc)
            return None
        return data, summary

    def put_output(self, key: bytes, path: Path, summary: dict) -> None:
        if self._db is None:
            return
        compressor = zlib.compressobj(1)
        text = json.dumps(summary, ensure_ascii=False)
        chunks = [_digest(text)]  # the summary is sealed with the data
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    chunks.append(compressor.compress(chunk))
            chunks.append(compressor.flush())
            self._db.execute("INSERT OR REPLACE INTO outputs (key, data, summary, used) VALUES (?, ?, ?, ?)",
                             (key, seal(key, b"".join(chunks)), text, time.time()))
            # the outputs of the latest few corpora are enough: each is a whole file
            self._db.execute("DELETE FROM outputs WHERE key NOT IN "
                             "(SELECT key FROM outputs ORDER BY used DESC LIMIT ?)", (KEEP_OUTPUTS,))
        except OSError as exc:
            log.debug("output not cached: %s", exc)
        except sqlite3.Error as exc:
            self._failed(exc)

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
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._failed(exc)
        self._pending, self._used, self._pending_words = [], [], []

    # ------------------------------------------------------------ word counts of the brief's vocabulary
    def get_words(self, key: bytes) -> list[tuple[str, str, int]] | None:
        """A document's (zone, word, count) rows, or None if not kept (or not this key's, or damaged)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data FROM words WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            payload = opened(key, row[0])
            if payload is None:
                return None
            rows = unpack(payload)
            self._db.execute("UPDATE words SET used = ? WHERE key = ?", (time.time(), key))
            return rows
        except sqlite3.Error as exc:
            self._failed(exc)
        except ValueError as exc:  # damaged: counted again by this run
            log.debug("damaged cached word counts %s: %s", key.hex(), exc)
        return None

    def put_words(self, key: bytes, rows: list[tuple[str, str, int]]) -> None:
        if self._db is not None:
            self._pending_words.append((key, seal(key, pack(rows)), time.time()))  # written by flush(), in one go

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
            self._failed(exc)
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
            self._failed(exc)

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


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=MAC_BYTES).digest()
