import pytest

from zoneprofile.lang.numbers import parse_chinese, parse_number


@pytest.mark.parametrize("text, value", [
    ("二十", 20), ("十五", 15), ("两千三百", 2300), ("一百零五", 105), ("三万五千", 35000),
    ("四十二万", 420000), ("一亿二千万", 120_000_000), ("二〇二一", 2021), ("十", 10),
])
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("bad", ["十四五", "五争一创", "", "abc"])
def test_not_a_numeral(bad):
    with pytest.raises(ValueError):
        parse_chinese(bad)


@pytest.mark.parametrize("numeral, multiplier, value", [
    ("19.3", "亿", 1_930_000_000), ("1.4", "亿", 140_000_000), ("5000", "万", 50_000_000),
    ("2", "万", 20_000), ("81.54", "", 81.54), ("1,200", "", 1200), ("０.５", "", 0.5), ("三", "", 3),
])
def test_multipliers_applied(numeral, multiplier, value):
    assert parse_number(numeral, multiplier) == value
