"""Quantities: kind, value, unit, qualifier and metric; and the traps that are not quantities."""

import pytest

from zoneprofile.extract.record import QUANTITY_KINDS


def one(extract_text, text, wanted):
    facts = [f for f in extract_text(text) if f.text == wanted]
    assert len(facts) == 1, [f.text for f in extract_text(text)]
    return facts[0]


@pytest.mark.parametrize("text, surface, kind, value, unit, qualifier, metric", [
    ("镇江新区40余家企业获得授信19.3亿元。", "19.3亿元", "money", 1_930_000_000, "元", "exact", "授信"),
    ("镇江新区40余家企业获得授信19.3亿元。", "40余家", "count", 40, "家", "about", "企业"),
    ("累计为28家企业提供贷款超1.4亿元。", "超1.4亿元", "money", 140_000_000, "元", "over", "贷款"),
    ("总投资5000万美元。", "5000万美元", "money", 50_000_000, "美元", "exact", "总投资"),
    ("投资2500万元建立监控中心。", "2500万元", "money", 25_000_000, "元", "exact", "投资"),
    ("贷款余额同比增长19.5%。", "19.5%", "percent", 19.5, "%", "exact", "贷款余额同比增长"),
    ("问题解决率100%。", "100%", "percent", 100, "%", "exact", "问题解决率"),
    ("配备网格员81人。", "81人", "count", 81, "人", "exact", "网格员"),
    ("组建先锋服务团队38支。", "38支", "count", 38, "支", "exact", "先锋服务团队"),
    ("组建48支先锋团队。", "48支", "count", 48, "支", "exact", "先锋团队"),
    ("覆盖基层群众近42000人次。", "近42000人次", "count", 42000, "人次", "about", "基层群众"),
    ("发放爱心防疫礼包2万余份。", "2万余份", "count", 20000, "份", "about", "爱心防疫礼包"),
    ("时限压缩30%以上。", "30%以上", "percent", 30, "%", "over", "时限压缩"),
    ("总占地面积约21.2万平方米。", "约21.2万平方米", "area", 212_000, "平方米", "about", "总占地面积"),
    ("工作时间压缩为0.5个工作日。", "0.5个工作日", "duration", 0.5, "工作日", "exact", "工作时间压缩"),
    ("开展三项行动。", "三项", "count", 3, "项", "exact", "行动"),
    ("不足10家企业。", "不足10家", "count", 10, "家", "under", "企业"),
])
def test_quantity(extract_text, text, surface, kind, value, unit, qualifier, metric):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.qualifier, f.metric) == (kind, value, unit, qualifier, metric)


@pytest.mark.parametrize("text, surface, value, scope, metric", [
    ("镇江新区位列国家级经开区综合考评全国22位、全省第5位。", "全国22位", 22, "全国", "国家级经开区综合考评"),
    ("镇江新区位列国家级经开区综合考评全国22位、全省第5位。", "全省第5位", 5, "全省", "国家级经开区综合考评"),
    ("年度投资完成率分别列全市第1、第2。", "全市第1", 1, "全市", "年度投资完成率"),
    ("年度投资完成率分别列全市第1、第2。", "第2", 2, "全市", "年度投资完成率"),
    ("综合排名位列第一。", "第一", 1, None, "综合排名"),
])
def test_rank(extract_text, text, surface, value, scope, metric):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.scope, f.metric) == ("rank", value, "位", scope, metric)


def test_rank_change(extract_text):
    f = one(extract_text, "在全国国家级高新区综合评价中排名上升49位。", "上升49位")
    assert (f.kind, f.value, f.unit) == ("rank_change", 49, "位")


def test_count_of_people_in_a_scope_is_no_rank(extract_text):
    f = one(extract_text, "全区8名党建督导员扎根联动。", "8名")
    assert (f.kind, f.value, f.metric) == ("count", 8, "党建督导员")


