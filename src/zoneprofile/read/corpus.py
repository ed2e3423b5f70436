"""Step 1: read the corpus. A Document owns its text and never changes it:
every later step points into `Document.text` with character offsets."""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from zoneprofile.errors import CorpusError, ManifestError
from zoneprofile.read.files import (
    NotRegularFile,
    Pattern,
    TooBig,
    is_regular,
    kind_of,
    read_regular,
    walk,
)
from zoneprofile.read.yamlsafe import load_yaml, quote, yaml_problem, yaml_where

log = logging.getLogger(__name__)

# Byte-order marks, longest first (a UTF-32-LE mark starts like a UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Files that are not text, by their first bytes: a PDF renamed .txt, an office document, an image.
_MAGIC = (
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"), (b"\x7fELF", "a program"),
)
# The legacy Chinese encodings a file without a byte-order mark may be in; cp950 is Big5
# as Windows writes it (a superset of plain Big5).
_LEGACY = ("gb18030", "cp950")
_SAMPLE = 65536  # bytes of each part of a file (start, middle, end) scored to choose an encoding
_MIN_SCORE = 0.5  # below this no encoding reads the file as text
MAX_TEXT_BYTES = 256 * 1024 * 1024  # a bigger *.txt is skipped with a warning: split it
MAX_LIST_BYTES = 64 * 1024 * 1024  # an @LIST or a manifest bigger than this is refused


