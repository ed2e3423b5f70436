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
    from zoneprofile.pipeline import extract_parts

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
