"""The attribution pitfalls: shared words between zone names, and inheritance."""

import pytest


def zones(facts):
    return [(f.text, f.zone, f.attribution) for f in facts]


def test_gaoxinqu_is_never_read_as_xinqu(extract_text):
    (fact,) = extract_text("高新区组建48支先锋团队。")
    assert fact.zone == "zhenjiang-hi-tech-zone"


def test_full_name_of_hi_tech_zone_is_not_the_new_area(extract_text):
    (fact,) = extract_text("镇江高新区组建48支先锋团队。")
    assert fact.zone == "zhenjiang-hi-tech-zone" and fact.zone_name == "镇江高新区"


def test_each_figure_takes_the_nearest_zone_named_before_it(extract_text):
    facts = extract_text("镇江新区组建先锋服务团队38支，镇江高新区组建48支先锋团队。")
    assert [(f.text, f.zone) for f in facts] == [
        ("38支", "zhenjiang-new-area"), ("48支", "zhenjiang-hi-tech-zone")]


def test_sentence_without_zone_inherits_from_its_paragraph(extract_text):
    text = "镇江高新区召开新闻发布会。目前已办结17项。\n\n另一段没有点名。共有20家企业入驻。"
    facts = extract_text("标题一\n\n标题二\n\n" + text)
    # no headline zone and two paragraphs: the second paragraph has no zone of its own,
    # but the document names only one zone, so it inherits from the document
    assert [(f.text, f.zone, f.attribution) for f in facts] == [
        ("17项", "zhenjiang-hi-tech-zone", "paragraph"),
        ("20家", "zhenjiang-hi-tech-zone", "document"),
    ]


def test_headline_zone_is_the_document_zone(extract_text):
    text = "镇江新区 践行初心办实事\n\n镇江高新区的同行来访。\n\n截至目前，累计开展上门服务40余次。"
    (fact,) = extract_text(text)
    assert (fact.zone, fact.attribution) == ("zhenjiang-new-area", "document")


def test_unattributable_fact_keeps_no_zone(extract_text):
    text = "两地开发区座谈会\n\n镇江新区与镇江高新区召开座谈会。\n\n会上，有关部门通报共有20家企业签约。"
    facts = extract_text(text)
    assert [(f.text, f.zone, f.zone_name, f.attribution) for f in facts] == [("20家", None, None, "none")]


def test_seed_zones(seed_facts):
    df, _ = seed_facts
    by_doc = df.groupby("doc")["zone"].agg(lambda z: set(z.dropna()))
    assert by_doc["004_531f6a344d3f0c97.txt"] == {"zhenjiang-hi-tech-zone"}
    assert by_doc["000_303548be3bc03ab2.txt"] == {"zhenjiang-new-area"}


def test_a_zone_no_profile_claims_is_not_ours(extract_text):
    """高新区 inside 无锡高新区 is not our 镇江高新区, and what follows about it inherits nothing."""
    text = ("镇江高新区三季度经济运行情况\n\n前三季度，镇江高新区实现地区生产总值460亿元。\n\n"
            "同期，无锡高新区实现地区生产总值1200亿元，增长9%。该区新增企业500家。")
    got = {f.text: (f.zone, f.attribution) for f in extract_text(text) if f.kind in ("money", "percent", "count")}
    assert got["460亿元"] == ("zhenjiang-hi-tech-zone", "sentence")
    assert got["1200亿元"] == got["9%"] == got["500家"] == (None, "other")


def test_a_part_of_the_zone_named_as_a_place_does_not_block(extract_text):
    """仪式在浒关开发区举行: a place inside the zone the article is about, not another zone's subject."""
    text = ("镇江高新区重点项目集中开工\n\n3月25日，高新区重点项目开工仪式在丁卯开发区举行。"
            "新能源等7个项目合计总投资12.1亿元。")
    got = {f.text: f.zone for f in extract_text(text) if f.kind in ("money", "count")}
    assert got == {"7个": "zhenjiang-hi-tech-zone", "12.1亿元": "zhenjiang-hi-tech-zone"}


def test_a_figure_of_the_whole_city_is_not_the_zones(extract_text):
    text = "镇江新区前三季度经济运行稳中向好\n\n新区规上工业产值增长8%。全市开发区平均增速为6.5%。"
    got = {f.text: (f.zone, f.attribution) for f in extract_text(text) if f.kind == "percent"}
    assert got == {"8%": ("zhenjiang-new-area", "sentence"), "6.5%": (None, "scope")}


@pytest.mark.parametrize("text, expected", [
    # the zone named in the sentence, the next clause about the province or the city
    ("镇江新区出口增长12%，全省增长8%、全市增长9%。", {"12%": "zhenjiang-new-area", "8%": None, "9%": None}),
    ("全市开发区平均增速为6.5%，镇江新区增速达12%。", {"6.5%": None, "12%": "zhenjiang-new-area"}),
    # a share's list of wholes: each is the zone's share, the province only its base
    ("镇江新区新增省级智能制造服务商16家，占镇江市61%、全省24%。",
     {"16家": "zhenjiang-new-area", "61%": "zhenjiang-new-area", "24%": "zhenjiang-new-area"}),
])
def test_a_clause_about_the_city_or_province_after_the_zones(extract_text, text, expected):
    assert {f.text: f.zone for f in extract_text(text) if f.kind in ("percent", "count")} == expected


