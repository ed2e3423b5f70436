"""Quantities: kind, value, unit, qualifier and metric; and the traps that are not quantities."""

import pytest

from zoneprofile.extract import QUANTITY_KINDS


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


@pytest.mark.parametrize("trap", [
    "推行“2332”阳光审批。", "实行“361”考核。", "学习贯彻党的二十大精神。", "奋进“十四五”新征程。",
    "以“五争一创”的奋斗之姿。", "形成“1+4”产业发展新格局。", "形成1+4格局。", "入驻1号厂房。",
    "入选第一批试点。", "学习十九届六中全会精神。", "采用“四不两直”方式。", "省委十四届四次全会。",
    "一家企业负责人表示。", "按照“定3年、谋8年、展望13年”的要求。", "2021年度重点项目。", "三年来持续发力。",
    "9月23日正式达产。", "M3车间项目。",
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
