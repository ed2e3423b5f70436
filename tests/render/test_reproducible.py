"""The same inputs give the same bytes: two separate processes write byte-identical PDFs, and
the PDF's dates come from SOURCE_DATE_EPOCH or the documents, never from the clock."""

import os
import shutil
import subprocess
import sys

from conftest import PROFILES, ROOT, SEEDS
from pypdf import PdfReader


def brief(corpus, out, *options, **env):
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(env)
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "-q", "brief", corpus, "--profiles", PROFILES,
                             "-o", out, "--html", out.with_suffix(".html"), *options],
                            capture_output=True, text=True, cwd=ROOT, env=environ)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def test_two_processes_write_the_same_bytes(tmp_path):
    # --no-cache: both rendered by WeasyPrint (the PDF cache relies on this)
    first = brief(SEEDS, tmp_path / "a.pdf", "--no-cache", PYTHONHASHSEED="1")
    second = brief(SEEDS, tmp_path / "b.pdf", "--no-cache", PYTHONHASHSEED="2")
    assert first == second
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    info = PdfReader(tmp_path / "a.pdf").metadata
    assert "/CreationDate" not in info and "/ModDate" not in info  # no date known: none written


def test_source_date_epoch_dates_the_pdf(tmp_path):
    brief(SEEDS, tmp_path / "a.pdf", SOURCE_DATE_EPOCH="1700000000")
    info = PdfReader(tmp_path / "a.pdf").metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20231114221320Z"


def test_without_source_date_epoch_the_latest_document_date(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    (corpus / "manifest.csv").write_text(
        f"file,date\n{names[0]},2021-09-30\n{names[1]},2022-10-30\n{names[2]},2022-3\n", encoding="utf-8")
    brief(corpus, tmp_path / "a.pdf")
    assert PdfReader(tmp_path / "a.pdf").metadata["/CreationDate"].startswith("D:20221030")


def test_a_bad_source_date_epoch_is_one_line(tmp_path):
    environ = dict(os.environ, SOURCE_DATE_EPOCH="yesterday")
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "brief", SEEDS, "--profiles", PROFILES,
                             "-o", tmp_path / "a.pdf"], capture_output=True, text=True, cwd=ROOT, env=environ)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "SOURCE_DATE_EPOCH" in result.stderr
