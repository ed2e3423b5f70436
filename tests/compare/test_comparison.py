"""Step 5: the comparison — like compared with like: one row per indicator, measure and outlook;
figures shown as written; what differs stated on the row."""

import pytest

from zoneprofile.compare.comparison import format_value

A, B = "hefei-hi-tech-zone", "hefei-etdz"
PROFILES = {
    A: "id: {id}\nname: 合肥高新区\naliases: [高新区, 合肥国家高新区]\nkind: 国家级高新技术产业开发区\ncity: 合肥\n",
    B: "id: {id}\nname: 合肥经开区\naliases: [经开区, 合肥经济技术开发区]\nkind: 国家级经济技术开发区\ncity: 合肥\n",
}


@pytest.fixture
def compare_texts(tmp_path):
    """The brief's context of two texts, one about each of two zones of one city (written for the genre)."""
    from zoneprofile.read.profiles import load_profiles
    from zoneprofile.render.brief import build_context
    from zoneprofile.run.stream import extract_corpus

    def run(text_a: str, text_b: str, date_a: str = "2023-07-29", date_b: str = "2023-07-30"):
        corpus, profiles_dir = tmp_path / "texts", tmp_path / "profiles"
        corpus.mkdir(exist_ok=True)
        profiles_dir.mkdir(exist_ok=True)
        for zone, body in PROFILES.items():
            (profiles_dir / f"{zone}.yaml").write_text(body.format(id=zone), encoding="utf-8")
        (corpus / "a.txt").write_text(text_a, encoding="utf-8")
        (corpus / "b.txt").write_text(text_b, encoding="utf-8")
        (corpus / "manifest.csv").write_text(f"file,title,date,source\na.txt,A,{date_a},\nb.txt,B,{date_b},\n",
                                             encoding="utf-8")
        profiles = load_profiles(profiles_dir)
        df, docs = extract_corpus(corpus, profiles)
        return build_context(df, profiles, docs, str(corpus), [A, B], vocabulary={})

    return run


def rows(context, kind="rows"):
    """{(indicator, measure, outlook): {zone: display}} of the context's aligned rows (or singles)."""
    return {(r.indicator, r.measure, r.outlook): {z: c[0].display for z, c in r.cells.items() if c}
            for d in context.dimensions for r in getattr(d, kind)}


def test_one_indicator_is_one_row_whatever_the_words(compare_texts):
    context = compare_texts("上半年，合肥高新区实现GDP 760亿元，同比增长6.7%。",
                            "上半年，合肥经开区实现地区生产总值520亿元，同比增长5.4%。")
    aligned = rows(context)
    assert aligned[("gdp", "level", None)] == {A: "760亿元", B: "520亿元"}
    assert aligned[("gdp", "growth", None)] == {A: "6.7%", B: "5.4%"}


def test_level_growth_and_share_are_three_rows(compare_texts):
    context = compare_texts("合肥高新区规上工业总产值1200亿元，增长7.4%，占全市比重20%。",
                            "合肥经开区规上工业总产值1500亿元，增长3.5%，占全市比重25%。")
    aligned = rows(context)
    assert {k[1] for k in aligned if k[0] == "industrial_output"} == {"level", "growth", "share"}


def test_output_and_value_added_are_two_indicators(compare_texts):
    context = compare_texts("合肥高新区规上工业总产值增长7.4%。", "合肥经开区规上工业增加值增长8.1%。")
    assert not rows(context)  # nothing in common: two different indicators
    singles = rows(context, "singles")
    assert singles[("industrial_output", "growth", None)] == {A: "7.4%"}
    assert singles[("industrial_value_added", "growth", None)] == {B: "8.1%"}


def test_a_target_is_never_beside_a_result(compare_texts):
    context = compare_texts("合肥高新区现有科技型上市企业15家。",
                            "合肥经开区力争到2025年科技型上市企业达到35家。")
    assert not rows(context)
    singles = rows(context, "singles")
    assert singles[("listed_firms", "level", None)] == {A: "15家"}
    assert singles[("listed_firms", "level", "target")] == {B: "35家"}


def test_targets_are_aligned_with_targets(compare_texts):
    context = compare_texts("今年合肥高新区力争地区生产总值增长8%。", "今年合肥经开区地区生产总值力争增长7%左右。")
    assert rows(context)[("gdp", "growth", "target")] == {A: "8%", B: "约7%"}


def test_a_growth_on_another_basis_is_another_row(compare_texts):
    context = compare_texts("与2009年相比，合肥高新区地区生产总值增长108.3%。",
                            "合肥经开区地区生产总值同比增长3.6%。")
    assert not rows(context)


def test_different_years_and_periods_are_stated_on_the_row(compare_texts):
    context = compare_texts("2022年，合肥高新区实际使用外资12.5亿美元。", "今年1-6月，合肥经开区实际使用外资6.1亿美元。",
                            date_a="2023-02-01", date_b="2023-07-30")
    row = next(r for d in context.dimensions for r in d.rows if r.indicator == "fdi")
    assert any("年份不同" in c for c in row.caveats) and any("时段不同" in c for c in row.caveats)


def test_a_part_of_the_zone_is_not_on_the_zones_row(compare_texts):
    context = compare_texts("合肥高新区实现规上工业总产值1200亿元。",
                            "合肥经开区出口加工区实现规上工业总产值85亿元。")
    assert ("industrial_output", "level", None) not in rows(context)
    cell = next(v for c in context.categories for row in c.rows for v in row.values() if v and v.value == 85e8)
    assert cell.scope == "出口加工区"


