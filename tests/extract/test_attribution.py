"""The attribution pitfalls: shared words between zone names, and inheritance."""


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
