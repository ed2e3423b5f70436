"""Hand-edited profiles, manifests and gold files: every problem reported together, naming
the file, the field and the valid choices; then the command stops once."""

import subprocess
import sys

import pytest
from conftest import PROFILES, ROOT

from zoneprofile.errors import ConfigError, ManifestError, ProfileError
from zoneprofile.read.profiles import load_profiles

NEW_AREA = (PROFILES / "zhenjiang-new-area.yaml").read_text(encoding="utf-8")


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "zoneprofile", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def _problems(directory):
    with pytest.raises(ProfileError) as info:
        load_profiles(directory)
    return info.value.problems


def test_unknown_field_names_the_valid_fields(profiles_dir):
    (profiles_dir / "zhenjiang-new-area.yaml").write_text(NEW_AREA + "websit: http://example.com\n", encoding="utf-8")
    (problem,) = _problems(profiles_dir)
    assert "zhenjiang-new-area.yaml" in problem and "'websit'" in problem
    assert "id, name, aliases, kind, city" in problem


def test_misspelled_field_is_one_problem_with_a_hint(profiles_dir):
    (profiles_dir / "zhenjiang-new-area.yaml").write_text(NEW_AREA.replace("aliases:", "alias:"), encoding="utf-8")
    (problem,) = _problems(profiles_dir)
    assert "missing field 'aliases'" in problem and "'alias'" in problem and "misspelling" in problem


def test_a_field_given_twice_is_reported_with_its_line(profiles_dir):
    (profiles_dir / "zhenjiang-new-area.yaml").write_text(NEW_AREA + "aliases: [镇江开发区]\n", encoding="utf-8")
    (problem,) = _problems(profiles_dir)
    line = NEW_AREA.count("\n") + 1
    assert f"zhenjiang-new-area.yaml:{line}:" in problem and "'aliases'" in problem and "twice" in problem


@pytest.mark.parametrize("content, words", [
    ("", ["empty", "id, name"]),
    ("- a\n- b\n", ["mapping", "list"]),
    ("id: zhenjiang-new-area\nname: 镇江新区\naliases: [区]\nkind: 新区\ncity: 镇江\n", ["'aliases'", "'区'", "two"]),
    ("id: zhenjiang-new-area\nname: 镇江新区\naliases: 7\nkind: 新区\ncity: 镇江\n", ["'aliases'", "list of names"]),
    ("id: Zhenjiang New\nname: 镇江新区\naliases: []\nkind: 新区\ncity: 镇江\n", ["'id'", "lower-case"]),
    ("id: zhenjiang-new-area\nname: 镇江新区\naliases: []\nkind: 新区\ncity: 镇江\ndraft: maybe\n",
     ["'draft'", "true or false"]),
    ("id: zhenjiang-new-area\n\tname: 镇江新区\n", ["zhenjiang-new-area.yaml:2", "YAML"]),
])
def test_each_mistake_names_the_file_and_field(profiles_dir, content, words):
    (profiles_dir / "zhenjiang-new-area.yaml").write_text(content, encoding="utf-8")
    (problem,) = _problems(profiles_dir)
    assert "zhenjiang-new-area.yaml" in problem
    for word in words:
        assert word in problem, (word, problem)


def test_a_profile_saved_as_gbk_loads(profiles_dir):
    (profiles_dir / "zhenjiang-new-area.yaml").write_bytes(NEW_AREA.encode("gbk"))
    assert {p.name for p in load_profiles(profiles_dir)} == {"镇江新区", "镇江高新区"}


