"""Issue 16, the store: each test performs one attack on the outputs, the fact store or the cache and
checks that nothing is lost, nothing runs, and the run ends right (items 1-4, 7, 8, 17, 22; and the
kill -9 recovery that held)."""

import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest
from attacks_common import PROFILES, ROOT, descendants, one_line_error, seed_copies, small_corpus, zp

pa = pytest.importorskip("pyarrow")


def _store_docs(store):
    from zoneprofile.store.parquet import load_store

    df, infos, _ = load_store(store)
    return df, [i.doc for i in infos]


# ---------------------------------------------------------------- 1: a store over an ordinary folder
def test_item01_parquet_output_on_an_ordinary_folder_deletes_nothing(tmp_path):
    corpus = small_corpus(tmp_path / "c")
    v = tmp_path / "v"
    (v / "facts" / "sub").mkdir(parents=True)
    (v / "words").mkdir()
    (v / "facts" / "sub" / "thesis.tex").write_text("x", encoding="utf-8")
    (v / "manifest.json").write_text('{"mine": true}', encoding="utf-8")
    code, err = zp("extract", corpus, "--profiles", PROFILES, "--format", "parquet", "-o", v, "-j", "0")
    assert "no fact store" in one_line_error(code, err, 2)
    assert (v / "facts" / "sub" / "thesis.tex").read_text(encoding="utf-8") == "x"
    assert json.loads((v / "manifest.json").read_text(encoding="utf-8")) == {"mine": True}


