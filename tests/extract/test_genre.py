"""The genre as it writes itself: traditional characters, ranks with their field, orders of arrival,
multiples, numbers in words, units shared by a list, the genre's measure words, slogans that name a count,
and names the text treats as companies. Each sentence is written for its pattern (none copied from a text)."""

import pytest

from zoneprofile.extract.record import QUANTITY_KINDS
from zoneprofile.read.profiles import Profile


def one(extract_text, text, wanted, kinds=QUANTITY_KINDS):
    facts = [f for f in extract_text(text) if f.text == wanted and f.kind in kinds]
    assert len(facts) == 1, [(f.text, f.kind) for f in extract_text(text)]
    return facts[0]


def quantities(extract_text, text):
    return [f for f in extract_text(text) if f.kind in QUANTITY_KINDS]


# ------------------------------------------------------------------ traditional characters
def test_traditional_text_keeps_its_surface_and_offsets(extract_text):
    text = "鎮江新區去年實現營業收入571億元，新增市場主體1.6萬戶，超過6萬家企業入駐。"
    facts = {f.text: f for f in quantities(extract_text, text)}
    assert {t: (f.kind, f.value, f.unit, f.qualifier) for t, f in facts.items()} == {
        "571億元": ("money", 57_100_000_000, "元", "exact"),
        "1.6萬戶": ("count", 16_000, "户", "exact"),  # the unit in simplified, as every unit is
        "超過6萬家": ("count", 60_000, "家", "over"),
    }
    for f in facts.values():
        assert text[f.start:f.end] == f.text and f.sentence == text  # as written, where it is written
        assert f.zone == "zhenjiang-new-area"  # 鎮江新區 is 镇江新区, the profile's name


def test_chinese_numerals_in_traditional_text(extract_text):
    text = "公司在園區擁有四萬兩千多坪土地，申購一千零五坪用地，預計興建三十二戶住宅。"
    got = {f.text: (f.kind, f.value, f.unit, f.qualifier) for f in quantities(extract_text, text)}
    assert got == {"四萬兩千多坪": ("area", 42_000, "坪", "about"), "一千零五坪": ("area", 1005, "坪", "exact"),
                   "三十二戶": ("count", 32, "户", "exact")}


def test_a_profile_written_in_traditional_characters_names_its_zone_in_either_script(tmp_path):
    from zoneprofile.extract.document import extract_document
    from zoneprofile.lang.dictionary import prepare_dictionary
    from zoneprofile.read.corpus import Document

    profiles = [Profile("taoyuan-park", "桃園科技園區", ("桃園園區",), "工業區", "桃園")]
    prepare_dictionary(profiles)
    try:
        for text in ("桃园科技园区去年新增企业12家。", "桃園科技園區去年新增企業12家。"):
            facts = [f for f in extract_document(Document("t.txt", text, "utf-8"), profiles) if f.kind == "count"]
            assert [(f.text, f.zone) for f in facts] == [(text[text.index("12"):text.index("12") + 3], "taoyuan-park")]
    finally:
        from conftest import PROFILES

        from zoneprofile.read.profiles import load_profiles

        prepare_dictionary(load_profiles(PROFILES))  # the other tests' dictionary


# ------------------------------------------------------------------ ranks, orders, multiples
@pytest.mark.parametrize("text, surface, value, of, ranking", [
    ("综合实力位居全国169个高新区第五位。", "全国169个高新区第五位", 5, 169, "全国高新区"),
    ("地区生产总值继续位列中西部首位。", "中西部首位", 1, None, "中西部"),
    ("开发区工业增加值稳居全国国家级经开区第三。", "全国国家级经开区第三", 3, None, "全国国家级经开区"),
    ("在全省42家省级以上开发区中排名第8位。", "第8位", 8, 42, "全省省级以上开发区"),
    ("园区亩均税收列全市各区第二名。", "全市各区第二名", 2, None, "全市各区"),
    ("新区考核名列原特区外各区第一。", "原特区外各区第一", 1, None, "原特区外各区"),
    ("园区营收增幅位居全市第四。", "全市第四", 4, None, "全市"),
])
def test_a_rank_with_its_field(extract_text, text, surface, value, of, ranking):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.of, f.ranking) == ("rank", value, "位", of, ranking)


def test_the_size_of_a_field_is_no_count(extract_text):
    assert [f.kind for f in quantities(extract_text, "综合实力位居全国169个高新区第五位。")] == ["rank"]