@pytest.mark.parametrize("text, surface, metric", [
    # what a bare change speaks of: the amount just before it in the sentence
    ("全年实现地区生产总值1200亿元，同比增长8.2%。", "8.2%", "地区生产总值同比增长"),
    ("完成一般公共预算收入95亿元，增长5%。", "5%", "一般公共预算收入增长"),
    ("规上工业总产值完成860亿元，比上年同期增长12.6%，增速位居全市第一。", "12.6%", "规上工业总产值增长"),
    ("规上工业总产值完成860亿元，比上年同期增长12.6%，增速位居全市第一。", "全市第一", "规上工业总产值增速"),
    ("实际利用外资12.3亿美元，年均增长6%。", "6%", "实际利用外资年均增长"),
    # the zone speaking of itself is not part of the metric; the zone is the fact's column
    ("全区GDP年均增长8.5%。", "8.5%", "GDP年均增长"),
    ("开发区实际利用外资12.3亿美元。", "12.3亿美元", "实际利用外资"),
    ("在2021年全国经开区综合发展水平考核评价中，苏州工业园区位居第一。", "第一", "经开区综合发展水平考核评价"),
    # one figure for a list of subjects (均), the ranking a rank belongs to (在…评价中)
    ("园区工业产值、税收收入和实际利用外资均位列全省第二。", "全省第二", "工业产值、税收收入、实际利用外资"),
    ("规上工业产值、税收均增长15%以上。", "15%以上", "规上工业产值、税收增长"),
    ("人均可支配收入增长7%。", "7%", "人均可支配收入增长"),
    ("在全国营商环境评价中，综合排名位列第三。", "第三", "营商环境评价综合排名"),
    # categories of what the next figure counts; the head noun past a long modifier
    ("对安全生产、环境保护等8大类120项审批事项进行梳理。", "8大类", "审批事项类别"),
    ("关停12家能耗超标、效益低下的企业。", "12家", "企业"),
    ("新签约3个总投资超10亿元的项目。", "3个", "项目"),
    ("服务专员深入30余家“专精特新”及规上工业企业。", "30余家", "企业"),
    ("引进5个项目的总投资达20亿元。", "5个", "项目"),
    ("5个镇、街道的干部参加培训。", "5个", "镇"),
    # a duration's verb says what it is when nothing else does
    ("历时180天，新厂房顺利封顶。", "180天", "历时"),
    ("项目建设用时近3年。", "近3年", "项目建设用时"),
    ("整治行动为期3个月。", "3个月", "整治行动为期"),
])
def test_metric_in_context(extract_text, text, surface, metric):
    assert one(extract_text, text, surface).metric == metric


@pytest.mark.parametrize("text, surface, metric", [
    # government work reports: notes, shares, from-to changes, lists after 分别
    ("全年实现工业总产值860亿元，同比增长（下同）9.5%。", "9.5%", "工业总产值同比增长"),
    ("2015年民间投资占固定资产投资的比重为62.1%，比上年提高了3个百分点。", "62.1%", "民间投资占固定资产投资比重"),
    ("2015年民间投资占固定资产投资的比重为62.1%，比上年提高了3个百分点。", "3个百分点", "民间投资占固定资产投资比重提高"),
    ("企业数量从设区时的800多家增长到2600多家。", "800多家", "企业数量"),
    ("企业数量从设区时的800多家增长到2600多家。", "2600多家", "企业数量"),
    ("引导资金由每年5000万元增加到每年2亿元。", "2亿元", "引导资金"),
    ("园区空气质量综合指数较去年同比下降8.3%。", "8.3%", "空气质量综合指数同比下降"),
    ("全年公文、会议分别精简20%和15%。", "15%", "会议精简"),
    ("刑事案件发案率降至0.8%。", "0.8%", "刑事案件发案率"),
    ("梳理审批事项120项，取消18项，下放9项。", "9项", "审批事项下放"),
    ("梳理审批事项120项，取消18项，下放9项。", "18项", "审批事项取消"),
])
def test_metric_in_a_work_report(extract_text, text, surface, metric):
    assert one(extract_text, text, surface).metric == metric


@pytest.mark.parametrize("text, surface, kind, value, unit, qualifier", [
    ("高新区投资86亿建设15个重点项目。", "86亿", "money", 8_600_000_000, "元", "exact"),
    ("园区销售收入可达近40亿。", "近40亿", "money", 4_000_000_000, "元", "about"),
    ("固定资产投资突破150亿元。", "突破150亿元", "money", 15_000_000_000, "元", "over"),
    ("年产值上亿元的企业有12家。", "上亿元", "money", 100_000_000, "元", "over"),
    ("综合实力进入全国前10位。", "全国前10位", "rank", 10, "位", "under"),
    ("每年引进3至5名领军人才。", "3至5名", "count", 5, "名", "under"),
    ("园区经过近15年的开发建设。", "近15年", "duration", 15, "年", "about"),
    ("新增产能2.4亿片晶圆。", "2.4亿片", "count", 240_000_000, "片", "exact"),
    # a round amount with no number: a class of companies or projects (过亿元企业23家)
    ("开发区纳税过亿元企业23家。", "过亿元", "money", 100_000_000, "元", "over"),
    ("出口额超亿美元的企业达到9家。", "超亿美元", "money", 100_000_000, "美元", "over"),
    ("园区营收亿元以下的中小企业有320家。", "亿元以下", "money", 100_000_000, "元", "under"),
    ("投资千万元以上项目45个。", "千万元以上", "money", 10_000_000, "元", "over"),
    ("上千万元的设备更新项目16个。", "上千万元", "money", 10_000_000, "元", "over"),
    # a share in a word; a duration in seconds
    ("高新区工业总产值占全市的一半以上。", "一半以上", "percent", 50, "%", "over"),
    ("超过一半的规上企业完成智能化改造。", "超过一半", "percent", 50, "%", "over"),
    ("生产线每58秒钟下线一台整车。", "58秒钟", "duration", 58, "秒", "exact"),
])
def test_quantity_in_other_articles(extract_text, text, surface, kind, value, unit, qualifier):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.qualifier) == (kind, value, unit, qualifier)