def test_a_binary_file_among_profiles_is_a_problem(profiles_dir):
    (profiles_dir / "logo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (problem,) = _problems(profiles_dir)
    assert "logo.yaml" in problem and "PNG" in problem


def test_a_draft_profile_loads_with_a_warning(profiles_dir, caplog):
    (profiles_dir / "zhenjiang-new-area.yaml").write_text(NEW_AREA + "draft: true\n", encoding="utf-8")
    assert len(load_profiles(profiles_dir)) == 2
    assert "zhenjiang-new-area.yaml" in caplog.text and "draft" in caplog.text


def test_manifest_problems_are_reported_together(tmp_path):
    from zoneprofile.read.corpus import read_manifest

    (tmp_path / "manifest.csv").write_text(
        "file,title,date,sorce\na.txt,标题,2022-10-30,日报\nb.txt,标题,昨天,\na.txt,重复,2022,\n,无文件,2021,\n",
        encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        read_manifest(tmp_path)
    text = "\n".join(info.value.problems)
    assert "'sorce'" in text and "did you mean 'source'" in text and "file, title, date, source" in text
    assert "row 3: field 'date'" in text and "'昨天'" in text and "2022-10-30" in text
    assert "row 4: field 'file' lists 'a.txt' a second time" in text
    assert "row 5 has no 'file'" in text


def test_manifest_without_file_column(tmp_path):
    from zoneprofile.read.corpus import read_manifest

    (tmp_path / "manifest.csv").write_text("name,title\na.txt,x\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="no 'file' column.*'name', 'title'"):
        read_manifest(tmp_path)


def test_manifest_saved_as_gbk_is_read(tmp_path):
    from zoneprofile.read.corpus import read_manifest

    (tmp_path / "manifest.csv").write_bytes("file,title\na.txt,镇江新区简讯\n".encode("gbk"))
    assert read_manifest(tmp_path) == {"a.txt": {"title": "镇江新区简讯"}}


def test_profiles_manifest_and_corpus_problems_together_then_stop(tmp_path, profiles_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("镇江新区新增企业20家。", encoding="utf-8")
    (corpus / "manifest.yaml").write_text("- file: a.txt\n  date: 上周\n", encoding="utf-8")
    (profiles_dir / "zhenjiang-new-area.yaml").write_text(NEW_AREA.replace("city:", "cty:"), encoding="utf-8")
    (profiles_dir / "zhenjiang-hi-tech-zone.yaml").write_text("id: [\n", encoding="utf-8")
    out = tmp_path / "facts.csv"
    result = run("extract", corpus, "--profiles", profiles_dir, "-o", out)
    assert result.returncode == 1 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("zoneprofile: error: ") for line in lines)
    assert any("zhenjiang-new-area.yaml" in x and "'city'" in x and "'cty'" in x for x in lines)
    assert any("zhenjiang-hi-tech-zone.yaml" in x and "YAML" in x for x in lines)
    assert any("manifest.yaml: row 1: field 'date'" in x for x in lines)


def test_missing_corpus_and_bad_profiles_together(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        from zoneprofile.pipeline import load_inputs

        load_inputs(tmp_path / "nowhere", tmp_path / "p")
    assert any("nowhere" in p for p in info.value.problems)
    assert any("x.yaml" in p for p in info.value.problems)


def test_gold_problems_together(tmp_path):
    from zoneprofile.evaluate.extraction import load_gold

    bad = tmp_path / "g.jsonl"
    bad.write_text('{"doc": "a", "start": 0, "end": 1, "kind": "count"}\n[1]\n{"doc": "a"}\nnot json\n'
                   '{"doc": "a", "start": "0", "end": 1, "kind": "count"}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_gold(bad)
    assert [p.split(":")[1] for p in info.value.problems] == ["2", "3", "4", "5"]


def test_zones_lists_profiles_without_a_corpus(tmp_path):
    result = run("zones", "--profiles", PROFILES, cwd=tmp_path)
    assert result.returncode == 0 and "zhenjiang-new-area" in result.stdout


def test_discover_reports_a_missing_corpus_in_one_line(tmp_path):
    result = run("zones", tmp_path / "nowhere", "--profiles", PROFILES, "--discover")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "nowhere" in result.stderr

