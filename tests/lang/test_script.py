"""Traditional characters read as simplified: character for character, simplified text untouched."""

import pytest

from zoneprofile.lang import script
from zoneprofile.lang.script import simplified, simplified_forms


@pytest.mark.parametrize("text, wanted", [
    ("經開區實現營業收入571億元，新增1.6萬戶", "经开区实现营业收入571亿元，新增1.6万户"),
    ("園區內企業超過6萬家，排名第15位", "园区内企业超过6万家，排名第15位"),
    ("臺灣的衞生所", "台湾的卫生所"),  # Taiwan and Hong Kong variants
])
def test_traditional_to_simplified_character_for_character(text, wanted):
    out = simplified(text)
    assert out == wanted and len(out) == len(text)


@pytest.mark.parametrize("text", ["新区成效显著，著力推进", "镇江新区40余家企业获得授信19.3亿元。", "plain ascii", ""])
def test_simplified_text_comes_back_unchanged(text):
    assert simplified(text) is text  # not even copied: extraction then knows there is nothing to convert


def test_a_conversion_that_would_change_the_length_is_redone_character_by_character(monkeypatch):
    def shrinking(s: str) -> str:  # a phrase rule mapping two characters to one, as a dictionary might hold
        return s.replace("萬戶", "万").replace("億", "亿")

    monkeypatch.setattr(script, "_convert", shrinking)
    text = "新增1.6萬戶\n收入571億元"
    out = simplified(text)
    assert len(out) == len(text)
    assert out.splitlines()[1] == "收入571亿元"  # the other line keeps its conversion


def test_simplified_forms_of_names():
    assert simplified_forms(["長沙經開區", "长沙经开区", "大埔美園區"]) == {"长沙经开区": "長沙經開區", "大埔美园区": "大埔美園區"}


def test_a_big_text_is_converted_a_chunk_of_lines_at_a_time(monkeypatch):
    """Chunks cut after a line break give what the whole text gives; a simplified text stays the same object."""
    from zoneprofile.lang import script

    traditional = "西安經開區實現營業收入571億元，增長10%。\n園區新增企業1.6萬戶。\n" * 40
    simple = "镇江新区实现营业收入571亿元，增长10%。\n园区新增企业1.6万户。\n" * 40
    whole = script.simplified(traditional)
    monkeypatch.setattr(script, "CHUNK", 50)
    assert script.simplified(traditional) == whole and len(whole) == len(traditional)
    mixed = simple + traditional
    assert script.simplified(mixed) == simple + whole
    assert script.simplified(simple) is simple
