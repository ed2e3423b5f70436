"""Entities: organizations, people with titles, industries, initiatives."""

import pytest


def found(extract_text, text, kind):
    return [f.text for f in extract_text(text) if f.kind == kind]


@pytest.mark.parametrize("text, names", [
    ("江苏金斯瑞生物科技有限公司是一家知名企业。", ["江苏金斯瑞生物科技有限公司"]),
    ("镇江高新区管委会和弗瑞斯国际（香港）有限公司签订协议。", ["镇江高新区管委会", "弗瑞斯国际（香港）有限公司"]),
    ("累计赴金东纸业、孚能、万事达等重点企业开展上门服务。", ["金东纸业", "孚能", "万事达"]),
    ("镇江新区选定奇美化工、江化微等22家企业作为试点。", ["奇美化工", "江化微"]),
    ("镇江新区行政审批局相关负责人介绍。", ["镇江新区行政审批局"]),
    ("电水气公司将主动上门服务。", []),  # a description, not a name
    ("深化项目服务网格效能。", []),
    ("三是新能源、生物医药等新兴产业项目多。", []),  # an enumeration, not a brand
    ("该企业是行业内的首家上市公司。", []),
    ("副市长、开发区管委会主任周明率开发区管委会考察。", ["开发区管委会", "开发区管委会"]),  # a title ends a name
    ("宏远重工科技发展股份有限公司是装备制造企业。", ["宏远重工科技发展股份有限公司"]),  # 发展 is in the name
    ("园区引进宏远重工科技发展股份有限公司。", ["宏远重工科技发展股份有限公司"]),
    ("9月23日，中节能太阳能科技(镇江)有限公司项目达产。", ["中节能太阳能科技(镇江)有限公司"]),  # 节能: a verb to jieba
    ("推动恒瑞、信达、一致药业以及德赛等项目开工建设。", ["恒瑞", "信达", "一致药业", "德赛"]),
    ("加快引进银行、基金、保险等金融机构入驻。", []),  # common nouns, not names
    ("推进公园、绿道、有盖连廊等20个环境提升项目。", []),  # places, not companies
    ("项目被工信部、财政部和科技部等三部委列入名单。", ["工信部", "财政部", "科技部"]),
    ("按照市委市政府的部署，区政府和龙岗区人大大力支持。", ["市委", "市政府", "区政府", "龙岗区人大"]),
    ("市委常委、副市长出席仪式，传达市委八届五次全会精神。", []),  # a title, a session's name
    ("建设法治化政府，提升政府服务效能。", []),
    ("中核苏阀是中国阀门行业的首家上市公司。", ["中核苏阀"]),
    ("市长会见了中联重科董事长詹纯新。", ["中联重科"]),
    ("苏州市欧陆杰电器有限公司今年扩建，欧陆杰年产值2亿元。", ["苏州市欧陆杰电器有限公司", "欧陆杰"]),
])
def test_organizations(extract_text, text, names):
    assert found(extract_text, text, "organization") == names


def test_person_with_titles(extract_text):
    (person,) = [f for f in extract_text("市政协副主席、新区党工委副书记、管委会主任尹卫民主持会议。") if f.kind == "person"]
    assert (person.text, person.detail) == ("尹卫民", "市政协副主席、新区党工委副书记、管委会主任")


@pytest.mark.parametrize("text, names", [
    ("路月中指出，新区要提高站位。", ["路月中"]),
    ("家住南徐山庄的市民王晶带着孩子玩耍。", ["王晶"]),
    ("企业负责人不禁连连称赞。", []),
    ("市长会见了集团董事长詹纯新、总裁殷正富等。", ["詹纯新", "殷正富"]),  # jieba cut 詹纯|新
    ("中国工程院黄伯云院士牵头成立院士工作站。", ["黄伯云"]),  # an expert's title after the name
    ("引进诺贝尔奖得主马歇尔教授团队。", ["马歇尔"]),
    ("该校教授团队获奖。", []),
])
def test_people(extract_text, text, names):
    assert found(extract_text, text, "person") == names


@pytest.mark.parametrize("text, names", [
    ("聚焦新能源、新材料、航空航天、生命健康四个主导产业。", ["新能源", "新材料", "航空航天", "生命健康"]),
    ("大力培育新一代信息技术、数字创意、现代物流、高技术服务业等新兴产业。",
     ["新一代信息技术", "数字创意", "现代物流", "高技术服务业"]),
    ("以船舶海工装备产业为龙头。", ["船舶海工装备"]),
    ("在新区航空航天产业园的项目现场。", ["航空航天"]),
    ("省重大、市重点产业项目投资超序时。", []),
])
def test_industries(extract_text, text, names):
    assert found(extract_text, text, "industry") == names


@pytest.mark.parametrize("text, names", [
    ("以“五争一创”的奋斗之姿。", ["五争一创"]),
    ("推出的“园区保”综合金融服务产品。", ["园区保"]),
    ("实行“361”考核。", ["361"]),
    ("坚持“人民至上，生命至上”原则。", ["人民至上，生命至上"]),
    ("倾力当好企业服务“店小二”。", []),  # a metaphor
    ("始终把产业项目作为园区“生命线”，进一步拔高目标。", []),
])
def test_initiatives(extract_text, text, names):
    assert found(extract_text, text, "initiative") == names


def test_a_name_recognised_once_is_recognised_where_it_recurs(extract_text):
    text = "江苏金斯瑞生物科技有限公司落户镇江新区。金斯瑞行政经理表示满意。"
    assert found(extract_text, text, "organization") == ["江苏金斯瑞生物科技有限公司", "金斯瑞"]


def test_industries_of_a_project_list(extract_text):
    text = "20个项目涵盖了新能源、新材料、生物医学、电子信息等多种产业类型。"
    assert found(extract_text, text, "industry") == ["新能源", "新材料", "生物医学", "电子信息"]


@pytest.mark.parametrize("text, names", [
    ("加快开发网上办事大厅等“智慧坪山”主要项目。", ["智慧坪山"]),  # a named project
    ("在全市率先推出了“站企分离”的转型举措。", ["站企分离"]),
    ("改革面临很多“硬骨头”，改革任务艰巨。", []),  # a metaphor: the programme word is in the next clause
])
def test_initiatives_named_by_what_follows_in_their_clause(extract_text, text, names):
    assert found(extract_text, text, "initiative") == names


@pytest.mark.parametrize("text, names", [
    ("四是加大力度发展现代服务业。", ["现代服务业"]),
    ("优先发展生物医药产业和新能源汽车产业。", ["生物医药", "新能源汽车"]),
    ("积极培育未来产业，大力发展战略性新兴产业。", []),  # classes of industry, not industries
])
def test_industries_a_zone_sets_out_to_grow(extract_text, text, names):
    assert found(extract_text, text, "industry") == names
