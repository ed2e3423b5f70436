"""Write gold/entities.jsonl from hand annotations below (made by reading the texts; no extractor run).

Each entry is (text, kind, zone, anchor). With an anchor, the mention is the first occurrence of `text`
inside the unique string `anchor`. With anchor ALL, every occurrence of `text` in the document is a
mention, except occurrences overlapping an anchored mention or listed in SKIP (nested in a longer
mention, or a use that is not an entity mention). Offsets are computed, never typed, and checked.
"""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SZ, JY, PS = "suzhou-hi-tech-zone", "jiangyin-lingang-new-town", "pingshan-new-area"
ALL = None
O, P, I, N, D = "organization", "person", "industry", "initiative", "date"

ANN = {
    "000_suzhou_snd.txt": [
        ("三年跨越计划", N, SZ, ALL),
        ("争先进位", N, SZ, ALL),
        ("三区三城", N, SZ, ALL),
        ("2+3", N, SZ, ALL),
        ("3月25日", D, SZ, ALL),
        ("三菱树脂", O, SZ, ALL),
        ("横滨轮胎", O, SZ, ALL),
        ("协鑫光伏", O, SZ, "协鑫光伏二期等"),
        ("莱克电气绿能科技", O, SZ, "莱克电气绿能科技、中核苏阀"),
        ("中核苏阀", O, SZ, ALL),
        ("新协力机器", O, SZ, ALL),
        ("高新区党工委", O, SZ, ALL),
        ("周伟强", P, SZ, ALL),
        ("新能源", I, SZ, ALL),
        ("新材料", I, SZ, ALL),
        ("生物医学", I, SZ, ALL),
        ("电子信息", I, SZ, ALL),
        ("先进装备制造", I, SZ, ALL),
        ("汽车零部件", I, SZ, ALL),
        ("医疗器械", I, SZ, "新能源、医疗器械等新兴产业"),
        ("苏州协鑫光伏科技有限公司", O, SZ, ALL),
        ("协鑫集团", O, SZ, ALL),
        ("2010年", D, SZ, ALL),
        ("莱克电气绿能科技（苏州）有限公司", O, SZ, ALL),
        ("莱克电气", O, SZ, "由莱克电气投资"),
        ("2011年底", D, SZ, ALL),
        ("品捷电子（苏州）有限公司", O, SZ, ALL),
        ("今年年底", D, SZ, ALL),
        ("苏州市欧陆杰电器有限公司", O, SZ, ALL),
        ("飞利浦", O, None, ALL),
        ("西门子", O, None, ALL),
        ("伊莱克斯", O, None, ALL),
        ("苏州市硅峰光电科技股份有限公司", O, SZ, ALL),
        ("赫瑞特投资管理有限公司", O, SZ, ALL),
        ("今年9月", D, SZ, ALL),
        ("苏州柯尔医疗器械有限公司", O, SZ, ALL),
        ("市委", O, None, "按照市委、市政府"),
        ("市政府", O, None, "按照市委、市政府"),
    ],
    "001_jiangyin_lingang.txt": [
        ("3月22日", D, JY, ALL),
        ("王锡南", P, JY, ALL),
        ("薛良", P, JY, ALL),
        ("临港新城管委会", O, JY, ALL),
        ("市经信委", O, None, ALL),
        ("中联重科", O, JY, ALL),
        ("中联重工科技发展股份有限公司", O, JY, ALL),
        ("詹纯新", P, JY, ALL),
        ("殷正富", P, JY, ALL),
        ("机械装备制造业", I, JY, ALL),
        ("机械装备", I, JY, "提升江阴机械装备产业"),
        ("6月份", D, JY, ALL),
    ],
    "002_pingshan_2014.txt": [
        # organizations
        ("坪山新区管委会", O, PS, ALL),
        ("新区管委会", O, PS, "我谨代表新区管委会"),
        ("新区管委会", O, PS, "今年新区管委会的工作思路"),
        ("市委", O, None, "在市委市政府的正确领导下"),
        ("市政府", O, None, "在市委市政府的正确领导下"),
        ("市委", O, None, "牢记市委市政府赋予"),
        ("市政府", O, None, "牢记市委市政府赋予"),
        ("省人大", O, None, ALL),
        ("市政府", O, None, "获市政府批准"),
        ("中国工程院", O, None, ALL),
        ("特种新型材料院士工作站", O, PS, ALL),
        ("昂纳信息技术（深圳）有限公司", O, PS, ALL),
        ("科技部", O, None, ALL),
        ("沃特玛", O, PS, ALL),
        ("工信部", O, None, ALL),
        ("财政部", O, None, ALL),
        ("巴斯巴", O, PS, ALL),
        ("国家发改委", O, None, ALL),
        ("震雄", O, PS, ALL),
        ("雷柏", O, PS, ALL),
        ("比亚迪", O, PS, ALL),
        ("百泰珠宝", O, PS, ALL),
        ("周大生珠宝", O, PS, ALL),
        ("共进电子", O, PS, ALL),
        ("华谊兄弟", O, PS, ALL),
        ("苏宁云商深圳公司", O, PS, ALL),
        ("广州农商银行", O, None, ALL),
        ("深圳坪山珠江村镇银行", O, PS, ALL),
        ("坑梓敬老院", O, PS, ALL),
        ("彩虹日间照料中心", O, PS, ALL),
        ("坪山高级中学", O, PS, ALL),
        ("坪山外国语学校", O, PS, ALL),
        ("深圳市第九高级中学", O, PS, ALL),
        ("平乐骨伤科医院", O, PS, ALL),
        ("聚龙医院", O, PS, ALL),
        ("健宁医院", O, PS, ALL),
        ("北京军事博物馆", O, None, ALL),
        ("东江纵队", O, None, "举办东江纵队成立七十周年"),
        ("东江纵队纪念馆", O, PS, ALL),
        ("龙岗区人民法院", O, None, ALL),
        ("市委", O, None, "得益于市委、市政府"),
        ("市政府", O, None, "得益于市委、市政府"),
        ("龙岗区委", O, None, ALL),
        ("区政府", O, None, "龙岗区委、区政府"),
        ("龙岗区人大", O, None, ALL),
        ("市委", O, None, "这与市委、市政府"),
        ("市政府", O, None, "这与市委、市政府"),
        ("市委", O, None, "市委市政府明确"),
        ("市政府", O, None, "市委市政府明确"),
        ("国家商用密码检测中心深圳分中心", O, PS, ALL),
        ("新能源汽车工程技术中心", O, PS, ALL),
        ("国家磁浮交通工程技术研究中心深圳分中心", O, PS, ALL),
        ("海普瑞", O, PS, ALL),
        ("信立泰", O, PS, ALL),
        ("一致药业", O, PS, ALL),
        ("赛诺菲—巴斯德", O, PS, ALL),
        ("德塔", O, PS, ALL),
        ("华电", O, PS, ALL),
        ("国电", O, PS, ALL),
        ("捷佳伟创", O, PS, ALL),
        ("迈乐数码", O, PS, ALL),
        ("中国振华（集团）科技股份有限公司", O, PS, ALL),
        ("天虹", O, PS, ALL),
        ("龙湖", O, PS, ALL),
        ("亚太", O, PS, ALL),
        ("成城达", O, PS, ALL),
        ("阿里山味", O, PS, ALL),
        ("深圳第九高级中学", O, PS, ALL),
        ("中山小学", O, PS, ALL),
        ("深圳市职工继续教育学院", O, PS, ALL),
        ("坪山新区人民医院", O, PS, ALL),
        ("第三人民医院", O, PS, ALL),
        ("新区妇幼保健院", O, PS, ALL),
        ("市委", O, None, "牢记市委、市政府赋予新区"),
        ("市政府", O, None, "牢记市委、市政府赋予新区"),
        # persons
        ("习近平", P, None, ALL),
        ("黄伯云", P, PS, ALL),
        ("马歇尔", P, PS, ALL),
        # industries
        ("新能源汽车", I, PS, ALL),
        ("生物医药", I, PS, ALL),
        ("电子信息", I, PS, ALL),
        ("装备制造", I, PS, "电子信息、装备制造、文化创意"),
        ("先进装备制造", I, PS, ALL),
        ("文化创意", I, PS, ALL),
        ("生命健康", I, PS, ALL),
        ("航空航天", I, PS, ALL),
        ("互联网", I, PS, ALL),
        ("电子商务", I, PS, ALL),
        ("现代服务业", I, PS, ALL),
        # dates
        ("2009年", D, PS, "与2009年新区成立时相比"),
        ("2015年", D, PS, "在2015年全部建成"),
        ("2015年", D, PS, "争取到2015年完成"),
    ],
}

