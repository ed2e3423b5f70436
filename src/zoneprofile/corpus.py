"""Step 1: read the corpus. A Document owns its text and never changes it:
every later step points into `Document.text` with character offsets."""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from zoneprofile.errors import CorpusError

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Document:
    doc: str  # file name relative to the corpus folder, with '/' separators
    text: str  # the decoded file, byte order mark removed, line endings untouched
    encoding: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)  # title, date, source (manifest)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    Returns (text, encoding). Raises ValueError for data that is not text.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes), not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ValueError("neither UTF-8 nor GB18030/GBK text") from None


def list_texts(corpus: str | Path) -> tuple[Path, list[Path]]:
    """The corpus root and its *.txt files (recursively), in a stable order."""
    root = Path(corpus)
    if not root.exists():
        raise CorpusError(f"{root}: corpus not found")
    if root.is_file():
        return root.parent, [root]
    files = sorted(p for p in root.rglob("*.txt") if p.is_file())
    if not files:
        raise CorpusError(f"{root}: no *.txt files in the corpus folder")
    return root, files


def read_document(root: Path, path: Path) -> Document | None:
    """Read one file; an empty or non-text file is skipped with a warning naming it."""
    data = path.read_bytes()
    name = path.relative_to(root).as_posix()
    if not data.strip():
        log.warning("%s: empty file, skipped", path)
        return None
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        log.warning("%s: %s, skipped", path, exc)
        return None
    return Document(name, text, encoding)


MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")
MANIFEST_FIELDS = ("title", "date", "source")


def read_manifest(root: Path) -> dict[str, dict]:
    """The optional manifest beside the texts: file → {title, date, source}.

    manifest.csv has a header row with `file` and any of title, date, source;
    manifest.yaml is a list of mappings with the same keys.
    """
    path = next((root / n for n in MANIFEST_NAMES if (root / n).is_file()), None)
    if path is None:
        return {}
    try:
        if path.suffix == ".csv":
            import csv

            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        else:
            import yaml

            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CorpusError(f"{path}: cannot read the manifest ({exc})") from None
    except Exception as exc:  # yaml.YAMLError and csv.Error
        raise CorpusError(f"{path}: not a valid manifest ({exc})") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise CorpusError(f"{path}: expected rows with the fields file, title, date, source")
    out = {}
    for n, row in enumerate(rows, 2 if path.suffix == ".csv" else 1):
        name = str(row.get("file") or "").strip()
        if not name:
            raise CorpusError(f"{path}: row {n} has no 'file'; fields are file, {', '.join(MANIFEST_FIELDS)}")
        out[name] = {k: str(row[k]).strip() for k in MANIFEST_FIELDS if row.get(k) not in (None, "")}
    return out


def read_corpus(corpus: str | Path) -> Iterator[Document]:
    root, files = list_texts(corpus)
    manifest = read_manifest(root)
    seen = set()
    for path in files:
        doc = read_document(root, path)
        if doc is not None:
            seen.add(doc.doc)
            meta = manifest.get(doc.doc) or manifest.get(path.name) or {}
            yield Document(doc.doc, doc.text, doc.encoding, meta) if meta else doc
    for name in sorted(set(manifest) - seen - {p.name for p in files}):
        log.warning("%s: listed in the manifest but not in the corpus", name)
