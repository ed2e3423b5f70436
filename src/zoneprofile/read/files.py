"""Reading what a run is given, whatever stands at its paths: the one place that opens input files
and walks input folders, so every step meets named pipes, devices, link loops and deep or unreadable
folders the same way (docs/promises.md says what is followed and what is skipped).

- read_regular: the bytes of a regular file (a link to one is followed), at most `limit` of them.
  It is opened without blocking, so a named pipe never hangs the run, and checked on the open file,
  so nothing swapped in between the check and the read is read (a link to /dev/zero, a pipe).
- walk: the files under a folder whose relative path matches a glob pattern, folder by folder with
  a stack (no recursion, so no depth limit), never entering a link to a folder (a `self -> .` link
  would read every file again, two links to each other would never end). Links to files are read.
  What is skipped (a folder that cannot be read, a named pipe or device named like a text, a broken
  link) is said in a warning naming it.

Written by hand: os.walk and pathlib's rglob recurse (a corpus 1,100 folders deep raised
RecursionError), glob.glob's `**` follows folder links into loops, and none of them reports an
unreadable folder.
"""

from __future__ import annotations

import errno
import fnmatch
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


class NotRegularFile(OSError):
    """A path that is no regular file: a folder, named pipe, device or socket (or a link to one)."""


def kind_of(mode: int) -> str:
    """What a file of this st_mode is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class TooBig(OSError):
    """A regular file over the size its reader accepts."""


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (links followed). Raises NotRegularFile for
    anything else (without blocking on a pipe), TooBig past `limit` bytes, OSError otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFile(exc.errno, "not a regular file", str(path)) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, kind_of(st.st_mode), str(path))
        if st.st_size > limit:
            raise TooBig(errno.EFBIG, f"{st.st_size >> 20} MB, more than the {limit >> 20} MB allowed", str(path))
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):  # a regular file never blocks; it may grow while read
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise TooBig(errno.EFBIG, f"more than the {limit >> 20} MB allowed", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: str | Path) -> bool:
    """A regular file, or a link to one."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


# ---------------------------------------------------------------- walking
def _hidden_ok(name: str, part: str) -> bool:
    """As glob.glob: a wildcard does not match a name that starts with a dot, unless it does too."""
    return not name.startswith(".") or part.startswith(".")


class Pattern:
    """A glob pattern over the path below a root, split at '/': `*`, `?`, `[...]` within one name,
    `**` alone for any number of folders (none included). `hidden`: whether wildcards match names
    that start with a dot (pathlib's rglob does, glob.glob does not)."""

    def __init__(self, parts: list[str], hidden: bool):
        self.parts = [p for p in parts if p]
        self.hidden = hidden

    def _closure(self, states: set[int]) -> set[int]:
        out, todo = set(states), list(states)
        while todo:
            i = todo.pop()
            if i < len(self.parts) and self.parts[i] == "**" and i + 1 not in out:
                out.add(i + 1)
                todo.append(i + 1)
        return out

    def start(self) -> set[int]:
        return self._closure({0})

    def step(self, states: set[int], name: str) -> set[int]:
        nxt = set()
        for i in states:
            if i >= len(self.parts):
                continue
            part = self.parts[i]
            if part == "**":
                if self.hidden or not name.startswith("."):
                    nxt.add(i)
            elif fnmatch.fnmatchcase(name, part) and (self.hidden or _hidden_ok(name, part)):
                nxt.add(i + 1)
        return self._closure(nxt)

    def done(self, states: set[int]) -> bool:
        return len(self.parts) in states

    def goes_on(self, states: set[int]) -> bool:
        return any(i < len(self.parts) for i in states)


def walk(root: Path, pattern: Pattern, warn: bool = True) -> list[Path]:
    """The files under `root` whose path below it matches `pattern` (root / relative path), sorted
    as pathlib sorts paths. Folder links are never entered; each skipped thing is warned about
    (unless `warn` is false: serve's scans)."""
    say = log.warning if warn else log.debug
    found: list[Path] = []
    stack: list[tuple[Path, set[int]]] = [(root, pattern.start())]
    while stack:
        folder, states = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            say("%s: cannot read this folder (%s); its files are skipped", folder, exc.strerror or exc)
            continue
        for entry in entries:
            after = pattern.step(states, entry.name)
            if not after:
                continue
            path = folder / entry.name
            try:
                is_link = entry.is_symlink()
                st = os.stat(entry.path)  # follows a link
            except OSError:
                if pattern.done(after):
                    say("%s: a broken link, skipped", path)
                continue
            if stat.S_ISDIR(st.st_mode):
                if not pattern.goes_on(after):
                    continue
                if is_link:
                    say("%s: a link to a folder, not followed (name that folder itself, "
                                "or list its files with @LIST)", path)
                    continue
                stack.append((path, after))
            elif pattern.done(after):
                if stat.S_ISREG(st.st_mode):
                    found.append(path)
                else:
                    say("%s: %s, not a text file; skipped", path, kind_of(st.st_mode))
    return sorted(found)