@pytest.mark.parametrize("text, surface, value, metric", [
    ("五大主导产业迅猛发展。", "五大", 5, "主导产业"),
    ("三大国家级产业园区加快建设。", "三大", 3, "国家级产业园区"),
    ("推进智慧交通等4大民生应用。", "4大", 4, "民生应用"),
    ("综合实力超过东部六大开发区。", "六大", 6, "开发区"),
    ("汇聚上汽、广汽等5大车企。", "5大", 5, "车企"),
])
def test_a_count_without_a_measure_word(extract_text, text, surface, value, metric):
    f = one(extract_text, text, surface)
    assert (f.kind, f.value, f.unit, f.metric) == ("count", value, "个", metric)


@pytest.mark.parametrize("text", [
    "学习党的二十大精神。", "打好“五大攻坚战”。", "全市第三大城市更新项目。", "流程、文化三大管理改革出台。",
    "幸福广场、蝴蝶广场两大综合体中心区域。",
])
def test_n_da_not_read_as_a_count(extract_text, text):
    assert [f.text for f in extract_text(text) if f.kind == "count"] == []


@pytest.mark.parametrize("text", ["一半是生产车间，一半是研发中心。", "审批时间减少一半。", "经过亿元级项目带动，产业升级加快。"])
def test_a_half_or_a_round_amount_that_is_no_figure(extract_text, text):
    assert [f.text for f in extract_text(text) if f.kind in ("percent", "money")] == []


def test_an_order_after_its_approval(extract_text):
    f = one(extract_text, "东湖高新区是我国批复的第二个国家自主创新示范区。", "第二个")
    assert (f.kind, f.value, f.ranking) == ("order", 2, "我国国家自主创新示范区")


@pytest.mark.parametrize("text, surface, low, high, unit", [
    ("预计整车年产能将达到120万辆至160万辆。", "120万辆至160万辆", 1_200_000, 1_600_000, "辆"),
    ("单个项目投资3亿元到5亿元不等。", "3亿元到5亿元", 300_000_000, 500_000_000, "元"),
])
def test_a_range_with_its_unit_on_both_ends_is_one_figure(extract_text, text, surface, low, high, unit):
    f = one(extract_text, text, surface)
    assert (f.value_min, f.value, f.unit, f.qualifier) == (low, high, unit, "under")


def test_from_one_amount_to_another_is_a_change_not_a_range(extract_text):
    assert [f.text for f in extract_text("入驻企业从50家增加到120家，从80家到150家。") if f.kind == "count"] == [
        "50家", "120家", "80家", "150家"]


def test_the_size_of_a_group_the_zone_is_one_of_is_not_its_figure(extract_text):
    f = one(extract_text, "镇江新区是全省首批18个省级特色产业园之一。", "18个")
    assert (f.zone, f.attribution) == (None, "scope")
    assert one(extract_text, "镇江新区引进项目27个，其中之一是光伏项目。", "27个").zone == "zhenjiang-new-area"


def test_a_range_keeps_its_lower_end(extract_text):
    f = one(extract_text, "每年引进3至5名领军人才。", "3至5名")
    assert (f.value_min, f.value, f.qualifier) == (3, 5, "under")


@pytest.mark.parametrize("text, surface, period", [
    ("公司一期项目于2012年建成投产，此次二期总投资达4.5亿元。", "4.5亿元", None),
    ("与2010年设区时相比，园区税收增长了180%。", "180%", None),
    ("2016年，园区实现税收38亿元。", "38亿元", "2016年"),
])
def test_an_event_date_or_a_comparison_base_is_no_period(extract_text, text, surface, period):
    assert one(extract_text, text, surface).period == period


def test_a_word_ending_in_a_qualifier_is_no_qualifier(extract_text):
    assert one(extract_text, "新签约3个重大项目。", "3个").qualifier == "exact"  # 签约, not 约3个
    assert one(extract_text, "新增企业约200家。", "约200家").qualifier == "about"


