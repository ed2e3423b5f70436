"""Issue 7: the dask engine gives exactly the local engine's facts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROFILES, ROOT, SEEDS

pytestmark = pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="needs zoneprofile[scale]")


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    # processes=True, as the command's own cluster: the workers import zoneprofile themselves
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import corpus as builder
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out = tmp_path_factory.mktemp("generated")
    builder.build(out, docs=200, seed=7)
    return out


def _facts(corpus, profiles, **kw) -> pd.DataFrame:
    from zoneprofile.run.stream import extract_parts

    return extract_parts(corpus, profiles, **kw).frame()


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_dask_engine_gives_the_local_facts(which, cluster, generated, profiles):
    corpus = SEEDS if which == "seeds" else generated
    local = _facts(corpus, profiles, jobs=0)
    pooled = _facts(corpus, profiles, jobs=2)
    for partitions in (None, 3):
        dask = _facts(corpus, profiles, engine="dask", scheduler=cluster.scheduler_address, partitions=partitions)
        pd.testing.assert_frame_equal(dask, local)
    pd.testing.assert_frame_equal(pooled, local)
    assert len(local) > (300 if which == "seeds" else 3000)


def test_extract_command_with_dask_engine(tmp_path, cluster):
    from zoneprofile.cli import main

    for engine in ("local", "dask"):
        args = ["-q", "extract", str(SEEDS), "--profiles", str(PROFILES), "--no-cache", "--engine", engine,
                "-o", str(tmp_path / f"{engine}.jsonl")]
        if engine == "dask":
            args += ["--scheduler", cluster.scheduler_address, "--partitions", "2"]
        main(args)  # returns on success
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_help_imports_no_scale_library():
    import subprocess

    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "zoneprofile", "--help"],
                         capture_output=True, text=True, check=True)
    for name in ("dask", "distributed", "pyarrow", "fsspec"):
        assert f" {name}" not in out.stderr.replace("|", " "), name


# ---------------------------------------------------------------- the Parquet fact store
def _copy_seeds(tmp_path) -> Path:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def test_store_round_trips_the_facts_and_updates_only_what_changed(tmp_path, profiles):
    from zoneprofile.pipeline import write_store
    from zoneprofile.run.stream import extract_corpus
    from zoneprofile.store.parquet import load_store

    corpus = _copy_seeds(tmp_path)
    store = tmp_path / "store"
    summary, docs, changes = write_store(corpus, profiles, {}, store)
    assert changes["extracted"] == 5 and docs == 5
    df, infos, counts = load_store(store)
    pd.testing.assert_frame_equal(df, extract_corpus(corpus, profiles)[0])
    assert [i.doc for i in infos] == sorted(p.name for p in corpus.glob("*.txt"))
    assert set(counts) == {p.id for p in profiles}
    assert any(p.name.startswith("zone=") for p in (store / "facts").iterdir())

    mtimes = {p: p.stat().st_mtime_ns for p in store.rglob("part-0.parquet")}
    _, _, changes = write_store(corpus, profiles, {}, store)
    assert changes == {"extracted": 0, "removed": 0, "rewritten": 0}
    assert {p: p.stat().st_mtime_ns for p in store.rglob("part-0.parquet")} == mtimes

    files = sorted(corpus.glob("*.txt"))
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n镇江新区今年新增企业12家。\n", encoding="utf-8")
    files[-1].unlink()
    (corpus / "new.txt").write_text("镇江高新区新增项目35个，总投资超过120亿元。\n", encoding="utf-8")
    _, docs, changes = write_store(corpus, profiles, {}, store)
    assert changes["extracted"] == 2 and changes["removed"] == 1 and docs == 5
    df, infos, _ = load_store(store)
    pd.testing.assert_frame_equal(df, extract_corpus(corpus, profiles)[0])
    assert files[-1].name not in set(df["doc"]) and "new.txt" in set(df["doc"])
    (corpus / "stray.txt").write_text("某地今年新增企业7家。\n", encoding="utf-8")
    write_store(corpus, profiles, {}, store)
    df, _, _ = load_store(store)
    assert (store / "facts" / "zone=__HIVE_DEFAULT_PARTITION__" / "part-0.parquet").is_file()
    pd.testing.assert_frame_equal(df, extract_corpus(corpus, profiles)[0])
    import pyarrow.dataset as ds  # readable as a Hive-partitioned dataset by other tools

    table = ds.dataset(store / "facts", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(df)


def _html(profiles, zone_ids, **kw) -> str:
    from zoneprofile.render.brief import build_context
    from zoneprofile.render.templates import render_html

    context = build_context(templates=None, zone_ids=zone_ids, profiles=profiles, **kw)
    return render_html("brief.html" if len(zone_ids) > 1 else "profile.html", {**context.as_dict(), "extra_css": ""})


def test_brief_from_the_store_is_identical_to_the_brief_from_the_corpus(tmp_path, profiles, seed_facts,
                                                                        monkeypatch):
    from zoneprofile.pipeline import write_store
    from zoneprofile.store.parquet import load_facts

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_store(SEEDS, profiles, {}, tmp_path / "store")
    df, docs = seed_facts
    for zone_ids in ([p.id for p in profiles], [profiles[0].id]):
        expected = _html(profiles, zone_ids, df=df, docs=docs, corpus=str(SEEDS))
        sdf, infos, counts, corpus = load_facts(tmp_path / "store", profiles)
        assert corpus == str(SEEDS)
        assert _html(profiles, zone_ids, df=sdf, docs=infos, corpus=corpus, word_counts=counts) == expected


def test_brief_command_from_facts(tmp_path, monkeypatch):
    from zoneprofile.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    common = ["--profiles", str(PROFILES)]
    main(["-q", "extract", str(SEEDS), *common, "--format", "parquet", "-o", str(tmp_path / "store")])
    main(["-q", "extract", str(SEEDS), *common, "-o", str(tmp_path / "f.jsonl")])
    main(["-q", "extract", str(SEEDS), *common, "-o", str(tmp_path / "f.csv")])
    main(["-q", "brief", str(SEEDS), *common, "-o", str(tmp_path / "a.pdf")])
    main(["-q", "brief", "--facts", str(tmp_path / "store"), *common, "-o", str(tmp_path / "b.pdf")])
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    # JSONL and CSV: no documents table or word counts, so titles are file names; the two agree
    for name in ("f.jsonl", "f.csv"):
        main(["-q", "brief", "--facts", str(tmp_path / name), *common, "--html", str(tmp_path / f"{name}.html"),
              "-o", str(tmp_path / f"{name}.pdf")])
        main(["-q", "profile", "zhenjiang-new-area", "--facts", str(tmp_path / name), *common,
              "-o", str(tmp_path / f"{name}.profile.pdf")])
    assert (tmp_path / "f.jsonl.html").read_text(encoding="utf-8") == (tmp_path / "f.csv.html").read_text(encoding="utf-8")


def test_store_with_the_dask_engine(tmp_path, profiles, cluster, generated):
    from zoneprofile.pipeline import write_store
    from zoneprofile.store.parquet import load_store

    write_store(generated, profiles, {}, tmp_path / "local", jobs=0)
    write_store(generated, profiles, {}, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    a, b = load_store(tmp_path / "local"), load_store(tmp_path / "dask")
    pd.testing.assert_frame_equal(a[0], b[0])
    assert a[1] == b[1] and a[2] == b[2]


# ---------------------------------------------------------------- corpus sources
def test_corpus_from_a_glob_a_list_and_fsspec_urls(tmp_path, profiles):
    import fsspec

    from zoneprofile.read.corpus import read_corpus
    from zoneprofile.run.stream import extract_corpus

    corpus = _copy_seeds(tmp_path)
    files = sorted(corpus.glob("*.txt"))
    # one file in GBK and one in UTF-16 with BOM: decoded (and offsets kept) exactly as local files
    files[1].write_bytes(files[1].read_text(encoding="utf-8").encode("gb18030"))
    files[2].write_bytes(files[2].read_text(encoding="utf-8").encode("utf-16"))
    (corpus / "manifest.csv").write_text(f"file,title,date\n{files[0].name},标题,2022-10-30\n", encoding="utf-8")
    expected, docs = extract_corpus(corpus, profiles)
    assert docs[0].meta == {"title": "标题", "date": "2022-10-30"}
    (tmp_path / "list.txt").write_text("# the seeds\n" + "\n".join(f"corpus/{f.name}" for f in files) + "\n\n",
                                       encoding="utf-8")
    mem = fsspec.filesystem("memory")
    for f in corpus.iterdir():
        mem.pipe(f"/zp-test/{f.name}", f.read_bytes())
    for source in (f"{corpus}/*.txt", f"@{tmp_path / 'list.txt'}", f"file://{corpus}", "memory://zp-test",
                   "memory://zp-test/*.txt"):
        df, read = extract_corpus(source, profiles)
        pd.testing.assert_frame_equal(df, expected)
        assert [(d.doc, d.text, d.encoding) for d in read] == [(d.doc, d.text, d.encoding) for d in docs]
        if source[0] != "@":  # the manifest beside the texts (a list's root is its files' folder, too)
            assert read[0].meta == docs[0].meta
    assert len(list(read_corpus("memory://zp-test/0*.txt"))) == 5
    mem.rm("/zp-test", recursive=True)
