"""The indicator catalogue (templates/indicators.yaml): it loads, every phrase finds its own indicator,
the examples written for the genre get theirs, look-alikes stay two indicators, a user's catalogue
extends or replaces the built-in one, and every problem in it is reported together."""

from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from zoneprofile.errors import ConfigError
from zoneprofile.extract.indicators import (
    assign,
    catalogue_for,
    default_catalogue,
    load_catalogue,
    normalize_text,
)
from zoneprofile.extract.measures import MEASURES

EXAMPLES = ROOT / "tests" / "data" / "indicator_examples.yaml"
TRADITIONAL = set("國區業產總經濟發開關於設與術專億萬價額數資權團際營運機構實現強創據來級優項點預質務進貿")


@pytest.fixture(scope="module")
def catalogue():
    return default_catalogue()


def test_the_built_in_catalogue_covers_the_genre(catalogue):
    dims = {d.id for d in catalogue.dimensions}
    assert {"ranking", "economy", "investment", "openness", "innovation", "services", "governance"} <= dims
    assert len(catalogue.indicators) >= 120
    used = {i.dimension for i in catalogue.indicators.values()}
    assert used == dims  # no empty dimension
    for ind in catalogue.indicators.values():
        assert ind.phrases and ind.measures <= set(MEASURES) and ind.label and ind.definition, ind.id
        assert not any(set(p) & TRADITIONAL for p in ind.phrases), ind.id  # phrases are simplified
        for n in ind.not_:
            assert not any(n in normalize_text(p)[0] for p in ind.phrases), (ind.id, n)  # no self-veto


def test_every_phrase_alone_finds_its_own_indicator(catalogue):
    for ind in catalogue.indicators.values():
        for phrase in ind.phrases:
            text = phrase + "1"
            (result,) = assign(catalogue, text, [(len(text) - 1, len(text), None, None)])
            assert result.indicator == ind.id, (phrase, result)


def test_the_examples_get_their_indicators(extract_text):
    """Each example (a clause as zone texts write it) extracted as a document: its figure (the last, or
    the one named) gets the indicator the example says, or none."""
    examples = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    checked, wrong = 0, []
    for ex in examples:
        facts = [f for f in extract_text(ex["text"]) if f.value is not None]
        if ex.get("figure"):
            facts = [f for f in facts if ex["figure"] in f.text or f.text in ex["figure"]]
        if not facts:
            continue  # a figure the extractor does not read (吨标准煤, 36期): extraction's gap, not the catalogue's
        checked += 1
        if facts[-1].indicator != ex["indicator"]:
            wrong.append((ex["text"], facts[-1].text, facts[-1].indicator, ex["indicator"]))
    assert not wrong, wrong
    assert checked >= 420 and sum(ex["indicator"] is None for ex in examples) >= 60


@pytest.mark.parametrize("a, b", [
    ("规上工业增加值", "规上工业总产值"),
    ("实际使用外资", "实际利用内资"),
    ("高新技术企业", "高新技术产业产值"),
    ("研发经费投入", "研发经费投入强度"),
    ("国家级经开区综合考评", "国家高新区综合评价"),
    ("地区生产总值", "人均地区生产总值"),
])
def test_look_alikes_are_two_indicators(catalogue, a, b):
    def of(phrase):
        text = phrase + "1"
        return assign(catalogue, text, [(len(text) - 1, len(text), None, None)])[0].indicator

    assert of(a) != of(b) and of(a) is not None


@pytest.mark.parametrize("text, figure, measure, indicator", [
    ("全区实现GDP 1250亿元，同比增长8.2%", "8.2%", "growth", "gdp"),
    ("地区生产总值占全市比重达到15.3%", "15.3%", "share", "gdp"),
    ("全社会研发经费支出占地区生产总值比重达到3.25%", "3.25%", "share", "rd_intensity"),
    ("全区R&D经费投入占GDP比重达3.8%", "3.8%", "share", "rd_intensity"),
    ("工业企业亩均税收达到35.6万元", "35.6万元", "per_unit", "tax_per_mu"),
    ("审批时限平均压缩68%", "68%", "growth", "approval_time"),
    ("新开工10亿元以上项目8个", "8个", "level", "projects_over_1bn"),
])
def test_a_figure_gets_its_measure_and_indicator(extract_text, text, figure, measure, indicator):
    fact = next(f for f in extract_text(text) if f.text == figure)
    assert (fact.measure, fact.indicator) == (measure, indicator)