# initiatives: every quoted name in these lists, plus unquoted repeats of the same names
INIT = {
    "002_pingshan_2014.txt": [
        "三个定位、两个率先", "发力竞进、提速增效、崇尚革新、实干兴区", "改革创新年", "转型提质年", "三下降",
        "综合配套改革先行区", "织网工程", "智慧坪山", "整村统筹", "单元统筹+子单元从快开发",
        "水环境治理+土地开发+产业转型+投融资", "四位一体", "一库一队伍两网两系统", "少、转、快", "站企分离",
        "新能源汽车技术创新工程项目", "2012年战略性新兴产业新能源汽车专项项目", "1+6", "双到", "一把手工程",
        "分片包区", "九项举措", "六条疏导路径", "预防为主，疏堵结合，制度查违，快速反应", "三大成效",
        "全国综合减灾示范社区", "平安坪山", "平安细胞工程", "一岗双责", "新疆班", "一窗式", "易办事",
        "足不出户、尽享服务", "新盆景", "风景林工程", "四诊式", "多证联办", "廉洁使者", "三化一平台",
        "全面深化改革年、城市质量提升年", "爱坪山", "重审批、轻监管", "轻审批、重监管", "审批转服务",
        "总部+研究+核心制造", "两线一片", "一极、两轴、三城、四区、五基地、多园", "我让坪山更美丽行动",
        "河长制", "民生幸福感提升行动", "关爱劳务工", "两型一化", "国家智慧城市试点", "一流法治城区", "开放建设",
    ],
}
for doc, names in INIT.items():
    ANN[doc] = [(n, N, PS, ALL) for n in names] + ANN[doc]

