"""jieba's dictionary as extraction uses it, kept in one file and loaded in one read.

A process that extracts starts by loading jieba: its prefix dictionary (jieba's own cache file,
read with marshal.load from the file, ~0.6 s here), the part-of-speech tag of every word
(jieba.posseg parses its 350,000-line dict.txt on import, ~0.4 s) and the domain terms
(data/terms.txt, added a word at a time). With several workers this is the forkserver's work, which
every worker waits for: most of the fixed cost of `extract`. The same state, once built, is written
here as one marshal file (the prefix dictionary, its total, the tag table, the words finalseg must
split) and read back with one marshal.loads, ~0.35 s.

The file is a build product of jieba's files and ours, like jieba's own jieba.cache, and lives where
jieba keeps that (the temporary folder): its name carries a key of jieba's version, its dictionary
file (path, size, time), our terms file, Python's version and this format, so any change builds it
again. It is read only when it belongs to this user and no one else may write to it, and written
atomically (a temporary file renamed); a file that cannot be read or written is built again, or
not kept: the run goes on as before. Written by hand: jieba has no such cache for its tags.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT = 1


def snapshot_path(jieba, terms: bytes) -> Path | None:
    """Where the snapshot of jieba's default dictionary with `terms` is kept (None: jieba is set
    up otherwise — another dictionary, another cache folder — and is loaded as jieba loads it)."""
    dt = jieba.dt
    if dt.dictionary is not None or dt.cache_file or dt.initialized:
        return None
    try:
        dict_file = Path(jieba.__file__).with_name("dict.txt")
        info = dict_file.stat()
    except (OSError, TypeError):
        return None
    key = hashlib.sha256(repr((FORMAT, jieba.__version__, sys.version_info[:2], str(dict_file), info.st_size,
                               info.st_mtime_ns)).encode() + terms).hexdigest()[:24]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(dt.tmp_dir or tempfile.gettempdir()) / f"zoneprofile-jieba.{uid}.{key}.marshal"


def read_snapshot(path: Path) -> tuple | None:
    """(prefix dictionary, total, tag table, force-split words), or None when the file is missing,
    is not this user's own, or is not a snapshot."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o022 or (
                hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = None
            data = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.debug("jieba snapshot %s not read: %s", path, exc)
        return None
    finally:
        if fd is not None:
            os.close(fd)
    if not (isinstance(data, tuple) and len(data) == 4 and isinstance(data[0], dict) and isinstance(data[1], int)
            and isinstance(data[2], dict) and isinstance(data[3], (set, frozenset))):
        return None
    return data


def write_snapshot(path: Path, jieba, pseg) -> None:
    """Keep jieba's state (the terms loaded, the tags merged) at `path`; nothing on failure."""
    pseg.dt.makesure_userdict_loaded()
    state = (jieba.dt.FREQ, jieba.dt.total, pseg.dt.word_tag_tab, set(jieba.finalseg.Force_Split_Words))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(state))
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError) as exc:
        log.debug("jieba snapshot %s not written: %s", path, exc)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def install(state: tuple, jieba, pseg) -> None:
    """jieba as read_snapshot's `state` left it: dictionary loaded, terms added, tags merged."""
    freq, total, tags, force_split = state
    dt = jieba.dt
    with dt.lock:
        dt.FREQ, dt.total = freq, total
        dt.user_word_tag_tab = {}
        dt.initialized = True
    pseg.dt.word_tag_tab = tags
    jieba.finalseg.Force_Split_Words.update(force_split)
