"""Writing outputs safely: a temporary file beside the target, then a rename.

What may stand at an output path (docs/promises.md): nothing, a regular file (replaced), or a
symbolic link to a regular file or to nothing (the link itself is replaced by the new file: its
target is never written). A folder, a named pipe, a device or a socket, or a link to one, is
refused before any work: replacing /dev/null (as root) or a pipe with a file is never what was meant.
"""

from __future__ import annotations

import os
import stat
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


def output_problem(path: str | Path) -> str | None:
    """Why nothing may be written at `path`, or None: see the module's docstring."""
    from zoneprofile.read.files import kind_of

    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be written ({exc.strerror or exc})"
    link = stat.S_ISLNK(st.st_mode)
    if link:
        try:
            st = os.stat(path)
        except OSError:
            return None  # a link to nothing: replaced
    if stat.S_ISREG(st.st_mode):
        return None
    what = kind_of(st.st_mode)
    if stat.S_ISDIR(st.st_mode) and not link:
        return "is a folder; give a file name"
    return f"is {'a link to ' + what if link else what}, not a file; give a file name"


def check_output(path: str | Path, inputs: tuple[Path, ...] = ()) -> Path:
    """Raise what atomic_write would refuse to write at `path`; make its folder. The path."""
    path = Path(path)
    if is_input(path, tuple(inputs)):
        raise ZoneprofileError(f"{path}: refusing to write over an input; choose another output file")
    problem = output_problem(path)
    if problem:
        raise ZoneprofileError(f"{path}: {problem}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def spool(path: Path, encoding: str = "utf-8", newline: str | None = None):
    """A file with no name in `path`'s folder (gone with the process, whatever kills it), to write
    an output into while it is made: atomic_write copies it to `path` once it is whole."""
    return tempfile.TemporaryFile("w+", dir=path.parent, encoding=encoding, newline=newline)


def atomic_write(path: str | Path, write: Callable[[str], None], inputs: tuple[Path, ...] = ()) -> Path:
    """Call write(tmp_path), then move tmp_path onto `path`: never a half-written output,
    never an input overwritten. The data is on disk before the rename."""
    path = check_output(path, inputs)
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
