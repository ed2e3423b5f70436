"""Hand gold for texts/004_dapumei_hota_2020.txt (a Taiwanese news article in traditional characters:
和大工業 breaks ground on staff housing in 大埔美精密機械園區, 嘉義縣; page dated 109-12-26, i.e. 2020-12-26).

Writes gold/quantities_004.jsonl and gold/entities_004.jsonl. Made by reading the text (no extractor
run). `text` is exactly as written (traditional characters, Chinese numerals); values as for simplified.
Every figure is the company's (subject 和大), in the park; see gold/README.md, section 004.
"""
from gold_common import ALL, Q, build_entities, build_quantities, write_jsonl

DOC = "004_dapumei_hota_2020.txt"
PK = "dapumei-precision-machinery-park"
O, P, I, N, D = "organization", "person", "industry", "initiative", "date"
HD = "和大"

QUANTITIES = [
    Q("擁有三萬七千多坪土地", "三萬七千多坪", "area", 37000, "坪", "about", "和大在園區擁有土地", None, "level", None, 2020,
      subject=HD),
    Q("設產五年", "五年", "duration", 5, "年", "exact", "和大在園區設產時間", None, "level", None, 2020, subject=HD),
    Q("已超過三十億元", "超過三十億元", "money", 3000000000, "元", "over", "和大一、二廠年產值", "去年", "level", None, 2019,
      subject=HD),
    Q("投資一百五十億元", "一百五十億元", "money", 15000000000, "元", "exact", "和大五、六廠投資", None, "level", "target", None,
      subject=HD),
    Q("將來五個廠", "五個", "count", 5, "個", "exact", "和大園區廠數（全數量產後）", None, "level", "target", None, subject=HD),
    Q("將超過一百億元", "超過一百億元", "money", 10000000000, "元", "over", "和大五個廠全數量產後年產值", None, "level", "forecast",
      None, subject=HD),
    Q("申購二千十五坪", "二千十五坪", "area", 2015, "坪", "exact", "和大申購社區用地", None, "level", None, 2020, subject=HD),
    Q("興建四十二戶", "四十二戶", "count", 42, "戶", "exact", "和大預計興建員工社區住宅", None, "level", "forecast", None,
      subject=HD),
]

ENTITIES = [
    ("和大工業集團", O, PK, ALL),
    ("和大工業", O, PK, ALL),
    ("和大集團", O, PK, ALL),
    ("和大公司", O, PK, ALL),
    ("和大", O, PK, ALL),
    ("特斯拉", O, None, ALL),
    ("翁章梁", P, PK, ALL),
    ("沈國榮", P, PK, ALL),
    ("陳怡岳", P, PK, ALL),
    ("張誼", P, None, ALL),
    ("精密機械", I, PK, ALL),
    ("十八日", D, PK, ALL),
    ("今年第一季", D, PK, ALL),
    ("今年二月", D, PK, ALL),
    ("八月", D, PK, "預計八月投產"),
    ("明年中旬", D, PK, ALL),
]

if __name__ == "__main__":
    q = build_quantities(DOC, PK, QUANTITIES)
    e = build_entities(DOC, ENTITIES)
    write_jsonl("quantities_004.jsonl", q)
    write_jsonl("entities_004.jsonl", e)
    from collections import Counter
    print(len(q), "quantities", Counter(r["kind"] for r in q))
    print(len(e), "entities", Counter(r["kind"] for r in e))
