"""Issue 16, the command line: what reaches the terminal, what a bad option says, what a draft profile
survives (item 22), and the determinism checks that held (the same facts, byte for byte, whatever the
environment)."""

import os
import shutil
import subprocess
import sys

import pytest
from attacks_common import PROFILES, SEEDS, one_line_error, small_corpus, zp


def test_item22_a_line_break_in_a_file_name_is_never_printed_raw(tmp_path):
    corpus = small_corpus(tmp_path / "c", {"a\nb\u2028c.txt": "某地今年新增企业7家。\n"})
    code, err = zp("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv", "-j", "0")
    assert code == 0
    (line,) = [line for line in err.splitlines() if "no zone:" in line]
    assert "a\\nb\\u2028c.txt" in line and "\u2028" not in err


def test_item22_a_bad_scheduler_is_one_line(tmp_path):
    pytest.importorskip("dask.distributed")
    code, err = zp("extract", small_corpus(tmp_path / "c"), "--profiles", PROFILES, "-o", tmp_path / "f.csv",
                   "--engine", "dask", "--scheduler", "nonsense")
    line = one_line_error(code, err, 2)
    assert "--scheduler" in line and "unexpected" not in line


def test_item22_a_line_separator_in_a_sentence_leaves_the_draft_profile_valid(tmp_path):
    from zoneprofile.read.profiles import load_profiles

    corpus = small_corpus(tmp_path / "c", {"a.txt": "无锡高新区投资20亿元，\u2028无锡高新区新增企业30家。无锡高新区召开会议。\n"})
    code, err = zp("zones", corpus, "--profiles", PROFILES, "--discover", "--write", tmp_path / "drafts")
    assert code == 0, err
    (draft,) = load_profiles(tmp_path / "drafts")
    assert draft.name == "无锡高新区" and draft.extra.get("draft") is True


def test_held_the_same_facts_byte_for_byte_whatever_the_environment(tmp_path):
    """Cache cold and warm, the output replayed; and, extracted again in another process, another hash
    seed, time zone, locale, working folder and order in which the files were made: one JSONL."""
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"), reverse=True):
        shutil.copy(seed, shuffled / seed.name)
    env = {"PYTHONHASHSEED": "2", "TZ": "America/New_York", "LC_ALL": "C.UTF-8", "LANG": "C"}
    other = subprocess.Popen([sys.executable, "-m", "zoneprofile", "extract", shuffled, "--profiles", PROFILES,
                              "-o", tmp_path / "other.jsonl", "-j", "0", "--no-cache"], cwd=tmp_path,
                             env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name, extra in (("cold", ["--no-cache"]), ("warm", []), ("replayed", [])):
        assert zp("-q", "extract", SEEDS, "--profiles", PROFILES, "-o", tmp_path / f"{name}.jsonl", "-j", "0",
                  *extra)[0] == 0
    assert other.wait(timeout=120) == 0
    outputs = {p.name: p.read_bytes() for p in tmp_path.glob("*.jsonl")}
    assert len(outputs) == 4 and len(set(outputs.values())) == 1 and len(outputs["cold.jsonl"]) > 10000
