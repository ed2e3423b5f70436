"""Periods, dates of events and the year each figure speaks of."""

import pytest

from zoneprofile.extract.periods import document_year, fact_year


@pytest.mark.parametrize("text, year, how", [
    ("2017年6月6日，镇江高新区实体化运作。实体化运作4年多。2021年度重点项目。", 2021, "text"),
    ("学习贯彻党的二十大精神。", 2022, "text"),
    ("没有年份的文字。", None, "unknown"),
    # the data year is the year the results speak of, not the latest year named
    ("2019年，新区实现地区生产总值1200亿元。力争2022年地区生产总值突破2000亿元。", 2019, "text"),
    ("与2012年相比，园区工业总产值增长30%。规划到2025年建成世界级产业集群。", None, "unknown"),
    ("一、2013年工作回顾\n2013年，新区实现地区生产总值372亿元。\n二、2014年工作思路\n2014年地区生产总值增长13%左右。",
     2013, "review"),
    ("“十三五”期间，园区工业规模由2000亿级提升至2500亿级。", 2020, "plan"),
    ("“2012年战略性新兴产业专项”获批。园区引进企业20家。", None, "unknown"),
    ("《人才发展规划（2013—2020年）》出台。", None, "unknown"),
])
def test_document_year(text, year, how):
    assert document_year(text) == (year, how)


@pytest.mark.parametrize("text, date, year, how", [
    ("全区实现地区生产总值。", "2023-01-05", 2023, "manifest"),  # no year in the text: the manifest's date
    ("2022年，全区实现地区生产总值1200亿元。", "2023-01-05", 2022, "text"),  # a January review of last year
    ("今年前三季度，全区实现地区生产总值900亿元。", "2023-10-20", 2023, "present"),
])
def test_the_manifest_date_is_the_publication_date(text, date, year, how):
    assert document_year(text, date) == (year, how)


@pytest.mark.parametrize("text, year", [
    ("苏州高新区投资120亿开展20个重点项目\n\n发布时间：2011-03-29\n\n今年一季度，全区…", 2011),
    ("光谷企业总收入达6028亿元  22.10.2014  11:32\n\n今年前三季度，…", 2014),
    ("一季度长沙部分园区主要经济指标增长超30%\n2021年05月03日09:25  来源:长沙晚报\n今年一季度…", 2021),
    ("和大工业新建员工社区\n日期｜109-12-26\n全球最大电动车厂…", 2020),  # the Republic of China's year 109
    ("2017年6月6日，镇江高新区正式实体化运作，四年来…", None),  # a date in a sentence is no dateline
])
def test_a_dateline_gives_the_publication_year(text, year):
    from zoneprofile.extract.periods import publication_year

    assert publication_year(text) == year


@pytest.mark.parametrize("period, doc_year, year", [
    ("2019年1-8月份", 2021, 2019), ("去年", 2022, 2021), ("前三季度", 2022, 2022), (None, 2022, 2022),
    ("今年以来", None, None),
])
def test_fact_year(period, doc_year, year):
    assert fact_year(period, doc_year) == year


@pytest.mark.parametrize("text, surface, iso", [
    ("2017年6月6日，镇江高新区实体化运作。2021年度重点。", "2017年6月6日", "2017-06-06"),
    ("镇江高新区2021年度重点项目。10月29日，签约。", "10月29日", "2021-10-29"),
    ("在2017年全省简政放权评价中，镇江新区位列第一。", "2017年", "2017"),
    ("镇江新区2019年4月启动改革。", "2019年4月", "2019-04"),
    # the times an event is set for, written without a calendar day: a part of a year, a month or a
    # day alone, months and days in words (as reprints in traditional characters write them)
    ("项目预计2024年底竣工投产。", "2024年底", "2024"),
    ("三厂今年二月可以拿到使用执照，预计八月投产。", "八月", "--08"),
    ("三厂今年二月可以拿到使用执照，预计八月投产。", "今年二月", "--02"),
    ("力争在6月份启动项目建设。", "6月份", "--06"),
    ("五、六厂明年中旬动工。", "明年中旬", "----"),
    ("十八日，園區舉行動土典禮。", "十八日", "---18"),
    ("23日上午，新区与集团签约。", "23日", "---23"),
    ("该项目于2011年底开工建设。", "2011年底", "2011"),  # 开工 after a part of a year
    ("发展历程——2019年4月，园区获批国家级新区。", "2019年4月", "2019-04"),  # a dash that is no range
])
def test_dates_of_events(extract_text, text, surface, iso):
    dates = {f.text: f.detail for f in extract_text(text) if f.kind == "date"}
    assert dates[surface] == iso


