"""Several briefs in one run: `brief --zones A,B --zones C`, `brief --against A`; each the same
bytes as the brief written alone, named by its zones."""

import os
import subprocess
import sys

import pytest
from conftest import PROFILES, ROOT, SEEDS

NEW, HI = "zhenjiang-new-area", "zhenjiang-hi-tech-zone"


def run(*args, **env):
    environ = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", **env)
    return subprocess.run([sys.executable, "-m", "zoneprofile", "-q", "brief", SEEDS, "--profiles", PROFILES,
                           *map(str, args)], cwd=ROOT, capture_output=True, text=True, env=environ)


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """Each brief written by a run of its own."""
    folder = tmp_path_factory.mktemp("alone")
    out = {}
    for zones in (f"{NEW},{HI}", HI, f"{HI},{NEW}"):
        path = folder / f"{zones}.pdf"
        result = run("--zones", zones, "-o", path, "--html", path.with_suffix(".html"))
        assert result.returncode == 0, result.stderr
        out[zones] = (path.read_bytes(), path.with_suffix(".html").read_bytes())
    return out


def test_zones_given_twice_write_two_briefs(tmp_path, alone):
    result = run("--zones", f"{NEW},{HI}", "--zones", HI, "-o", tmp_path / "brief.pdf",
                 "--html", tmp_path / "brief.html", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"brief-{HI}.html", f"brief-{HI}.pdf", f"brief-{NEW}+{HI}.html", f"brief-{NEW}+{HI}.pdf"]
    assert (tmp_path / f"brief-{NEW}+{HI}.pdf").read_bytes() == alone[f"{NEW},{HI}"][0]
    assert (tmp_path / f"brief-{NEW}+{HI}.html").read_bytes() == alone[f"{NEW},{HI}"][1]
    assert (tmp_path / f"brief-{HI}.pdf").read_bytes() == alone[HI][0]  # one zone: its profile


def test_against_one_zone_with_a_name_pattern(tmp_path, alone):
    result = run("--against", HI, "-o", tmp_path / "briefs" / "{zones}.pdf")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "briefs").iterdir()] == [f"{HI}+{NEW}.pdf"]
    assert (tmp_path / "briefs" / f"{HI}+{NEW}.pdf").read_bytes() == alone[f"{HI},{NEW}"][0]


@pytest.mark.parametrize("args, message", [
    (["--zones", HI, "--zones", HI], "written twice"),
    (["--against", HI, "--zones", HI, "--zones", NEW], "--against"),
    (["--against", "nope"], "unknown zone 'nope'"),
    (["--against", HI, "--zones", HI], "no zone to set against"),
    (["--zones", HI, "--zones", NEW, "--html", "{tmp}/{zones}", "-o", "{tmp}/{zones}"], "also the PDF's path"),
])
def test_bad_batches_are_usage_errors(tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run(*args, *([] if "-o" in args else ["-o", tmp_path / "b.pdf"]))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert not list(tmp_path.iterdir())


def test_help_documents_several_briefs():
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "brief", "--help"], cwd=ROOT,
                            capture_output=True, text=True)
    assert "--against ZONE" in result.stdout and "{zones}" in result.stdout and "--zones" in result.stdout
