"""The `extract` contract and the command line's behaviour on bad input."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import PROFILES, ROOT, SEEDS

from zoneprofile.extract import ENTITY_KINDS, QUANTITY_KINDS
from zoneprofile.facts import CONTRACT_COLUMNS


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
    assert result.returncode == 1
    assert "nope" in result.stderr and "zhenjiang-new-area" in result.stderr


def test_help_is_fast_to_import():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "zoneprofile", "--help"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "extract" in result.stdout
    heavy = {"pandas", "jieba", "weasyprint"}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()}
    assert not heavy & imported