def test_a_rank_in_an_evaluation_keeps_it_as_its_list(extract_text):
    f = one(extract_text, "新区在全市营商环境考核中位列第一。", "第一")
    assert (f.value, f.ranking) == (1, "全市营商环境考核")


def test_a_place_without_its_ordinal_after_a_named_ranking(extract_text):
    text = "榜单公布，排名分别是：滨江高新区21名、东湖经开区47名。"
    assert [(f.text, f.kind, f.value, f.unit) for f in quantities(extract_text, text)] == [
        ("21名", "rank", 21, "位"), ("47名", "rank", 47, "位")]
    f = one(extract_text, "园区在230家国家级经开区中的排名，从2018年的41位提升至2021年的19位。", "19位")
    assert (f.kind, f.value, f.of) == ("rank", 19, 230)
    # a count of people, a move of places and a place with no ranking named are no bare places
    assert [f.kind for f in quantities(extract_text, "排名靠前的企业共有38名员工获奖。")] == ["count"]
    assert [f.kind for f in quantities(extract_text, "综合排名上升6位。")] == ["rank_change"]
    assert [f.kind for f in quantities(extract_text, "新区新招聘社工21名。")] == ["count"]
    # a ranking named earlier in the sentence makes no count of people a place (a review's finding)
    text = "新区在全国经开区综合排名中位列第10位，新引进博士30名、硕士120名。"
    assert [(f.text, f.kind) for f in quantities(extract_text, text)] == [
        ("第10位", "rank"), ("30名", "count"), ("120名", "count")]
    for move, value in (("下滑5位", -5), ("攀升12位", 12), ("回落3位", -3)):
        assert [(f.kind, f.value) for f in quantities(extract_text, f"新区在全国经开区中的排名{move}。")] == [
            ("rank_change", value)]
    f = one(extract_text, "新区在全国经开区中的排名，从2016年的34位提升至2019年的17位。", "17位")
    assert f.ranking == "全国经开区"  # 在…中的排名: the list without its 中


@pytest.mark.parametrize("text, surface, value", [
    ("在全国经开区综合考评中较上年前进5位。", "前进5位", 5),
    ("综合排名后退2位。", "后退2位", -2),
])
def test_a_change_of_rank(extract_text, text, surface, value):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit) == ("rank_change", value, "位")


def test_entering_the_first_n_is_a_rank_among_the_first(extract_text):
    f = one(extract_text, "力争五年内跻身全国前十。", "全国前十")
    assert (f.kind, f.value, f.qualifier) == ("rank", 10, "under")
    assert not quantities(extract_text, "前三季度实现营收90亿元。")[0].kind == "rank"


@pytest.mark.parametrize("text, surface, value, ranking", [
    ("新区出台全省首个人才安居办法。", "全省首个", 1, "全省人才安居办法"),
    ("滨江新区是全国第六个、东部地区第二个获批的国家级新区。", "全国第六个", 6, "全国国家级新区"),
    ("滨江新区是全国第六个、东部地区第二个获批的国家级新区。", "东部地区第二个", 2, "东部地区国家级新区"),
    ("园区建成新区第一家共享实验室。", "新区第一家", 1, "新区共享实验室"),
    ("公司发布国内首款车规级芯片。", "国内首款", 1, "国内车规级芯片"),
])
def test_an_order_of_arrival(extract_text, text, surface, value, ranking):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.qualifier, f.ranking) == ("order", value, "个", "exact", ranking)


@pytest.mark.parametrize("text", [
    "园区入选首批国家级绿色园区。", "成为第一家入驻企业。", "这是全省首批之一。", "他第一个报名。",
])
def test_no_order_without_a_field(extract_text, text):
    assert [f.text for f in quantities(extract_text, text) if f.kind == "order"] == []


@pytest.mark.parametrize("text, surface, value, qualifier", [
    ("进出口总额比五年前增长6倍以上。", "6倍以上", 6, "over"),
    ("园区企业数量比设区时增长了一倍。", "一倍", 1, "exact"),  # as written: it doubled
    ("高新技术产业产值是2015年的2.5倍。", "2.5倍", 2.5, "exact"),
    ("参保人数增加近3倍。", "近3倍", 3, "about"),
    ("财政收入五年翻了一番。", "翻了一番", 2, "exact"),
    ("力争到2025年工业总产值翻两番。", "翻两番", 4, "exact"),
])
def test_a_multiple(extract_text, text, surface, value, qualifier):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.qualifier) == ("multiple", value, "倍", qualifier)


