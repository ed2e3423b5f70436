"""The indicator catalogue (templates/indicators.yaml): its schema, and the reference matching rule
on the examples of tests/data/indicator_examples.yaml (scripts/check_indicators.py, PyYAML only)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ci():
    spec = importlib.util.spec_from_file_location("check_indicators", ROOT / "scripts" / "check_indicators.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_indicators"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalogue(ci):
    return yaml.safe_load((ROOT / "templates" / "indicators.yaml").read_text(encoding="utf-8"))


def test_schema(ci, catalogue):
    assert ci.check_schema(catalogue) == []


def test_every_phrase_finds_its_own_indicator(ci, catalogue):
    assert ci.check_phrases_alone(ci.Catalogue(catalogue)) == []


def test_examples(ci, catalogue):
    examples = yaml.safe_load((ROOT / "tests" / "data" / "indicator_examples.yaml").read_text(encoding="utf-8"))
    errors, stats = ci.check_examples(ci.Catalogue(catalogue), examples)
    assert errors == []
    assert stats["negatives"] >= 20


@pytest.mark.parametrize("a, b", [
    ("规上工业增加值", "规上工业总产值"),
    ("实际使用外资", "实际利用内资"),
    ("高新技术企业", "高新技术产业产值"),
    ("研发经费投入", "研发经费投入强度"),
    ("国家级经开区综合考评", "国家高新区综合评价"),
])
def test_look_alikes_are_two_indicators(ci, catalogue, a, b):
    cat = ci.Catalogue(catalogue)
    ia, ib = cat.resolve(a + "10亿元", unit=None).indicator, cat.resolve(b + "10亿元", unit=None).indicator
    assert ia and ib and ia != ib


def test_the_script_exits_zero(ci):
    assert ci.main([]) == 0