# ---------------------------------------------------------------- class words and lists of places
def _profiles(tmp_path, *specs):
    from zoneprofile.read.profiles import load_profiles

    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    for zone_id, name, aliases in specs:
        (folder / f"{zone_id}.yaml").write_text(
            f"id: {zone_id}\nname: {name}\naliases: [{', '.join(aliases)}]\nkind: 新区\ncity: 深圳\n", encoding="utf-8")
    return load_profiles(folder)


def _extract(profiles, text):
    from zoneprofile.extract.document import extract_document
    from zoneprofile.lang.dictionary import prepare_dictionary
    from zoneprofile.read.corpus import Document

    prepare_dictionary(profiles)
    return [f for f in extract_document(Document("t.txt", text, "utf-8"), profiles) if f.value is not None]


def test_two_zones_of_one_city_may_both_call_themselves_xinqu(tmp_path):
    """Two 新区 of one city each call themselves 新区 in their own work reports: the class word stands for
    the zone the text names, not for whichever profile listed it first."""
    profiles = _profiles(tmp_path, ("pingshan", "坪山新区", ["新区"]), ("dapeng", "大鹏新区", ["新区"]))
    facts = _extract(profiles, "大鹏新区管委会工作报告\n\n过去一年，新区实现地区生产总值245亿元，增长3.6%。")
    assert {f.zone for f in facts} == {"dapeng"}


def test_a_class_word_after_another_zone_of_that_class_is_not_ours(tmp_path):
    profiles = _profiles(tmp_path, ("changsha-hitech", "长沙高新区", ["高新区"]))
    facts = _extract(profiles, "长沙高新区实现总收入2816亿元。湘潭高新区成立于1992年，2009年晋升为国家级高新区，"
                               "去年高新区产值过亿元的工业企业达110家。")
    assert [(f.text, f.zone) for f in facts] == [("2816亿元", "changsha-hitech"), ("过亿元", None), ("110家", None)]


def test_a_shared_alias_that_is_no_class_word_is_still_refused(tmp_path):
    import pytest

    from zoneprofile.errors import ProfileError

    with pytest.raises(ProfileError, match="already claimed"):
        _profiles(tmp_path, ("a", "坪山新区", ["坪山"]), ("b", "坪山高新区", ["坪山"]))


def test_in_a_list_of_places_each_figure_is_its_own_places(tmp_path):
    """宿城区5个项目…；宿迁经济技术开发区4个项目…；沭阳县6个项目: a county's figures are the county's, never the
    zone's, and say whose they are."""
    profiles = _profiles(tmp_path, ("suqian-etdz", "宿迁经济技术开发区", ["宿迁经开区"]))
    facts = _extract(profiles, "宿迁经开区召开重大项目推进会。全市新开工项目中，宿城区5个项目，总投资12亿元；"
                               "宿迁经济技术开发区4个项目，总投资20亿元；沭阳县6个项目，总投资15亿元。")
    assert [(f.text, f.zone, f.subject) for f in facts] == [
        ("5个", None, "宿城区"), ("12亿元", None, "宿城区"), ("4个", "suqian-etdz", None),
        ("20亿元", "suqian-etdz", None), ("6个", None, "沭阳县"), ("15亿元", None, "沭阳县")]


def test_a_district_jieba_knows_as_a_name_is_still_a_place(tmp_path):
    """吴江 is a person's name in jieba's dictionary; 吴江区实现… opening a clause is a district all the same.
    A run of words before 区 that is no word at all (派驻到辖区) is none."""
    profiles = _profiles(tmp_path, ("snd", "苏州高新区", ["高新区"]))
    facts = _extract(profiles, "2023年，苏州高新区实现地区生产总值1600亿元；吴江区实现地区生产总值2403亿元。"
                               "高新区抽调48名干部，派驻到辖区50余家企业。")
    assert [(f.text, f.zone, f.subject) for f in facts] == [
        ("1600亿元", "snd", None), ("2403亿元", None, "吴江区"), ("48名", "snd", None), ("50余家", "snd", None)]


def test_a_ranking_list_of_zones_gives_each_its_own_place(tmp_path):
    profiles = _profiles(tmp_path, ("cs-hitech", "长沙高新区", []), ("cs-etdz", "长沙经开区", []))
    facts = _extract(profiles, "在百强榜中，长沙高新区列第33位、长沙经开区列第38位、湘潭高新区列第75位、株洲高新区列第98位。")
    assert [(f.text, f.zone) for f in facts] == [("第33位", "cs-hitech"), ("第38位", "cs-etdz"), ("第75位", None),
                                                 ("第98位", None)]