@pytest.mark.parametrize("text", [
    "2013年新增商事主体8589家。", "二、2014年工作思路和重点", "2010年集团实现销售510亿元。",
    "比2012年提高了近10个百分点。",
])
def test_a_year_a_figure_or_plan_is_of_is_no_event_date(extract_text, text):
    assert [f.text for f in extract_text(text) if f.kind == "date"] == []


@pytest.mark.parametrize("text", ["自今年7月开始，镇江新区选定22家企业。", "截至10月底，11家企业入驻镇江高新区。",
                                  "今年一季度完成投资12亿元。", "项目6个月内完成审批。", "5日内办结。",
                                  "深圳国际生物谷总体发展规划（2013—2020年）发布实施。",
                                  # the tail of a numeral is no month or day; 同一日 is no day
                                  "项目预计到十二月完成。", "大会到十八日召开。", "一至十一月完成投资。",
                                  "两个项目同一日开工。", "同一月份开工。", "今年年底完成投资十二亿元。"])
def test_periods_are_not_dates(extract_text, text):
    assert [f.text for f in extract_text(text) if f.kind == "date"] == []


def test_every_fact_has_a_year_where_the_text_gives_one(extract_text):
    facts = extract_text("镇江高新区2021年度重点项目。今年以来新增企业20家，去年新增15家。")
    years = {f.text: f.year for f in facts if f.kind == "count"}
    assert years == {"20家": 2021, "15家": 2020}


def test_a_work_reports_sections_give_their_figures_a_year(extract_text):
    """一、2013年工作回顾 / 二、2014年工作思路: the review's 全年 figures are of 2013, the plan's of 2014,
    whatever the report's own date."""
    text = ("坪山新区2014年工作报告\n\n　　一、2013年工作回顾\n　　全年新区实现地区生产总值372亿元，同比增长13%。\n\n"
            "　　二、2014年工作思路和重点\n　　主要预期目标是：地区生产总值增长13%左右。")
    got = {(f.text, f.outlook): f.year for f in extract_text(text) if f.kind in ("money", "percent")}
    assert got == {("372亿元", None): 2013, ("13%", None): 2013, ("13%左右", "target"): 2014}


def test_a_january_articles_quarter_after_last_year_is_last_years():
    """去年以来…在一季度…: in an article of January, the quarter is of the year it reviews, no present cue."""
    from zoneprofile.extract.periods import document_year

    text = "晚报1月13日讯 去年以来，园区经济实力稳步增强。在一季度各项指标不佳的情况下，全年产值增长8%。"
    assert document_year(text, "2021-01-13")[1] != "present"
    assert document_year("今年一季度，园区产值增长8%。", "2021-05-13") == (2021, "present")
    assert document_year("一季度，园区产值增长8%。", "2021-05-13") == (2021, "present")
    # 去年 as a comparison base frames nothing
    assert document_year("与去年同期相比，上半年园区实现产值60亿元。2019年产值100亿元。", "2020-07-15") == (2020, "present")
    assert document_year("园区2019年实现产值100亿元，比去年增长5%。上半年，产值增长8%。", "2020-07-15") == (2020, "present")
