"""Quality of the comparison on hand-made alignment gold (tests/gold/alignment/, tests/other_zones/gold/
alignment/): the rows an analyst would align, the tempting pairs kept apart, each document's data year.
Written by reading the texts, before looking at what the tool aligns; see their READMEs."""

import subprocess
import sys

import pytest
from conftest import PROFILES, ROOT, SEEDS

from zoneprofile.pipeline import score_alignment

OTHER = ROOT / "tests" / "other_zones"


def _total(scores):
    rows = sum(s.gold_rows for s in scores)
    recalled = sum(s.recalled for s in scores)
    brief = sum(s.brief_rows - s.unjudged for s in scores)
    wrong = sum(s.wrong for s in scores)
    years = [(g, b) for s in scores for _, g, b in s.years]
    return recalled / rows, (wrong / brief if brief else 0.0), sum(g == b for g, b in years) / len(years)


@pytest.fixture(scope="module")
def seeds():
    return _total(score_alignment(ROOT / "tests" / "gold" / "alignment", SEEDS, PROFILES))


@pytest.fixture(scope="module")
def other_zones():
    return _total(score_alignment(OTHER / "gold" / "alignment", OTHER / "texts", OTHER / "profiles"))


def test_seeds_rows_are_aligned_and_nothing_unlike(seeds):
    recall, wrong, years = seeds
    assert recall == 1.0 and wrong == 0.0, seeds
    assert years >= 0.8, seeds  # one seed prints no year at all (its gold year is a reader's inference)


def test_other_zones_rows_are_aligned_and_nothing_unlike(other_zones):
    recall, wrong, years = other_zones
    assert recall >= 0.9 and wrong <= 0.05, other_zones  # the bar (17 of 18 when pinned)
    assert years == 1.0, other_zones


def test_evaluate_scores_an_alignment_gold():
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "evaluate", ROOT / "tests" / "gold" / "alignment",
                             SEEDS, "--profiles", PROFILES, "--details"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "gold rows" in result.stdout and "wrong rows:" in result.stdout and "data year right:" in result.stdout


def test_a_bad_anchor_in_an_alignment_gold_names_file_and_line(tmp_path):
    from zoneprofile.errors import ConfigError

    gold = tmp_path / "g.jsonl"
    gold.write_text('{"type": "year", "doc": "000_303548be3bc03ab2.txt", "year": 2022}\n'
                    '{"type": "row", "cells": [{"zone": "a", "doc": "000_303548be3bc03ab2.txt", '
                    '"anchor": "no such words", "text": "1"}]}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="g.jsonl:2"):
        score_alignment(gold, SEEDS, PROFILES)
