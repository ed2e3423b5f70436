"""Writing outputs safely: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from zoneprofile.errors import ZoneprofileError

# What the tool reads from an input folder: texts, the manifest, profiles, gold files.
INPUT_SUFFIXES = (".txt", ".yaml", ".yml", ".jsonl")
INPUT_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")


def is_input(target: Path, inputs: tuple[Path, ...]) -> bool:
    """Whether writing `target` would overwrite (or add to) what a run reads: one of the
    input files, or a file of an input kind inside an input folder."""
    resolved = target.resolve()
    for inp in inputs:
        inp = Path(inp).resolve()
        if resolved == inp:
            return True
        if target.exists() and inp.is_file() and os.path.samefile(target, inp):
            return True  # a hard link to an input
        if inp.is_dir() and inp in resolved.parents and (
                resolved.suffix.lower() in INPUT_SUFFIXES or resolved.name.lower() in INPUT_NAMES):
            return True
    return False


def atomic_write(path: str | Path, write: Callable[[str], None], inputs: tuple[Path, ...] = ()) -> Path:
    """Call write(tmp_path), then move tmp_path onto `path`: never a half-written output,
    never an input overwritten. The data is on disk before the rename."""
    path = Path(path)
    if is_input(path, tuple(inputs)):
        raise ZoneprofileError(f"{path}: refusing to write over an input; choose another output file")
    if path.is_dir():
        raise ZoneprofileError(f"{path}: is a folder; give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".part{path.suffix}", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


FORMATS = ("csv", "jsonl", "xlsx")


def infer_format(path: Path, fmt: str | None) -> str:
    """The format of the facts file: as asked, else from the suffix of `path`, else csv."""
    if fmt:
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    return {"json": "jsonl", "xls": "xlsx"}.get(suffix, suffix) if suffix in (*FORMATS, "json") else "csv"
