"""Step 5: the comparison — figures shown as written, paired across zones, targets apart."""

import pytest

from zoneprofile.compare.comparison import format_value, similar_metrics


def test_paired_metric_across_zones(context):
    row = next(r for r in context.paired if similar_metrics(r.metric, "先锋团队"))
    values = {z: c.value for z, c in row.cells.items()}
    assert values == {"zhenjiang-hi-tech-zone": 48, "zhenjiang-new-area": 38}
    assert row.chartable
    assert "口径时间不同" in row.caveat  # one is 截至目前, the other has no period: the row says so


def test_headline_ranks_are_paired_with_a_caveat(context):
    row = next(r for r in context.paired if r.kind in ("rank", "rank_change"))
    kinds = {z: c.kind for z, c in row.cells.items() if c}
    assert kinds == {"zhenjiang-hi-tech-zone": "rank_change", "zhenjiang-new-area": "rank"}
    assert "名次与名次变化" in row.caveat and not row.chartable


@pytest.mark.parametrize("value, unit, kind, shown", [
    (1_930_000_000, "元", "money", "19.3亿元"), (25_000_000, "元", "money", "2,500万元"),
    (50_000_000, "美元", "money", "5,000万美元"), (5000, "元", "money", "5,000元"),
    (212_000, "平方米", "area", "21.2万平方米"), (19.5, "%", "percent", "19.5%"),
    (22, "位", "rank", "第22位"), (49, "位", "rank_change", "上升49位"), (3, "百分点", "percent", "3个百分点"),
])
def test_value_formatting(value, unit, kind, shown):
    assert format_value(value, unit, kind) == shown


@pytest.mark.parametrize("row, shown", [
    (dict(value=2, unit="工作日", kind="duration", qualifier="under", value_min=1), "1–2工作日"),
    (dict(value=3, unit="位", kind="rank", qualifier="under", value_min=None, scope="全国"), "全国前3位"),
    (dict(value=100_000_000, unit="元", kind="money", qualifier="over", value_min=None), "超1亿元"),
])
def test_a_range_and_a_top_rank_are_shown_as_written(row, shown):
    from zoneprofile.compare.comparison import _view

    row = dict(zone="z", text="t", metric="m", period=None, doc="d", start=0, end=1, **row)
    assert _view(row, 1, "c").display == shown


def test_targets_are_no_headline_and_pair_only_with_targets():
    from zoneprofile.compare.comparison import FactView, headline_figures, pair

    def view(zone, value, outlook=None):
        return FactView(zone=zone, kind="money", display="", exact="", text="", value=value, unit="元",
                        qualifier="exact", metric="地区生产总值", period=None, year=2014, scope=None,
                        category="c", doc="d", start=0, end=1, note=1, outlook=outlook)

    a_result, a_target = view("a", 3.7e10), view("a", 4.2e10, "target")
    assert headline_figures([a_result, a_target]) == [a_result]
    rows, _ = pair({"a": [a_target, a_result], "b": [view("b", 5e10)]}, ["a", "b"])
    assert [(r.cells["a"].outlook, r.cells["b"].outlook) for r in rows] == [(None, None)]