def test_a_class_word_one_profile_lists_is_a_common_noun_in_another_zones_text(tmp_path):
    """苏州工业园区 lists 园区. In an article about 长沙经开区, 园区 is 长沙经开区 (the text's own zone), and
    in a county's article of another city that names no zone of ours, it is nobody's; in a text of
    苏州 that names no zone, it stands for the one profile that lists it, as before."""
    from zoneprofile.read.profiles import load_profiles

    folder = tmp_path / "profiles"
    folder.mkdir()
    for zone_id, name, aliases, city in (("sip", "苏州工业园区", "园区", "苏州"), ("cs-etdz", "长沙经开区", "长沙经济技术开发区", "长沙")):
        (folder / f"{zone_id}.yaml").write_text(
            f"id: {zone_id}\nname: {name}\naliases: [{aliases}]\nkind: 国家级经济技术开发区\ncity: {city}\n", encoding="utf-8")
    profiles = load_profiles(folder)
    facts = _extract(profiles, "长沙经开区召开经济工作会。去年，园区完成规模工业总产值2111亿元。")
    assert [(f.text, f.zone) for f in facts] == [("2111亿元", "cs-etdz")]
    facts = _extract(profiles, "某县统计局公布数据。今年1-7月，全县完成工业总产值1234亿元；园区完成产值911亿元。")
    assert [f.zone for f in facts if f.text == "911亿元"] == [None]
    facts = _extract(profiles, "苏州市商务局通报。今年以来，园区实际使用外资12亿美元。")
    assert [(f.text, f.zone) for f in facts] == [("12亿美元", "sip")]


def test_zones_listed_before_fenbie_take_their_figures_in_order(extract_text):
    """A、B分别…a、b: an article listing several zones gives each its own figure (never the last zone's)."""
    facts = extract_text("镇江新区、镇江高新区分别实现营业收入1350亿元、920亿元，同比增长9%、7%。")
    got = {f.text: f.zone for f in facts if f.kind in ("money", "percent")}
    assert got == {"1350亿元": "zhenjiang-new-area", "920亿元": "zhenjiang-hi-tech-zone",
                   "9%": "zhenjiang-new-area", "7%": "zhenjiang-hi-tech-zone"}


def test_places_listed_with_a_zone_before_fenbie_keep_their_own_figures(extract_text):
    facts = extract_text("丹徒区、句容市和镇江新区分别完成工业投资42亿元、37亿元和65亿元。")
    got = {f.text: (f.zone, f.subject, f.metric) for f in facts if f.kind == "money"}
    assert got == {"42亿元": (None, "丹徒区", "工业投资"), "37亿元": (None, "句容市", "工业投资"),
                   "65亿元": ("zhenjiang-new-area", None, "工业投资")}


def test_items_listed_before_fenbie_each_name_their_figure(extract_text):
    facts = extract_text("镇江新区产值、税收和外资分别增长12%、8%和5%。")
    assert [f.metric for f in facts if f.kind == "percent"] == ["产值增长", "税收增长", "外资增长"]


def test_a_province_opening_its_clause_is_the_subject_of_its_figures(extract_text):
    """湖南省143家园区实现…5.2万亿元，其中镇江新区实现…: the province's total is not the zone's."""
    facts = extract_text("2022年，江苏省131家省级以上开发区实现营业收入9.8万亿元，其中镇江新区实现营业收入3000亿元。")
    got = {f.text: (f.zone, f.subject) for f in facts if f.kind in ("money", "count")}
    assert got == {"131家": (None, "江苏省"), "9.8万亿元": (None, "江苏省"), "3000亿元": ("zhenjiang-new-area", None)}


def test_zones_in_a_row_of_clauses_each_keep_their_growth(extract_text):
    """镇江新区…增长9.1%，镇江高新区增长7.4%，丹徒区增长5.2%: the zone's, the other zone's (the same thing
    growing), the district's — never the district's on a zone's row."""
    facts = extract_text("今年前三季度，镇江新区规上工业增加值增长9.1%，镇江高新区增长7.4%，丹徒区增长5.2%。")
    got = {f.text: (f.zone, f.indicator) for f in facts if f.kind == "percent"}
    assert got == {"9.1%": ("zhenjiang-new-area", "industrial_value_added"),
                   "7.4%": ("zhenjiang-hi-tech-zone", "industrial_value_added"), "5.2%": (None, None)}


def test_a_zones_figure_after_the_whole_citys_takes_its_indicator(extract_text):
    facts = extract_text("全市开发区实现进出口总额520亿美元，其中镇江新区310亿美元。")
    got = {f.text: (f.zone, f.indicator) for f in facts if f.kind == "money"}
    assert got == {"520亿美元": (None, "trade"), "310亿美元": ("zhenjiang-new-area", "trade")}


def test_a_list_of_places_before_what_they_measure_and_fenbie(extract_text):
    """镇江新区、丹徒区、句容市规上工业增加值分别增长…: the last place goes on with what each measures."""
    facts = extract_text("镇江新区、丹徒区、句容市规上工业增加值分别增长9.1%、6.3%、5.8%。")
    got = [(f.text, f.zone, f.subject, f.metric) for f in facts if f.kind == "percent"]
    assert got == [("9.1%", "zhenjiang-new-area", None, "规上工业增加值增长"), ("6.3%", None, "丹徒区", "规上工业增加值增长"),
                   ("5.8%", None, "句容市", "规上工业增加值增长")]