@dataclass(frozen=True)
class Document:
    doc: str  # file name relative to the corpus folder, with '/' separators
    text: str  # the decoded file, byte order mark removed, line endings untouched
    encoding: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)  # title, date, source (manifest)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that decoded it: utf-8, utf-8-sig, utf-16, utf-16-le, gb18030, cp950 ...
    replaced: int = 0  # bytes that were not valid in it, each now U+FFFD
    nuls: int = 0  # NUL bytes kept in a text that is otherwise text (a damaged file)


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    text = (resources.files("zoneprofile") / "data" / "common_hanzi.txt").read_text(encoding="utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


def _char_score(ch: str, common: frozenset[str]) -> float:
    """How typical a character is of a Chinese text: common hanzi, ASCII and punctuation
    score 1, a rare hanzi 0, kana or Hangul (what Big5 read as GBK looks like) less,
    and a control character, private-use code or U+FFFD (a decoding error) much less."""
    if ch in common or ch in "\t\n\r\f" or " " <= ch <= "~":
        return 1.0
    o = ord(ch)
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x206F or ch in "\xa0·×÷°±§¨":
        return 1.0
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return 0.0
    category = unicodedata.category(ch)
    if ch == "\ufffd" or category in ("Cc", "Co", "Cs", "Cn"):
        return -4.0
    return -0.5


def plausibility(text: str) -> float:
    """The mean character score of `text` (1.0: every character typical of Chinese text)."""
    if not text:
        return 0.0
    from collections import Counter

    common = _common_hanzi()
    # each distinct character scored once, times its count (the scores are multiples of 0.5: every
    # sum is exact, so the order of adding changes nothing)
    scores = _SCORES if len(_SCORES) < 100_000 else {}  # kept across files, bounded
    total = 0.0
    for ch, n in Counter(text).items():
        score = scores.get(ch)
        if score is None:
            score = scores[ch] = _char_score(ch, common)
        total += score * n
    return total / len(text)


_SCORES: dict[str, float] = {}


def _sample(data: bytes) -> bytes:
    """The start, middle and end of a big file (cut at even offsets, for UTF-16)."""
    if len(data) <= 3 * _SAMPLE:
        return data
    mid = (len(data) // 2) & ~1
    return data[:_SAMPLE] + data[mid:mid + _SAMPLE] + data[-_SAMPLE & ~1:]


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the NUL bytes of its ASCII characters
    (digits, line breaks) all fall on one side of each pair."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if odd >= 4 * max(even, 1) and odd > even:
        return "utf-16-le"
    if even >= 4 * max(odd, 1) and even > odd:
        return "utf-16-be"
    return None


def _decode_as(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, max(1, text.count("\ufffd")))


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file: UTF-8 (with or without BOM), UTF-16 or UTF-32 (with BOM, or UTF-16
    without one), GB18030/GBK or Big5. The encoding is the one under which the text looks
    most like Chinese text. A few undecodable bytes (a damaged file) become U+FFFD and are
    counted in `replaced`. Raises ValueError for data that is not text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ValueError(f"{what}, not a text file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, name)
    nuls = data.count(0)
    if nuls:
        encoding = _utf16_by_nuls(data)
        if encoding:
            decoded = _decode_as(data, encoding)
            if plausibility(decoded.text[:3 * _SAMPLE]) >= _MIN_SCORE:
                return decoded
        # a few NUL bytes in a text (a damaged or carelessly joined file) keep it a text: they are
        # kept, so offsets still count every character; many make it binary data
        try:
            if nuls > 1 and nuls * 1000 > len(data):  # more than one in a thousand bytes
                raise ValueError
            decoded = decode_bytes(data.replace(b"\x00", b" "))  # decided without them
            if plausibility(decoded.text[:3 * _SAMPLE]) < _MIN_SCORE:
                raise ValueError
        except ValueError:
            raise ValueError("binary data (NUL bytes), not a text file") from None
        result = _decode_as(data, decoded.encoding)
        return Decoded(result.text, result.encoding, result.replaced, nuls)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    sample = _sample(data)
    candidates = ["utf-8", *_LEGACY] + (["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else [])
    scores = {enc: plausibility(sample.decode(enc, errors="replace")) for enc in candidates}
    best = max(candidates, key=lambda enc: scores[enc])  # ties: the first, in the order above
    if scores[best] < _MIN_SCORE:
        raise ValueError("not text in any of UTF-8, UTF-16, GB18030/GBK or Big5")
    return _decode_as(data, best)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a file's bytes; see decode_bytes. Raises ValueError for data that is not text."""
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB = re.compile(r"[*?\[]")


class FsPath:
    """A file or folder behind an fsspec URL (memory://, s3://, file:// ...), with the few methods of
    pathlib.Path that reading a corpus uses: its bytes are decoded exactly as a local file's."""

    def __init__(self, fs, path: str):
        from pathlib import PurePosixPath

        self.fs, self.path = fs, str(PurePosixPath(path))
        self.name = PurePosixPath(path).name
        self.suffix = PurePosixPath(path).suffix

    def __truediv__(self, other: str) -> "FsPath":
        return FsPath(self.fs, f"{self.path.rstrip('/')}/{other}")

    def __str__(self) -> str:
        return self.fs.unstrip_protocol(self.path)

    def __lt__(self, other: "FsPath") -> bool:
        return self.path < other.path

    def is_file(self) -> bool:
        return self.fs.isfile(self.path)

    def exists(self) -> bool:
        return self.fs.exists(self.path)

    def read_bytes(self) -> bytes:
        try:
            return self.fs.cat_file(self.path)
        except FileNotFoundError:
            raise
        except Exception as exc:  # a remote error: reported and skipped as an unreadable file
            raise OSError(str(exc)) from exc

    def stat(self):
        from types import SimpleNamespace

        return SimpleNamespace(st_size=int(self.fs.size(self.path) or 0))

    def relative_to(self, root: "FsPath"):
        from pathlib import PurePosixPath

        return PurePosixPath(self.path).relative_to(root.path)


def _common_root(files: list[Path]) -> Path:
    import os

    return Path(os.path.commonpath([str(f.parent.resolve()) for f in files]))


def list_texts(corpus: str | Path) -> tuple[Path, list[Path]]:
    """The corpus root and its *.txt files (recursively), in a stable order.

    A corpus is a folder or one file; or a glob pattern (`articles/2024-*/*.txt`, `**` recursive),
    the root being the folder before the first wildcard; or `@LIST`, a text file naming one file
    per line (relative to the list's folder; blank lines and `#` comments skipped), in that order,
    the root being the files' common folder; or an fsspec URL (`file://`, `memory://`, `s3://` with
    its package installed) of a folder or file, whose files are read as local ones. A `file://` URL
    is read exactly as the local path it names.

    Walking a folder or a pattern never enters a link to a folder and skips, with a warning, what
    is no regular file (read/files.py)."""
    text = str(corpus)
    if text.lower().startswith("file://") and not Path(text).exists():
        local = _local_path(text)
        if local is not None:
            return list_texts(local)
    if _URL.match(text) and not Path(text).exists():
        return _list_url(text)
    if text.startswith("@") and not Path(text).exists():
        return _list_file(Path(text[1:]))
    if _GLOB.search(text) and not Path(text).exists():
        parts = text.split("/")
        first = next(i for i, part in enumerate(parts) if _GLOB.search(part))
        root = Path("/".join(parts[:first]) or ("/" if text.startswith("/") else "."))
        files = walk(root, Pattern(parts[first:], hidden=False)) if root.is_dir() else []
        if not files:
            raise CorpusError(f"{text}: no file matches the pattern")
        return root, files
    root = Path(corpus)
    try:
        st = root.stat()
    except OSError:
        raise CorpusError(f"{root}: corpus not found") from None
    if stat.S_ISREG(st.st_mode):
        return root.parent, [root]
    if not stat.S_ISDIR(st.st_mode):
        raise CorpusError(f"{root}: {kind_of(st.st_mode)}, not a text file or a folder of them")
    files = walk(root, Pattern(["**", "*.txt"], hidden=True))
    if not files:
        raise CorpusError(f"{root}: no *.txt files in the corpus folder")
    return root, files


def _local_path(url: str) -> str | None:
    """The local path of a file:// URL (file:///data or file://localhost/data), else None."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.netloc not in ("", "localhost"):
        return None
    return unquote(parsed.path) or "/"


def _list_file(listing: Path) -> tuple[Path, list[Path]]:
    try:
        lines = decode_bytes(read_regular(listing, MAX_LIST_BYTES)).text.splitlines()
    except NotRegularFile as exc:
        raise CorpusError(f"{listing}: the list of files is {exc.strerror}, not a file; "
                          "write the list to a file") from None
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{listing}: cannot read the list of files ({getattr(exc, 'strerror', None) or exc})") from None
    files, missing = [], []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        path = Path(line) if Path(line).is_absolute() else listing.parent / line
        (files if is_regular(path) else missing).append(path)
    for path in missing:
        log.warning("%s: lists %s, which is not a regular file; skipped", listing, path)
    files = list(dict.fromkeys(files))
    if not files:
        raise CorpusError(f"{listing}: lists no file that exists")
    return _common_root(files), [f.resolve() for f in files]


def _list_url(url: str) -> tuple[FsPath, list[FsPath]]:
    try:
        import fsspec
    except ImportError:
        raise CorpusError(f"{url}: reading a corpus from a URL needs fsspec: pip install 'zoneprofile[scale]'") from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise CorpusError(f"{url}: {exc}") from None
    if _GLOB.search(path):
        names = sorted(p for p in fs.glob(path) if fs.isfile(p))
        root = FsPath(fs, _GLOB.split(path, 1)[0].rsplit("/", 1)[0] or "/")
    elif fs.isfile(path):
        names = [path]
        root = FsPath(fs, path.rsplit("/", 1)[0] or "/")
    elif fs.isdir(path):
        names = sorted(p for p in fs.find(path) if p.endswith(".txt"))
        root = FsPath(fs, path)
        if not names:
            raise CorpusError(f"{url}: no *.txt files in the corpus folder")
    else:
        raise CorpusError(f"{url}: corpus not found")
    if not names:
        raise CorpusError(f"{url}: no file matches the pattern")
    return root, [FsPath(fs, n) for n in names]


def read_document(root: Path, path: Path) -> Document | None:
    """Read one file; an empty, unreadable, oversized or non-text file is skipped with a
    warning naming it, and the rest of the corpus is still read."""
    name = path.relative_to(root).as_posix()
    try:
        if isinstance(path, Path):
            data = read_regular(path, MAX_TEXT_BYTES)
        else:  # a file behind a URL
            size = path.stat().st_size
            if size > MAX_TEXT_BYTES:
                raise TooBig(0, f"{size >> 20} MB, more than the {MAX_TEXT_BYTES >> 20} MB allowed")
            data = path.read_bytes()
    except TooBig as exc:
        log.warning("%s: %s for a text, skipped (split it into smaller files)", path, exc.strerror)
        return None
    except NotRegularFile as exc:
        log.warning("%s: %s, not a text file; skipped", path, exc.strerror)
        return None
    except OSError as exc:
        log.warning("%s: cannot read it (%s), skipped", path, exc.strerror or exc)
        return None
    if not data.strip():
        log.warning("%s: empty file, skipped", path)
        return None
    try:
        decoded = decode_bytes(data)
    except ValueError as exc:
        log.warning("%s: %s, skipped", path, exc)
        return None
    del data
    if not decoded.text.strip():
        log.warning("%s: empty file, skipped", path)
        return None
    if decoded.replaced:
        log.warning("%s: %d byte(s) not valid %s, read as \ufffd (the file may be damaged)",
                    path, decoded.replaced, decoded.encoding)
    if decoded.nuls:
        log.warning("%s: %d NUL byte(s) in the text, kept as they are (the file may be damaged)",
                    path, decoded.nuls)
    return Document(name, decoded.text, decoded.encoding)


MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")
MANIFEST_FIELDS = ("title", "date", "source")
_DATE = re.compile(r"^(?:19|20)\d{2}(?:[-/.](?:0?[1-9]|1[0-2])(?:[-/.](?:0?[1-9]|[12]\d|3[01]))?)?$")


def manifest_paths(root: Path) -> list[Path]:
    """Every manifest beside the texts (there should be at most one)."""
    if not isinstance(root, Path):
        try:
            return [root / n for n in MANIFEST_NAMES if (root / n).is_file()]
        except OSError:
            return []
    return [root / n for n in MANIFEST_NAMES if os.path.lexists(root / n)]


def manifest_path(root: Path) -> Path | None:
    found = manifest_paths(root)
    return found[0] if found else None


def read_manifest(root: Path) -> dict[str, dict]:
    """The optional manifest beside the texts: file → {title, date, source}.

    manifest.csv has a header row with `file` and any of title, date, source;
    manifest.yaml is a list of mappings with the same keys. Every problem (an unknown
    field, a row without `file`, a file listed twice, a date that is no date) is
    reported together in one ManifestError.
    """
    found = manifest_paths(root)
    if not found:
        return {}
    if len(found) > 1:
        raise ManifestError([f"{root}: {' and '.join(p.name for p in found)} are both there and only one "
                             "manifest is read; keep one"])
    path = found[0]
    valid = f"fields are file, {', '.join(MANIFEST_FIELDS)}"
    try:
        data = read_regular(path, MAX_LIST_BYTES) if isinstance(path, Path) else path.read_bytes()
        text = decode_bytes(data).text
        if path.suffix == ".csv":
            import csv
            import io

            reader = csv.DictReader(io.StringIO(text, newline=""))
            rows = list(reader)
            header = [h for h in (reader.fieldnames or [])]
            if "file" not in header:
                raise ManifestError([f"{path}: the header has no 'file' column; {valid} "
                                     f"(found {', '.join(map(repr, header)) or 'no header'})"])
        else:
            rows = load_yaml(text)[0] or []
    except ManifestError:
        raise
    except NotRegularFile as exc:
        raise ManifestError([f"{path}: {exc.strerror}, not a manifest file; remove it or save a file there"]) from None
    except (OSError, ValueError) as exc:
        raise ManifestError([f"{path}: cannot read the manifest ({getattr(exc, 'strerror', None) or exc})"]) from None
    except Exception as exc:  # yaml.YAMLError and csv.Error
        raise ManifestError([f"{yaml_where(path, exc)}: not a valid manifest ({yaml_problem(exc)})"]) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ManifestError([f"{path}: expected a list of rows, each with the {valid}"])
    problems: list[str] = []
    out: dict[str, dict] = {}
    first = 2 if path.suffix == ".csv" else 1
    for n, row in enumerate(rows, first):
        where = f"{path}: row {n}"
        unknown = [k for k in row if k not in ("file", *MANIFEST_FIELDS)]
        for key in unknown:
            if key is None:  # a CSV row with more cells than the header
                problems.append(f"{where} has more cells than the header; {valid}")
            else:
                problems.append(f"{where}: unknown field {quote(key)}{_did_you_mean(key, ('file', *MANIFEST_FIELDS))}; "
                                f"{valid}")
        if not isinstance(row.get("file") or "", (str, int, float)):
            problems.append(f"{where}: field 'file' must be a file name, found {quote(row.get('file'))}")
            continue
        bad = [k for k in MANIFEST_FIELDS if isinstance(row.get(k), (list, dict))]
        for key in bad:
            problems.append(f"{where}: field {key!r} must be text, found {quote(row[key])}")
        if bad:
            continue
        name = str(row.get("file") or "").strip()
        if not name:
            problems.append(f"{where} has no 'file'; {valid}")
            continue
        if name in out:
            problems.append(f"{where}: field 'file' lists {quote(name)} a second time")
            continue
        meta = {k: str(row[k]).strip() for k in MANIFEST_FIELDS
                if row.get(k) is not None and str(row[k]).strip()}
        if "date" in meta and not _DATE.match(meta["date"]):
            problems.append(f"{where}: field 'date' must be a date such as 2022-10-30 (or 2022-10, 2022), "
                            f"found {quote(meta['date'])}")
        out[name] = meta
    if problems:
        raise ManifestError(problems)
    return out


def _did_you_mean(key: str, choices: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(str(key), choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_corpus(corpus: str | Path, manifest: dict[str, dict] | None = None) -> Iterator[Document]:
    """The documents of `corpus`, in a stable order; `manifest` if already read."""
    root, files = list_texts(corpus)
    if manifest is None:
        manifest = read_manifest(root)
    seen = set()
    for path in files:
        doc = read_document(root, path)
        if doc is not None:
            seen.add(doc.doc)
            meta = manifest.get(doc.doc) or manifest.get(path.name) or {}
            yield Document(doc.doc, doc.text, doc.encoding, meta) if meta else doc
    names = {p.relative_to(root).as_posix() for p in files} | {p.name for p in files}
    for name in sorted(set(manifest) - seen - names):
        log.warning("%s: %s lists %s, which is not in the corpus", root, manifest_path(root).name, quote(name))