@pytest.mark.parametrize("text", ["以百倍信心推进项目建设。", "实施人才倍增计划。"])
def test_no_multiple_in_a_manner_of_speaking(extract_text, text):
    assert [f.text for f in quantities(extract_text, text) if f.kind == "multiple"] == []


# ------------------------------------------------------------------ numbers in words, lists, measure words
@pytest.mark.parametrize("text, surface, kind, value, unit, qualifier", [
    ("全区地区生产总值迈入“三千亿”行列。", "三千亿", "money", 300_000_000_000, "元", "over"),
    ("园区集聚科技型企业两千多家。", "两千多家", "count", 2000, "家", "about"),
    ("高新区累计拿下四块国家级牌照。", "四块", "count", 4, "块", "exact"),
    ("全年有86次企业受到省级表彰。", "86次", "count", 86, "次", "exact"),
    ("全年移栽古树名木312株，放流鱼苗56万尾。", "312株", "count", 312, "株", "exact"),
    ("全年移栽古树名木312株，放流鱼苗56万尾。", "56万尾", "count", 560_000, "尾", "exact"),
    ("建立县、乡、村三级联动机制。", "三级", "count", 3, "级", "exact"),
    ("项目分两期建设。", "两期", "count", 2, "期", "exact"),
    ("压实企业、部门、属地三方责任。", "三方", "count", 3, "方", "exact"),
    ("城镇登记失业率控制在3%以内。", "3%以内", "percent", 3, "%", "under"),
    ("园区企业营收过500亿元。", "过500亿元", "money", 50_000_000_000, "元", "over"),
    ("高新区企业总收入破千亿。", "破千亿", "money", 100_000_000_000, "元", "over"),
    ("失业保险参保人数增长2.3万。", "2.3万", "count", 23_000, "人", "exact"),
    ("新厂投产后每年可实现50亿的产值。", "50亿", "money", 5_000_000_000, "元", "exact"),
    ("主体工程施工完成62 %。", "62 %", "percent", 62, "%", "exact"),
    ("项目比计划提前半年竣工。", "半年", "duration", 0.5, "年", "exact"),
    ("空气质量优良天数达到340天。", "340天", "count", 340, "天", "exact"),  # days counted, no time measured
])
def test_the_genres_numbers(extract_text, text, surface, kind, value, unit, qualifier):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.qualifier) == (kind, value, unit, qualifier)


def test_a_unit_written_once_for_a_list(extract_text):
    facts = quantities(extract_text, "滨江区和城西区增速分别高于全省5.2、2.7个百分点。")
    assert [(f.text, f.value, f.unit, f.kind) for f in facts] == [
        ("5.2", 5.2, "百分点", "percent"), ("2.7个百分点", 2.7, "百分点", "percent")]


def test_a_structure_in_per_cent(extract_text):
    facts = quantities(extract_text, "全区三次产业结构调整为2.1：48.6：49.3。")
    assert [(f.text, f.value, f.unit) for f in facts] == [("2.1", 2.1, "%"), ("48.6", 48.6, "%"), ("49.3", 49.3, "%")]


@pytest.mark.parametrize("trap", [
    "搭建党建网和服务网两张网。", "推行项目推进三张清单制度。", "新建一所二级康复医院。", "近岸海域水质保持国家二类标准。",
    "一期工程顺利竣工。", "完成土方开挖5000方。", "打造九年一贯制学校。", "编制园区三年实施方案。",
    "入选全省十大示范项目之一。", "连续三年获评先进园区。", "幸福广场等两大综合体区域。",
    "“市、区、社区三方共建，企业、居民多方受益”模式。",
])
def test_genre_traps_are_not_quantities(extract_text, trap):
    assert [f.text for f in quantities(extract_text, trap)] == []


# ------------------------------------------------------------------ entities
def found(extract_text, text, kind):
    return [f.text for f in extract_text(text) if f.kind == kind]


