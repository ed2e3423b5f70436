"""The `extract` contract and the command line's behaviour on bad input."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import PROFILES, ROOT, SEEDS

from zoneprofile.extract.record import ENTITY_KINDS, QUANTITY_KINDS
from zoneprofile.store.facts import CONTRACT_COLUMNS


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "zoneprofile", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def jsonl_records(tmp_path_factory):
    out = tmp_path_factory.mktemp("extract") / "facts.jsonl"
    result = run("extract", SEEDS, "--profiles", PROFILES, "--format", "jsonl", "-o", out)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_jsonl_follows_the_contract(jsonl_records):
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert len(jsonl_records) > 100
    for rec in jsonl_records:
        assert list(rec)[:len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
        assert texts[rec["doc"]][rec["start"]:rec["end"]] == rec["text"]
        assert rec["kind"] in QUANTITY_KINDS + ENTITY_KINDS
        if rec["kind"] in QUANTITY_KINDS:
            assert rec["qualifier"] in {"exact", "over", "about", "under"}
            assert isinstance(rec["value"], (int, float)) and rec["unit"]
        else:
            assert rec["value"] is None and rec["qualifier"] is None
        assert (rec["zone"] is None) == (rec["zone_name"] is None)


def test_normalised_values(jsonl_records):
    by_text = {(r["text"], r["metric"]): r for r in jsonl_records}
    rec = by_text[("19.3亿元", "授信")]
    assert (rec["value"], rec["unit"], rec["zone"], rec["zone_name"]) == (
        1_930_000_000, "元", "zhenjiang-new-area", "镇江新区")
    assert by_text[("19.5%", "金融机构贷款余额同比增长")]["value"] == 19.5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_csv_and_xlsx_hold_the_same_facts(tmp_path, jsonl_records, fmt):
    out = tmp_path / f"facts.{fmt}"
    result = run("extract", SEEDS, "--profiles", PROFILES, "-o", out)
    assert result.returncode == 0, result.stderr
    df = pd.read_csv(out) if fmt == "csv" else pd.read_excel(out)
    assert list(df.columns[:len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS
    assert len(df) == len(jsonl_records)
    assert list(df["text"]) == [r["text"] for r in jsonl_records]


def test_default_corpus_and_output(tmp_path):
    # run from a copy of the project layout: seeds/ and profiles/ by default, output/facts.csv
    import shutil

    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(PROFILES, tmp_path / "profiles")
    result = run("extract", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "facts.csv").stat().st_size > 1000
    assert "without a zone" in result.stderr


def test_missing_corpus_is_one_line_exit_1(tmp_path):
    result = run("extract", tmp_path / "nowhere", "--profiles", PROFILES, "-o", tmp_path / "f.csv")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "nowhere" in result.stderr and "Traceback" not in result.stderr


def test_bad_profiles_listed_then_exit_1(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x.yaml").write_text("id: x\nname: 某区\n", encoding="utf-8")
    result = run("extract", SEEDS, "--profiles", tmp_path / "p", "-o", tmp_path / "f.csv")
    assert result.returncode == 1
    assert "'aliases'" in result.stderr and "'kind'" in result.stderr and "'city'" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exit_2(tmp_path):
    result = run("extract", SEEDS, "--format", "pdf")
    assert result.returncode == 2


def test_unknown_zone_names_the_choices(tmp_path):
    result = run("brief", SEEDS, "--profiles", PROFILES, "--zones", "nope", "-o", tmp_path / "b.pdf")
    assert result.returncode == 2  # a bad choice for an option is a usage error (README)
    assert "nope" in result.stderr and "zhenjiang-new-area" in result.stderr


def test_help_is_fast_to_import():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "zoneprofile", "--help"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "extract" in result.stdout
    heavy = {"pandas", "jieba", "weasyprint"}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()}
    assert not heavy & imported


# ------------------------------------------------------------------ bad input never crashes
def one_line_error(result, code):
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("zoneprofile: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("args, words", [
    (["extract", "--no-such-option"], ["--no-such-option", "zoneprofile extract --help"]),
    (["frobnicate"], ["frobnicate"]),
    (["extract", SEEDS, "--format", "pdf"], ["--format", "'pdf'", "csv"]),
    (["extract", SEEDS, "--format", "csv", "-o", "out.xlsx"], ["--format", "xlsx"]),
    (["extract", SEEDS, "-o", "facts.pdf"], ["-o", "facts.pdf", ".csv"]),
    (["extract", SEEDS, "-o", SEEDS], ["-o", "folder"]),
    (["brief", SEEDS, "-o", "brief.html"], ["-o", ".pdf"]),
    (["brief", SEEDS, "-o", "b.pdf", "--html", "b.pdf"], ["--html", ".html"]),
    (["brief", SEEDS, "-o", "b.pdf", "--zones", " , "], ["--zones", "zhenjiang-new-area"]),
    (["zones", "--write", "drafts"], ["--write", "--discover"]),
])
def test_usage_errors_exit_2_in_one_line(tmp_path, args, words):
    line = one_line_error(run(*args, cwd=ROOT), 2)
    for word in words:
        assert str(word) in line, (word, line)


def test_html_and_pdf_paths_must_differ(tmp_path):
    line = one_line_error(run("brief", SEEDS, "-o", tmp_path / "b", "--html", tmp_path / "b"), 2)
    assert "--html" in line


@pytest.mark.parametrize("make, words", [
    (lambda d: None, ["nowhere", "not found"]),
    (lambda d: d.mkdir(), ["nowhere", "no *.txt"]),
    (lambda d: (d.mkdir(), (d / "a.txt").write_bytes(b"%PDF-1.4\n")), ["nowhere", "could be read"]),
])
def test_corpus_problems_exit_1(tmp_path, make, words):
    corpus = tmp_path / "nowhere"
    make(corpus)
    result = run("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [x for x in result.stderr.splitlines() if x.startswith("zoneprofile: error:")]
    assert len(errors) == 1
    for word in words:
        assert word in errors[0]
    assert not (tmp_path / "f.csv").exists()


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "extract", tmp_path / "nowhere", "--profiles", PROFILES, "-o", tmp_path / "f.csv")
    assert result.returncode == 1 and "Traceback" in result.stderr and "nowhere" in result.stderr


def test_a_bug_is_still_one_line(tmp_path):
    code = ("import sys, zoneprofile.pipeline as p\n"
            "def boom(*a, **k): raise KeyError('kaput')\n"
            "p.extract_parts = boom\n"
            "from zoneprofile.cli import main\nmain(sys.argv[1:])\n")
    args = ["extract", str(SEEDS), "--profiles", str(PROFILES), "-o", str(tmp_path / "f.csv")]
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    line = one_line_error(result, 1)
    assert "KeyError" in line and "--debug" in line


def test_mixed_corpus_skips_the_bad_files_and_processes_the_rest(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in SEEDS.glob("*.txt"):
        (corpus / p.name).write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.txt").write_bytes(b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n")
    out = tmp_path / "f.jsonl"
    result = run("extract", corpus, "--profiles", PROFILES, "-o", out)
    assert result.returncode == 0, result.stderr
    warnings = [x for x in result.stderr.splitlines() if "warning" in x]
    assert len(warnings) == 2 and any("empty.txt" in w for w in warnings) and any("scan.txt" in w for w in warnings)
    assert out.read_text(encoding="utf-8").count("\n") > 300


def test_terminal_escapes_in_texts_are_not_printed(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("某地新增企业\x1b[2J\x1b]0;owned\x0720家。\u202e", encoding="utf-8")
    result = run("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv")
    assert result.returncode == 0, result.stderr
    assert "no zone" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b[2J" in result.stderr


def test_exit_codes_are_in_the_help():
    result = run("--help")
    assert result.returncode == 0 and "0 success, 1 an input or runtime problem, 2 a usage error" in result.stdout


def test_an_empty_result_is_still_a_valid_table_and_brief(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("今天天气很好。\n\n没有任何数字的一篇短文。", encoding="utf-8")
    result = run("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv")
    assert result.returncode == 0, result.stderr
    header = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()
    assert header == [",".join(pd.read_csv(tmp_path / "f.csv").columns)]
    result = run("brief", corpus, "--profiles", PROFILES, "-o", tmp_path / "b.pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-")


def test_articles_about_zones_without_a_profile(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("苏州工业园区简讯\n\n苏州工业园区前三季度新增企业120家，实际使用外资5亿美元。\n",
                                  encoding="utf-8")
    result = run("brief", corpus, "--profiles", PROFILES, "-o", tmp_path / "b.pdf", "--html", tmp_path / "b.html")
    assert result.returncode == 0, result.stderr
    assert "2 without a zone" in result.stderr
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "未能归属的数据" in page and "120家" in page