def test_item01_a_rebuild_removes_only_the_stores_own_files(tmp_path, profiles_dir):
    corpus = small_corpus(tmp_path / "c")
    store = tmp_path / "store"
    assert zp("-q", "extract", corpus, "--profiles", profiles_dir, "--format", "parquet", "-o", store, "-j", "0")[0] == 0
    (store / "facts" / "notes.txt").write_text("mine", encoding="utf-8")
    (store / "facts" / "zone=zhenjiang-new-area" / "README").write_text("mine too", encoding="utf-8")
    path = profiles_dir / "zhenjiang-new-area.yaml"  # other profiles: the store is built again
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [镇江新城, "), encoding="utf-8")
    assert zp("-q", "extract", corpus, "--profiles", profiles_dir, "--format", "parquet", "-o", store, "-j", "0")[0] == 0
    assert (store / "facts" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (store / "facts" / "zone=zhenjiang-new-area" / "README").read_text(encoding="utf-8") == "mine too"
    assert set(_store_docs(store)[1]) == {"a.txt", "b.txt"}


# ---------------------------------------------------------------- 2: -o at a device, a pipe, a link to one
@pytest.mark.parametrize("command, suffix", [("extract", ".csv"), ("brief", ".pdf")])
@pytest.mark.parametrize("make", ["fifo", "link to fifo", "link to /dev/null"])
def test_item02_output_at_a_pipe_or_device_is_refused_and_left_alone(tmp_path, command, suffix, make):
    import stat

    corpus = small_corpus(tmp_path / "c")
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    target = fifo
    if make != "fifo":
        target = tmp_path / f"link{suffix}"
        target.symlink_to(fifo if make == "link to fifo" else "/dev/null")
    code, err = zp(command, corpus, "--profiles", PROFILES, "-o", target, "-j", "0")
    assert "not a file" in one_line_error(code, err, 2)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert target.is_symlink() == (make != "fifo")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# ---------------------------------------------------------------- 3: two updates of one store at once
@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    """Enough text that an extract runs for several seconds."""
    return seed_copies(tmp_path_factory.mktemp("big"), 40)


@pytest.fixture(scope="module")
def medium_corpus(tmp_path_factory):
    """Enough text that an extract in one process runs for a few seconds."""
    return seed_copies(tmp_path_factory.mktemp("medium"), 2)


def _locked(store) -> bool:
    import fcntl

    try:
        fd = os.open(store / ".zoneprofile.lock", os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def test_item03_two_updates_of_one_store_never_mix(tmp_path, medium_corpus):
    other = small_corpus(tmp_path / "other")
    store = tmp_path / "store"
    first = subprocess.Popen([sys.executable, "-m", "zoneprofile", "-q", "extract", medium_corpus, "--profiles", PROFILES,
                              "--format", "parquet", "-o", store, "-j", "0", "--no-cache"], cwd=ROOT,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while not _locked(store) and first.poll() is None and time.time() < deadline:
            time.sleep(0.05)
        assert _locked(store), "the first update never held the store"
        code, err = zp("extract", other, "--profiles", PROFILES, "--format", "parquet", "-o", store, "-j", "0")
        assert "another zoneprofile run is updating" in one_line_error(code, err)
        assert first.wait(timeout=120) == 0, first.stderr.read()
    finally:
        first.kill()
        first.wait()
    df, docs = _store_docs(store)
    assert len(docs) == 2 * 5 and set(df["doc"]) <= set(docs)
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "complete" and len(manifest["inputs"]) == 10


# ---------------------------------------------------------------- 4: an update killed midway
def test_item04_an_interrupted_update_is_never_read_and_is_repaired(tmp_path, profiles, monkeypatch):
    import pyarrow.dataset as ds

    from zoneprofile.run.stream import extract_corpus
    from zoneprofile.store import parquet

    a = small_corpus(tmp_path / "a")
    b = small_corpus(tmp_path / "b", {"a.txt": "镇江高新区新增企业99家。\n", "c.txt": "镇江新区授信8.8亿元。\n"})
    store = tmp_path / "store"
    assert zp("-q", "extract", a, "--profiles", PROFILES, "--format", "parquet", "-o", store, "-j", "0")[0] == 0

    real, written = parquet._write_table, []

    def dies_after_one(path, table):  # the disk fills up (or kill -9) after the first partition
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, table)

    monkeypatch.setattr(parquet, "_write_table", dies_after_one)
    code, err = zp("extract", b, "--profiles", PROFILES, "--format", "parquet", "-o", store, "-j", "0")
    assert "No space left" in one_line_error(code, err)
    monkeypatch.setattr(parquet, "_write_table", real)
    zone = next((store / "facts").glob("zone=*"))
    (zone / "part-0.parquet.tmp").write_bytes(b"half a file")  # what the previous version left behind
    (zone / ".zoneprofile-tmp-x.parquet").write_bytes(b"half a file")

    code, err = zp("brief", "--facts", store, "--profiles", PROFILES, "-o", tmp_path / "b.pdf")
    assert "interrupted" in one_line_error(code, err) and not (tmp_path / "b.pdf").exists()

    # back to the first corpus: what the interrupted update touched is redone, nothing of b is left
    assert zp("-q", "extract", a, "--profiles", PROFILES, "--format", "parquet", "-o", store, "-j", "0")[0] == 0
    df, docs = _store_docs(store)
    pd.testing.assert_frame_equal(df, extract_corpus(a, profiles)[0], check_dtype=False)  # the store keeps values as float64
    assert not list(store.rglob("*.tmp")) and not list(store.rglob(".zoneprofile-tmp-*"))
    assert ds.dataset(store / "facts", format="parquet", partitioning="hive").to_table().num_rows == len(df)


# ---------------------------------------------------------------- 7: formulas in spreadsheets
FORMULAS = {"=1+2.txt": "=SUM(A1:A9)，镇江新区新增企业20家。\n+cmd|' /C calc'!A0，镇江高新区授信3亿元。\n",
            "b.txt": "@SUM(1+1)*cmd|' /C calc'!A0\n\n-2+3，镇江新区投资5亿元。\n"}


def test_item07_no_cell_of_csv_or_xlsx_runs_as_a_formula(tmp_path):
    import openpyxl

    from zoneprofile.store.facts import FORMULA_STARTS

    corpus = small_corpus(tmp_path / "c", FORMULAS)
    out = {fmt: tmp_path / f"facts.{fmt}" for fmt in ("jsonl", "csv", "xlsx")}
    for path in out.values():
        assert zp("-q", "extract", corpus, "--profiles", PROFILES, "-o", path, "-j", "0")[0] == 0
    truth = [json.loads(line) for line in out["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert any(r["doc"] == "=1+2.txt" for r in truth) and any(r["sentence"].startswith("=SUM") for r in truth)

    sheet = openpyxl.load_workbook(out["xlsx"])["facts"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    header = [c.value for c in next(sheet.iter_rows())]
    texts = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    assert [r["sentence"] for r in texts] == [r["sentence"] for r in truth]  # nothing changed in XLSX

    csv = pd.read_csv(out["csv"], dtype=str, keep_default_na=False)
    for column in csv.columns:
        assert not any(v[:1] in FORMULA_STARTS - {"'"} for v in csv[column] if v), column
    from zoneprofile.store.parquet import (
        read_fact_file,  # --facts reads the CSV back exactly
    )

    back = read_fact_file(out["csv"])
    assert list(back["sentence"]) == [r["sentence"] for r in truth] and list(back["doc"]) == [r["doc"] for r in truth]


# ---------------------------------------------------------------- 8 and 17: a tampered cache
def _cache_run(corpus, cache_dir):
    code, err = zp("extract", corpus, "--profiles", PROFILES, "--format", "jsonl", "-o", cache_dir.parent / "out.jsonl",
                   "-j", "0")
    assert code == 0, err
    return (cache_dir.parent / "out.jsonl").read_bytes(), err


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))  # what unpickling would do: create a file


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ZONEPROFILE_CACHE_DIR", str(folder))
    return folder


def test_item08_a_pickle_planted_in_the_cache_never_runs(tmp_path, own_cache):
    corpus = small_corpus(tmp_path / "c")
    clean, _ = _cache_run(corpus, own_cache)
    marker = tmp_path / "pwned"
    bomb = pickle.dumps([_Payload(marker)])
    import zlib

    with sqlite3.connect(own_cache / "facts.sqlite3") as db:
        db.execute("UPDATE facts SET rows = ?", (zlib.compress(bomb, 1),))
        db.execute("UPDATE words SET data = ?", (zlib.compress(bomb, 1),))
    again, err = _cache_run(corpus, own_cache)
    assert not marker.exists() and again == clean
    assert "(2 from the cache)" not in err  # extracted again, not read


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder away")
def test_item08_a_cache_folder_of_another_user_is_not_used(tmp_path, own_cache):
    corpus = small_corpus(tmp_path / "c")
    clean, _ = _cache_run(corpus, own_cache)
    os.chown(own_cache, 4242, 4242)
    os.chown(own_cache / "facts.sqlite3", 4242, 4242)
    again, err = _cache_run(corpus, own_cache)
    assert again == clean and "owned by another user" in err and "from the cache" not in err


def test_item17_swapped_emptied_or_cut_entries_are_extracted_again(tmp_path, own_cache):
    corpus = small_corpus(tmp_path / "c", {**{f"{i}.txt": f"镇江新区新增企业{20 + i}家，授信{i}.5亿元。\n" for i in range(4)}})
    clean, _ = _cache_run(corpus, own_cache)
    with sqlite3.connect(own_cache / "facts.sqlite3") as db:
        rows = db.execute("SELECT key, rows FROM facts ORDER BY key").fetchall()
        assert len(rows) == 4
        (k0, r0), (k1, r1), (k2, r2), (k3, r3) = rows
        db.execute("UPDATE facts SET rows = ? WHERE key = ?", (r1, k0))  # swapped
        db.execute("UPDATE facts SET rows = ? WHERE key = ?", (r0, k1))
        db.execute("UPDATE facts SET rows = ? WHERE key = ?", (b"", k2))  # emptied
        db.execute("UPDATE facts SET rows = ? WHERE key = ?", (r3[:len(r3) // 2], k3))  # cut
    again, err = _cache_run(corpus, own_cache)
    assert again == clean and "from the cache" not in err and "warning" not in err
    third, err = _cache_run(corpus, own_cache)
    assert third == clean and "(4 from the cache)" in err


def test_item22_a_damaged_cache_file_is_rebuilt_once(tmp_path, own_cache):
    corpus = small_corpus(tmp_path / "c")
    clean, _ = _cache_run(corpus, own_cache)
    for leftover in own_cache.glob("facts.sqlite3-*"):
        leftover.unlink()
    (own_cache / "facts.sqlite3").write_bytes(b"this is no database " * 100)
    again, err = _cache_run(corpus, own_cache)
    assert again == clean and err.count("was damaged") == 1
    third, err = _cache_run(corpus, own_cache)
    assert third == clean and "warning" not in err and "(2 from the cache)" in err


# ---------------------------------------------------------------- 22: malformed --facts files
@pytest.mark.parametrize("name, content, where", [
    ("bad.jsonl", '{"doc": "a.txt"}\n', "bad.jsonl:1:"),
    ("bad.jsonl", "\n".join(['{"x": 1}'] * 2 + ["{not json"]), "bad.jsonl:1:"),
    ("deep.jsonl", "[" * 100000 + "]" * 100000 + "\n", "deep.jsonl:1:"),
    ("bad.csv", "doc,kind\na.txt,money\n", "bad.csv:1:"),
    ("bad.csv", "doc,zone,zone_name,kind,text,start,end,value,unit,qualifier,metric,period,sentence\n"
                "a.txt,,,money,x,one,2,,,,,,s\n", "bad.csv:2:"),
    ("latin.csv", b"doc\n\xff\xfe\xfa\n", "latin.csv"),
])
def test_item22_a_malformed_facts_file_is_one_line_naming_it(tmp_path, name, content, where):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, err = zp("brief", "--facts", path, "--profiles", PROFILES, "-o", tmp_path / "b.pdf")
    line = one_line_error(code, err)
    assert where in line and "unexpected" not in line and not (tmp_path / "b.pdf").exists()


# ---------------------------------------------------------------- held: kill -9 during a write
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_held_kill9_during_a_write_leaves_the_old_output_or_none_and_the_next_run_recovers(tmp_path, big_corpus, fmt):
    out = tmp_path / ("facts.csv" if fmt == "csv" else "store")
    small = small_corpus(tmp_path / "small")
    assert zp("-q", "extract", small, "--profiles", PROFILES, "--format", fmt, "-o", out, "-j", "0")[0] == 0
    before = out.read_bytes() if fmt == "csv" else None
    proc = subprocess.Popen([sys.executable, "-m", "zoneprofile", "-q", "extract", big_corpus, "--profiles", PROFILES,
                             "--format", fmt, "-o", out, "-j", "2", "--no-cache"], cwd=ROOT,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while len(descendants(proc.pid)) < 2 and time.time() < deadline:  # the workers are extracting
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if fmt == "csv":
        assert out.read_bytes() == before
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".facts.csv.")]
    else:  # the small corpus's store as it was, or one that says it was interrupted
        from zoneprofile.errors import ZoneprofileError

        try:
            assert set(_store_docs(out)[1]) == {"a.txt", "b.txt"}
        except ZoneprofileError as exc:
            assert "interrupted" in str(exc)
    assert zp("-q", "extract", small, "--profiles", PROFILES, "--format", fmt, "-o", out, "-j", "0")[0] == 0
    if fmt == "parquet":
        assert set(_store_docs(out)[1]) == {"a.txt", "b.txt"}
