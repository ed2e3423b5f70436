"""lang/regex.py: a pattern guarded by the characters its matches may begin with finds exactly what it finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from zoneprofile.lang.regex import guarded

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "other_zones" / "texts").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    rng = random.Random(7)
    alphabet = "超过约近逾破突不足至到多余以上下亿万千百十九八七六五四三二一两半0123456789.%个家元年月日第位名新区全国省市的，。、 ab"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))) for _ in range(3000)]
    return texts


def _guarded_patterns():
    from zoneprofile.extract import entities, periods, quantities
    from zoneprofile.lang.regex import ORIGINALS

    out = []
    for module in (quantities, periods, entities):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value in ORIGINALS:
                out.append(pytest.param(ORIGINALS[value], value, id=f"{module.__name__.rsplit('.', 1)[-1]}.{name}"))
    return out


TEXTS = _texts()


@pytest.mark.parametrize("original, fast", _guarded_patterns())
def test_a_guarded_pattern_finds_what_it_finds(original, fast):
    for text in TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in original.finditer(text)]
        for pos in (0, 1, len(text) // 2):
            a, b = fast.match(text, pos), original.match(text, pos)
            assert (a and a.groupdict()) == (b and b.groupdict())
            a, b = fast.search(text, pos), original.search(text, pos)
            assert (a and a.span()) == (b and b.span())


def test_the_extractors_patterns_are_guarded():
    assert len(_guarded_patterns()) >= 15


@pytest.mark.parametrize("pattern, changed", [
    (r"(?<![A-Za-z0-9])(?P<pre>超过|约)?(?P<n>[0-9]+)(?P<unit>亿元|家)", True),
    (r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月", True),
    (r"第?[0-9]+名", True),
    (r"(?:约)?.{1,3}家", False),      # may begin with any character
    (r"[^，。]{0,4}之一", False),      # a negated class
    (r"(?:第)?", False),               # matches nothing as well
    (r"(?i)abc|x", False),             # inline flags stay first
    (r"(?P<a>x)(?P=a)?", True),
])
def test_which_patterns_are_guarded(pattern, changed):
    compiled = re.compile(pattern)
    fast = guarded(compiled)
    assert (fast is not compiled) == changed
    for text in ("超过12亿元", "约3家", "2019年5月", "第3名", "abc", "xx", "之一", ""):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in compiled.finditer(text)]