@pytest.mark.parametrize("text, surface, period", [
    ("近3年来，园区新增企业200家。", "200家", "近3年来"),
    ("近五年，高新区累计引进项目120个。", "120个", "近五年"),
    ("过去5年，全区GDP年均增长8.5%。", "8.5%", "过去5年"),
    ("“十三五”期间，开发区实际利用外资12.3亿美元。", "12.3亿美元", "“十三五”期间"),
])
def test_a_window_of_years_is_a_period_not_a_figure(extract_text, text, surface, period):
    facts = extract_text(text)
    assert one(extract_text, text, surface).period == period
    assert not [f for f in facts if f.kind == "duration"]


@pytest.mark.parametrize("trap", [
    "推行“2332”阳光审批。", "实行“361”考核。", "学习贯彻党的二十大精神。", "奋进“十四五”新征程。",
    "以“五争一创”的奋斗之姿。", "形成“1+4”产业发展新格局。", "形成1+4格局。", "入驻1号厂房。",
    "入选第一批试点。", "学习十九届六中全会精神。", "采用“四不两直”方式。", "省委十四届四次全会。",
    "一家企业负责人表示。", "按照“定3年、谋8年、展望13年”的要求。", "2021年度重点项目。", "三年来持续发力。",
    "9月23日正式达产。", "M3车间项目。",
    "区四套班子领导出席仪式。", "严格落实中央八项规定。", "第三产业在三次产业中的比重。", "土地二次开发模式获批。",
    "实施新三年行动计划。", "深圳市第九高级中学完成评审。", "成为第一家入驻企业。", "“十三五”期间成效显著。",
])
def test_traps_are_not_quantities(extract_text, trap):
    assert [f.text for f in extract_text(trap) if f.kind in QUANTITY_KINDS] == []


@pytest.mark.parametrize("text, surface, period", [
    ("今年以来，镇江新区累计举办沙龙活动10场。", "10场", "今年以来"),
    ("今年以来，全区构建网格22个；前三季度，累计召开调度会20次。", "20次", "前三季度"),
    ("1-6月，项目数量较去年同期增长58%。", "58%", "1-6月"),
    ("截至10月底，11家企业入驻。", "11家", "截至10月底"),
])
def test_period(extract_text, text, surface, period):
    assert one(extract_text, text, surface).period == period


def test_sentence_broken_by_page_layout_is_rejoined(extract_text):
    text = ("镇江新区因地制宜打造35个综合型暖新加油站，开辟区域供新就业群体日常歇息，提供充电宝、医疗用\n\n"
            "品、雨具等物品。通过举办5场双报到双服务活动。")
    f = one(extract_text, text, "35个")
    assert "医疗用品" in f.sentence


@pytest.mark.parametrize("text, surface, outlook", [
    ("2015年主要预期目标是：地区生产总值增长9%左右。", "9%左右", "target"),
    ("力争全年引进重大项目30个。", "30个", "target"),
    ("该集团拟在园区投资50亿元。", "50亿元", "target"),
    ("到2020年，园区工业总产值将突破1000亿元。", "突破1000亿元", "target"),
    ("初步预计，全年实现地区生产总值372亿元。", "372亿元", None),  # a preliminary count of a year that is over
    ("预计全年实现地区生产总值400亿元。", "400亿元", "forecast"),
    ("入驻企业总投资有望突破200亿元。", "突破200亿元", "forecast"),
    ("全年实现地区生产总值372亿元。", "372亿元", None),
    ("累计为企业争取上级资金超1亿元。", "超1亿元", None),  # 争取资金 obtains money: a result
    ("公司计划总投资2.31亿元。", "2.31亿元", None),  # a project's budget, as reported
    ("完成市里下达计划的101.8%。", "101.8%", None),
    ("占比从不足30%上升到2013年的61%。", "61%", None),
])
def test_targets_and_forecasts_are_not_results(extract_text, text, surface, outlook):
    assert one(extract_text, text, surface).outlook == outlook


def test_a_threshold_is_marked_as_one(extract_text):
    facts = {f.text: f for f in extract_text("开发区全年纳税过亿元企业23家，10亿元以上项目5个。")}
    assert (facts["过亿元"].measure, facts["过亿元"].indicator) == ("threshold", None)
    assert facts["10亿元以上"].measure == "threshold"
    assert facts["23家"].measure != "threshold"


def test_a_listed_item_with_its_own_figure_is_not_the_head_of_the_one_before(extract_text):
    facts = extract_text("园区拥有国家级孵化器5家、省级众创空间12家。")
    assert [(f.text, f.metric) for f in facts if f.kind == "count"] == [("5家", "国家级孵化器"), ("12家", "省级众创空间")]


def test_a_qualifier_after_a_latin_acronym_is_kept(extract_text):
    f = one(extract_text, "全区GDP突破800亿元，R&D投入超过20亿元。", "突破800亿元")
    assert (f.value, f.qualifier) == (80_000_000_000, "over")
    assert [x.text for x in extract_text("空客A380交付5架。") if x.kind == "count"] == ["5架"]
