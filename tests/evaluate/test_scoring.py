"""How a fact is scored against the gold: the new kinds, units in either script, a rank's field and list."""

import pandas as pd

from zoneprofile.evaluate.extraction import evaluate, format_report


def _fact(**kw):
    base = dict(doc="a.txt", zone="z", zone_name=None, kind="count", text="", start=0, end=2, value=1, unit="个",
                qualifier="exact", metric="m", period=None, sentence="", of=None, ranking=None)
    return {**base, **kw}


def _gold(**kw):
    base = dict(doc="a.txt", start=0, end=2, text="", kind="count", value=1, unit="个", qualifier="exact", zone="z",
                metric="m", period=None)
    return {**base, **kw}


def test_a_unit_in_traditional_characters_is_the_same_unit():
    report = evaluate(pd.DataFrame([_fact(unit="户")]), [_gold(unit="戶")])
    assert report.by_family["quantity"].right == 1


def test_orders_and_multiples_are_quantities():
    preds = [_fact(kind="order", start=0, end=4), _fact(kind="multiple", unit="倍", start=10, end=12, value=5)]
    gold = [_gold(kind="order", start=0, end=4), _gold(kind="multiple", unit="倍", start=10, end=12, value=5)]
    report = evaluate(pd.DataFrame(preds), gold)
    assert report.by_family["quantity"].right == 2 and report.by_kind["order"].right == 1


def test_a_ranks_field_and_list_are_scored_where_the_gold_gives_them():
    preds = [_fact(kind="rank", unit="位", value=3, of=146, ranking="全国高新区"),
             _fact(kind="rank", unit="位", value=1, start=10, end=12, ranking="全市")]
    gold = [_gold(kind="rank", unit="位", value=3, of=146, list="全国高新区"),
            _gold(kind="rank", unit="位", value=1, start=10, end=12, of=None, list="全市（商事主体增幅）")]
    report = evaluate(pd.DataFrame(preds), gold)
    assert report.fields["of"] == (1, 1)  # only where the gold gives a size
    assert report.fields["ranking"] == (2, 2)  # leniently, as a metric: 全市 is in 全市（商事主体增幅）
    assert "ranking" in format_report(report)


def test_a_metric_and_a_period_in_traditional_characters_agree_with_their_simplified_reading():
    report = evaluate(pd.DataFrame([_fact(metric="年产值", period="去年")]), [_gold(metric="年產值", period="去年")])
    assert report.fields["metric"] == (1, 1) and report.fields["period"] == (1, 1)
