"""Writing outputs safely: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from zoneprofile.errors import ZoneprofileError


def atomic_write(path: str | Path, write: Callable[[str], None], inputs: tuple[Path, ...] = ()) -> Path:
    """Call write(tmp_path), then move tmp_path onto `path`: never a half-written output,
    never an input overwritten."""
    path = Path(path)
    resolved = path.resolve()
    for inp in inputs:
        inp = Path(inp).resolve()
        if resolved == inp or (inp.is_dir() and inp in resolved.parents and resolved.suffix == ".txt"):
            raise ZoneprofileError(f"{path}: refusing to write over an input")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".part{path.suffix}", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        write(tmp)
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
