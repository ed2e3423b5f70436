"""jieba's state kept between runs (lang/snapshot.py): the same dictionary, tags and segmentation as
jieba builds, read only from a file of this user's that no one else may write, built again when it
cannot be read."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys

import pytest

PROBE = r"""
import hashlib, json, marshal
from zoneprofile.lang import dictionary as d
d.load_terms()
jieba, pseg = d._posseg()
print(json.dumps({
    "freq": hashlib.sha256(marshal.dumps(sorted(jieba.dt.FREQ.items()))).hexdigest(),
    "total": jieba.dt.total,
    "tags": hashlib.sha256(marshal.dumps(sorted(pseg.dt.word_tag_tab.items()))).hexdigest(),
    "split": sorted(jieba.finalseg.Force_Split_Words),
    "tokens": d.tokens("镇江新区经开区实现地区生产总值1200亿元，引进勃肯特等项目"),
    "snapshot": str(d._SNAPSHOT),
}, ensure_ascii=False))
"""


def probe(tmp) -> dict:
    env = {**os.environ, "TMPDIR": str(tmp)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership is checked on POSIX")
def test_the_snapshot_gives_jiebas_own_state_and_is_read_only_when_safe(tmp_path):
    built = probe(tmp_path)  # no snapshot yet: jieba loads as it does, and the state is kept
    path = tmp_path / os.path.basename(built["snapshot"])
    assert path.is_file() and (path.stat().st_mode & 0o777) == 0o600

    again = probe(tmp_path)  # read from the snapshot
    assert again == built

    freq, total, tags, split = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((freq, total + 1, tags, split)))  # a snapshot that says otherwise
    os.chmod(path, 0o600)
    assert probe(tmp_path)["total"] == total + 1  # it is what the run reads

    os.chmod(path, 0o666)  # anyone may write to it: not read, jieba builds its state again
    assert probe(tmp_path) == built

    path.write_bytes(b"not a snapshot")
    os.chmod(path, 0o600)
    assert probe(tmp_path) == built  # unreadable: built again, and kept again
    assert marshal.loads(path.read_bytes())[1] == total


def test_no_snapshot_where_jieba_is_set_up_otherwise():
    from types import SimpleNamespace

    from zoneprofile.lang.snapshot import snapshot_path

    import jieba

    other = SimpleNamespace(dt=SimpleNamespace(dictionary="/my/dict.txt", cache_file=None, initialized=False,
                                               tmp_dir=None), __file__=jieba.__file__, __version__="0")
    assert snapshot_path(other, b"") is None
    loaded = SimpleNamespace(dt=SimpleNamespace(dictionary=None, cache_file=None, initialized=True, tmp_dir=None),
                             __file__=jieba.__file__, __version__="0")
    assert snapshot_path(loaded, b"") is None