def test_the_outputs_of_two_programmes_are_not_one_row(compare_texts):
    context = compare_texts("合肥高新区组织党员干部走访企业400余次，协调解决问题73个。",
                            "合肥经开区开展“企业服务月”活动以来，走访企业40余次，解决问题42个。")
    assert not rows(context)


def test_the_outputs_of_one_programme_are_one_row(compare_texts):
    context = compare_texts("“我为群众办实事”实践活动开展以来，合肥高新区领导干部领办难题57项。",
                            "“我为群众办实事”实践活动开展以来，合肥经开区各级干部领办难题239项。")
    row = next(r for d in context.dimensions for r in d.rows if r.indicator == "issues_claimed")
    assert row.programme == "我为群众办实事"


def test_two_national_rankings_are_never_one_row(compare_texts):
    context = compare_texts("合肥高新区在国家高新区综合评价中位列第8位。",
                            "合肥经开区在国家级经开区综合发展水平考核评价中位列第12位。")
    assert not rows(context)
    assert {k[0] for k in rows(context, "singles")} == {"hitech_zone_national_rank", "etdz_national_rank"}


def test_a_place_with_its_scope_unsaid_is_on_the_row_of_the_one_scope_written(compare_texts):
    """第14位 and 全国第14位 of one ranking are one row (the scope was left unsaid); with both 全国 and 全省
    places written, an unscoped place cannot be told apart and keeps a row of its own."""
    context = compare_texts("合肥经开区在国家级经开区综合发展水平考核评价中位列全国第12位。",
                            "2022年，合肥经开区在国家级经开区综合考评中排名第14位。")
    ranks = [r for d in context.dimensions for r in d.rows + d.singles if r.indicator == "etdz_national_rank"]
    assert len(ranks) == 1 and [c.display for c in ranks[0].cells[B]] == ["全国第12位"]
    context = compare_texts("合肥经开区在国家级经开区综合考评中位列全国第12位、全省第2位。",
                            "2022年，合肥经开区在国家级经开区综合考评中排名第14位。")
    ranks = [r for d in context.dimensions for r in d.rows + d.singles if r.indicator == "etdz_national_rank"]
    assert len(ranks) == 3
    # another zone's written scope says nothing of this zone's unscoped place
    context = compare_texts("合肥高新区在营商环境评价中排名第9位。", "合肥经开区在营商环境评价中位列全省第2位。")
    ranks = [r for d in context.dimensions for r in d.rows + d.singles if r.indicator == "business_environment_rank"]
    assert len(ranks) == 2 and all(len([z for z, c in r.cells.items() if c]) == 1 for r in ranks)


def test_seeds_align_only_what_an_analyst_would(context):
    """The seeds' brief (镇江新区 × 镇江高新区): the pioneer teams of one city-wide campaign side by side,
    their programme on the row; the two zones' grid staff (different grids, different years) not."""
    aligned = {r.indicator: r for d in context.dimensions for r in d.rows}
    teams = aligned["service_teams"]
    assert {z: c[0].value for z, c in teams.cells.items()} == {"zhenjiang-hi-tech-zone": 48, "zhenjiang-new-area": 38}
    assert teams.programme and "亚夫" in teams.programme
    assert "grid_workers" not in aligned
    assert all(not c.paired for c in context.categories)  # no pairing by phrase any more


@pytest.mark.parametrize("value, unit, kind, shown", [
    (1_930_000_000, "元", "money", "19.3亿元"), (25_000_000, "元", "money", "2,500万元"),
    (50_000_000, "美元", "money", "5,000万美元"), (5000, "元", "money", "5,000元"),
    (212_000, "平方米", "area", "21.2万平方米"), (19.5, "%", "percent", "19.5%"),
    (22, "位", "rank", "第22位"), (49, "位", "rank_change", "上升49位"), (3, "百分点", "percent", "3个百分点"),
])
def test_value_formatting(value, unit, kind, shown):
    assert format_value(value, unit, kind) == shown


@pytest.mark.parametrize("row, shown", [
    (dict(value=2, unit="工作日", kind="duration", qualifier="under", value_min=1), "1–2工作日"),
    (dict(value=3, unit="位", kind="rank", qualifier="under", value_min=None, scope="全国"), "全国前3位"),
    (dict(value=100_000_000, unit="元", kind="money", qualifier="over", value_min=None), "超1亿元"),
])
def test_a_range_and_a_top_rank_are_shown_as_written(row, shown):
    from zoneprofile.compare.comparison import _view

    row = dict(zone="z", text="t", metric="m", period=None, doc="d", start=0, end=1, **row)
    assert _view(row, 1, "c").display == shown


def test_targets_are_no_headline_figures():
    from zoneprofile.compare.comparison import FactView, headline_figures

    def view(zone, value, outlook=None):
        return FactView(zone=zone, kind="money", display="", exact="", text="", value=value, unit="元",
                        qualifier="exact", metric="地区生产总值", period=None, year=2014, scope=None,
                        category="c", doc="d", start=0, end=1, note=1, outlook=outlook)

    a_result, a_target = view("a", 3.7e10), view("a", 4.2e10, "target")
    assert headline_figures([a_result, a_target]) == [a_result]


def test_a_class_threshold_is_on_no_row_its_count_is(compare_texts):
    """过亿元企业14家: the threshold (measure `threshold`) bounds a class; the brief shows the class's count."""
    context = compare_texts("合肥高新区全年税收过亿元企业14家。", "合肥经开区全年税收亿元以上企业11家。")
    shown = [c.display for d in context.dimensions for r in [*d.rows, *d.singles] for cells in r.cells.values()
             for c in cells] + [cell.display for cat in context.categories for line in cat.rows for cell in line.values()
                                if cell is not None]
    assert "14家" in shown and "11家" in shown
    assert not any("亿元" in s for s in shown)