# occurrences of an ALL string that are not mentions: (doc, text, anchor containing that occurrence)
SKIP = [
    # 新能源汽车 inside a quoted company project name that is not annotated (like the seeds' “高端精密零部件加工制造”)
    ("002_pingshan_2014.txt", "新能源汽车", "“新能源汽车高压大电流"),
    # 生命健康 / 文化创意 etc. have no non-industry uses; 东江纵队 in the film title is a work title
]


def spans(doc, text):
    out, i = [], doc.find(text)
    while i >= 0:
        out.append(i)
        i = doc.find(text, i + 1)
    return out


def build():
    recs = []
    for name, anns in ANN.items():
        doc = (ROOT / "texts" / name).read_text(encoding="utf-8")
        taken = []  # (start, end)

        def free(s, e):
            return all(e <= a or s >= b for a, b in taken)

        skip_pos = set()
        for d, text, anchor in SKIP:
            if d == name:
                (a,) = spans(doc, anchor)
                skip_pos.add(a + anchor.index(text))
        # anchored first, then ALL (longest strings first so nested shorter ones are skipped)
        anchored = [x for x in anns if x[3] is not ALL]
        alls = sorted([x for x in anns if x[3] is ALL], key=lambda x: -len(x[0]))
        for text, kind, zone, anchor in anchored:
            hits = spans(doc, anchor)
            assert len(hits) == 1, (name, anchor, len(hits))
            s = hits[0] + anchor.index(text)
            assert free(s, s + len(text)), (name, text, anchor)
            taken.append((s, s + len(text)))
            recs.append(dict(doc=name, start=s, end=s + len(text), text=text, kind=kind, zone=zone))
        for text, kind, zone, _ in alls:
            hits = [s for s in spans(doc, text) if s not in skip_pos and free(s, s + len(text))]
            assert hits, (name, text)
            for s in hits:
                taken.append((s, s + len(text)))
                recs.append(dict(doc=name, start=s, end=s + len(text), text=text, kind=kind, zone=zone))
        for r in recs:
            if r["doc"] == name:
                assert doc[r["start"]:r["end"]] == r["text"]
    recs.sort(key=lambda r: (r["doc"], r["start"]))
    return recs


if __name__ == "__main__":
    recs = build()
    with open(ROOT / "gold" / "entities.jsonl", "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(recs), Counter((r["doc"][:3], r["kind"]) for r in recs))