@pytest.mark.parametrize("text, names", [
    ("搭建党建网和服务网两张网。", ["两张网"]),  # a slogan that names a count of things
    ("整合治理“一张网”，实行“三张清单”机制。", ["一张网", "三张清单"]),
    ("今年是园区的“招商攻坚年”和“服务提升年”。", ["招商攻坚年", "服务提升年"]),
    ("全面推行“湖长制”。", ["湖长制"]),
    ("社区被评为“全国科普示范社区”。", ["全国科普示范社区"]),
    ("立足“关口前移”“服务下沉”“全程跟踪”，开展招商。", ["关口前移", "服务下沉", "全程跟踪"]),
    ("推进“智慧滨江”建设，智慧滨江平台上线。", ["智慧滨江", "智慧滨江"]),  # an unquoted repeat
    ("“零就业家庭”动态清零，开展“七五”普法，高考上线人数突破“千人大关”。", []),
    ("打造“滨江大道”景观带，弘扬“红船精神”，举办“滨江杯”赛事。", []),
    ("平稳实现村居“政经分离”。", ["政经分离"]),  # the verb that introduces it a word before the quote
])
def test_initiatives_of_the_genre(extract_text, text, names):
    assert found(extract_text, text, "initiative") == names


@pytest.mark.parametrize("text, names", [
    ("滨海度假酒店、云顶白金酒店和金湾大酒店同时开工。", ["滨海度假酒店", "云顶白金酒店", "金湾大酒店"]),
    ("市三医院与新区中医院合作，市妇幼保健院派驻专家。", ["市三医院", "新区中医院", "市妇幼保健院"]),
    ("全区普惠性幼儿园比例达到50%，市规范化幼儿园比例达到95%。", []),
    ("杭州智能制造创新研究院开始运作。", ["杭州智能制造创新研究院"]),
    ("尽快解决第二人民医院（新区儿童医院）的建设问题。", ["第二人民医院", "新区儿童医院"]),
    ("今年5月开工的科沃斯苏州工厂项目进展顺利。", ["科沃斯"]),
    ("为国际巨头飞利浦、西门子和博世等配套生产。", ["飞利浦", "西门子", "博世"]),
    ("作为汽车厂商特斯拉的供应商，公司增资扩产。", ["特斯拉"]),
    ("推进龙田路、聚龙路等道路建设。", []),  # places, not brands
    ("园区与中国农科院合作建设试验基地。", ["中国农科院"]),  # an abbreviated academy
])
def test_organizations_of_the_genre(extract_text, text, names):
    assert found(extract_text, text, "organization") == names


def test_a_company_in_a_photo_caption(extract_text):
    text = "园区企业加快建设。\n\n海鹰航天并线机器人\n\n生产车间\n\n项目建设如火如荼。"
    assert "海鹰航天" in found(extract_text, text, "organization") or found(extract_text, text, "organization")


@pytest.mark.parametrize("text, names", [
    ("项目由王兆海院士、刘思远院士领衔。", ["王兆海", "刘思远"]),
    ("副议长林文昌出席仪式。", ["林文昌"]),
])
def test_people_of_the_genre(extract_text, text, names):
    assert found(extract_text, text, "person") == names


@pytest.mark.parametrize("text, names", [
    ("构建装备制造、现代物流、文化旅游等组成的现代产业体系。", ["装备制造", "现代物流", "文化旅游"]),
    ("加快培育发展战略性新兴产业。", []),  # a class of industries, not one
])
def test_industries_of_the_genre(extract_text, text, names):
    assert found(extract_text, text, "industry") == names


def test_a_traditional_byline_is_metadata_written_as_the_page_writes_it():
    from zoneprofile.extract.document import describe_document, extract_document
    from zoneprofile.read.corpus import Document

    text = "園區新聞\n\n鎮江新區新增企業12家。\n\n記者張誼"
    doc = Document("t.txt", text, "utf-8")
    assert describe_document(doc).bylines == ("張誼",)
    assert [f.text for f in extract_document(doc, []) if f.kind == "person"] == []  # metadata, not a fact


def test_a_name_two_profiles_share_across_scripts_stays_with_the_one_that_writes_it(caplog):
    from zoneprofile.extract.attribute import ZoneMatcher

    a = Profile("a-park", "甲园区", ("東區園",), "园区", "甲")
    b = Profile("b-zone", "乙新区", ("东区园",), "新区", "乙")
    with caplog.at_level("WARNING"):
        matcher = ZoneMatcher([a, b])
    assert matcher.by_name["东区园"] == "b-zone" and matcher.by_name["東區園"] == "a-park"
    assert "東區園" in caplog.text and "b-zone" in caplog.text
