"""Issue 16, numerals: a figure of 309 digits is no figure and stops nothing; invisible characters,
thin spaces, a space before the unit, full-width digits and Chinese decimals are read as the number
the text shows, with offsets into the text as it is (items 15 and 18)."""

import json

import pytest
from attacks_common import PROFILES, zp

HUGE = "9" * 309


def _extract(tmp_path, texts: dict[str, str]) -> tuple[int, str, list[dict]]:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "f.jsonl"
    code, err = zp("extract", corpus, "--profiles", PROFILES, "-o", out, "-j", "0", "--no-cache")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    for r in records:
        assert (corpus / r["doc"]).read_text(encoding="utf-8")[r["start"]:r["end"]] == r["text"]
    return code, err, records


def test_item15_309_digits_stop_nothing(tmp_path):
    code, err, records = _extract(tmp_path, {
        "huge.txt": f"镇江新区增长{HUGE}%，投资{HUGE}亿元，位列全省第{HUGE}位，新增企业{HUGE}家。"
                    f"镇江新区授信19.3亿元。\n",
        "ok.txt": "镇江高新区新增项目35个，总投资超过120亿元。\n"})
    assert code == 0 and "Traceback" not in err and "warning" not in err, err
    assert {(r["doc"], r["text"]) for r in records if r["value"] is not None} >= {
        ("huge.txt", "19.3亿元"), ("ok.txt", "35个"), ("ok.txt", "超过120亿元")}
    assert all(r["value"] is None or abs(r["value"]) < 1e16 for r in records)


@pytest.mark.parametrize("text, figure, value, unit", [
    ("镇江新区授信1\u200b9.3亿元。", "1\u200b9.3亿元", 1_930_000_000, "元"),
    ("镇江新区投资1\u2009930万元。", "1\u2009930万元", 19_300_000, "元"),
    ("镇江新区投资1\u202f930万元。", "1\u202f930万元", 19_300_000, "元"),
    ("镇江新区授信19.3 亿元。", "19.3 亿元", 1_930_000_000, "元"),
    ("镇江新区增长5.2 %。", "5.2 %", 5.2, "%"),
    ("镇江新区位列全省第５位。", "全省第５位", 5, "位"),
    ("镇江新区授信十九点三亿元。", "十九点三亿元", 1_930_000_000, "元"),
    ("镇江新区新增企业２\u200b０家。", "２\u200b０家", 20, "家"),
])
def test_item18_numbers_are_read_as_written(tmp_path, text, figure, value, unit):
    code, err, records = _extract(tmp_path, {"a.txt": text + "\n"})
    assert code == 0, err
    found = [(r["text"], r["value"], r["unit"]) for r in records if r["value"] is not None]
    assert found == [(figure, value, unit)]
