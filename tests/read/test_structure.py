"""Page structure as a view: bylines and credits are metadata; titles; layout cuts."""

import pytest

from zoneprofile.extract.document import describe_document
from zoneprofile.read.corpus import Document
from zoneprofile.read.segment import paragraphs
from zoneprofile.read.structure import (
    BODY,
    BYLINE,
    CAPTION,
    CREDIT,
    HEADLINE,
    analyse,
    block_role,
)


@pytest.mark.parametrize("block, last, role", [
    ("刘晓明 王玉龙 范昀 张琼霞 朱秋怡", True, BYLINE),
    ("刘晓明 王玉龙", False, HEADLINE),  # names mid-article are not a byline
    ("本版摄影：卜兴文 范韵 龚舒林", False, CREDIT),
    ("(范韵 孙科)", False, CREDIT),
    ("文稿:陶伟 陈瑜 龚江婷", True, BYLINE),
    ("记者 张三", False, BYLINE),
    ("金斯瑞厂房", False, CAPTION),
    ("优化营商环境，激发产业新动能", False, HEADLINE),
    ("镇江新区全面深入学习宣传贯彻党的二十大精神。", False, BODY),
])
def test_block_roles(block, last, role):
    assert block_role(block, is_last_blocks=last) == role


def test_bylines_and_credits_are_metadata_not_facts(extract_text):
    text = ("镇江新区发展纪实\n\n镇江新区今年新增企业20家。\n\n(范韵 孙科)\n\n本版摄影：卜兴文 范韵\n\n"
            "镇江新区累计服务企业30家。刘晓明 王玉龙\n")
    people = [f.text for f in extract_text(text) if f.kind == "person"]
    assert people == []
    info = describe_document(Document("a.txt", text, "utf-8"))
    assert info.bylines == ("刘晓明", "王玉龙")
    assert len(info.credits) == 2


def test_title_is_the_longest_headline_before_the_body():
    text = "新材料产业园\n\n镇江新区位列国家级经开区综合考评全国22位\n\n镇江新区：软环境带来硬变化\n\n正文第一段，有句号。"
    structure = analyse(text, paragraphs(text))
    assert structure.title == "镇江新区位列国家级经开区综合考评全国22位"


def test_long_headline_is_not_joined_to_the_first_paragraph():
    text = ("镇江高新区 争当创新发展“先行军” 打造科技创新策源地 加快成为镇江发展活力标杆\n\n"
            "肩负使命，镇江高新区实体化运作。")
    assert len(paragraphs(text)) == 2


def test_credit_under_a_page_cut_is_not_joined():
    text = "要带头挑最重的担子、啃最硬的骨头，推动各项工作不断取得新的进展和成绩，推动各项工\n\n(范韵 杨卫华)\n\n项目是基石。"
    assert len(paragraphs(text)) == 3


def test_manifest_title_and_date_win(tmp_path):
    from zoneprofile.read.corpus import read_corpus

    (tmp_path / "a.txt").write_text("某标题\n\n镇江新区今年新增企业20家。", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,title,date,source\na.txt,真标题,2022-10-30,镇江日报\n",
                                           encoding="utf-8")
    (doc,) = read_corpus(tmp_path)
    info = describe_document(doc)
    assert (info.title, info.date, info.year, info.year_source, info.source) == (
        "真标题", "2022-10-30", 2022, "manifest", "镇江日报")


def test_manifest_without_file_column_is_an_error(tmp_path):
    from zoneprofile.errors import CorpusError
    from zoneprofile.read.corpus import read_corpus

    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text("- title: x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="'file'"):
        list(read_corpus(tmp_path))