def test_figures_paired_with_items_by_position_take_their_items_indicators(extract_text):
    """A 分别 list pairs its figures with its items by position, a structure ratio names its parts
    only through the pattern: the figure's own metric is read against the catalogue."""
    facts = {f.text: f for f in extract_text("全年会议、文件分别压缩25%和30%。")}
    assert (facts["25%"].indicator, facts["30%"].indicator) == ("meetings_held", "documents_issued")
    facts = {f.text: f for f in extract_text("三次产业结构为0.2：60.8：39。")}
    assert (facts["39"].measure, facts["39"].indicator) == ("share", "services_value_added")
    assert (facts["0.2"].indicator, facts["60.8"].indicator) == ("primary_value_added", "secondary_value_added")
    for text in ("第一产业从业人员占比5%。", "第二产业用电量增长6%。", "第三产业用电量增长6%。"):  # not value added
        assert [f.indicator for f in extract_text(text) if f.value is not None] == [None], text


def test_a_class_of_amounts_is_no_figure_of_an_indicator(extract_text):
    facts = {f.text: f for f in extract_text("新开工10亿元以上项目8个")}
    assert facts["8个"].indicator == "projects_over_1bn" and facts["10亿元以上"].indicator is None


def test_a_users_catalogue_extends_the_built_in_one(tmp_path):
    (tmp_path / "indicators.yaml").write_text(
        "extends: default\n"
        "remove: [grid_workers]\n"
        "indicators:\n"
        "  - {id: gdp, label: GDP（自定义）, dimension: economy, unit: money, phrases: [地区生产总值, GDP],\n"
        "     measures: [level, growth], definition: d, source: s}\n"
        "  - {id: unicorns, label: 独角兽企业数, dimension: enterprises, unit: count, count_of: 家,\n"
        "     phrases: [独角兽企业], measures: [level], definition: d, source: s}\n", encoding="utf-8")
    cat = catalogue_for(tmp_path)
    assert cat.indicators["gdp"].label == "GDP（自定义）" and "unicorns" in cat.indicators
    assert "grid_workers" not in cat.indicators and "fdi" in cat.indicators
    assert cat.fingerprint != default_catalogue().fingerprint
    assert catalogue_for(None) is default_catalogue() and catalogue_for(tmp_path / "none") is default_catalogue()


def test_every_problem_of_a_catalogue_is_reported_together(tmp_path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        "dimensions: [{id: economy, label: 经济}]\n"
        "indicators:\n"
        "  - {id: gdp, label: GDP, dimension: economy, unit: dollars, phrases: [GDP], measures: [level]}\n"
        "  - {id: fdi, label: 外资, dimension: nowhere, unit: money, phrases: [外资], measures: [sometimes]}\n"
        "  - {id: tax, label: 税收, dimension: economy, unit: money, phrase: [税收], measures: [level]}\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_catalogue(bad)
    text = "\n".join(info.value.problems)
    assert "gdp: unit 'dollars'" in text and "fdi: measures" in text and "tax: unknown field 'phrase'" in text
    assert all(str(bad) in p for p in info.value.problems)


def test_a_broken_catalogue_stops_the_command_with_one_line_per_problem(tmp_path):
    import subprocess
    import sys

    from conftest import PROFILES, SEEDS

    (tmp_path / "indicators.yaml").write_text("indicators: [oops\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "extract", SEEDS, "--profiles", PROFILES,
                             "--templates", tmp_path, "-o", tmp_path / "f.csv"], capture_output=True, text=True)
    assert result.returncode == 1 and "indicators.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert not Path(tmp_path / "f.csv").exists()


def test_a_catalogue_that_links_out_of_the_templates_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("indicators: []\n", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "indicators.yaml").symlink_to(outside)
    with pytest.raises(ConfigError, match="link out of the templates folder"):
        catalogue_for(mine)


def test_a_catalogue_with_an_alias_bomb_is_refused_at_once(tmp_path):
    (tmp_path / "indicators.yaml").write_text("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="alias"):
        catalogue_for(tmp_path)
