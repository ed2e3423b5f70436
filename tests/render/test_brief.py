"""End to end: the brief as a PDF, read back; template overrides and template errors."""

import logging
import subprocess
import sys

import pytest
from conftest import PROFILES, ROOT, SEEDS
from pypdf import PdfReader

from zoneprofile.compare.comparison import format_value
from zoneprofile.errors import RenderError
from zoneprofile.extract.record import QUANTITY_KINDS
from zoneprofile.render.brief import build_context, render_brief


def pdf_text(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)




@pytest.fixture
def no_render_warnings(caplog):
    """WeasyPrint's warnings (a missing font, an unknown CSS property) fail the test."""
    caplog.set_level(logging.WARNING)
    yield
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not problems, problems


def test_cli_brief_pdf_has_both_zones_and_their_figures(tmp_path, seed_facts):
    out = tmp_path / "brief.pdf"
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "brief", SEEDS, "--profiles", PROFILES,
                             "-o", out], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    text = pdf_text(out)
    assert "镇江新区" in text and "镇江高新区" in text
    df, _ = seed_facts
    for zone in ("zhenjiang-new-area", "zhenjiang-hi-tech-zone"):
        mine = df[(df["zone"] == zone) & df["kind"].isin(QUANTITY_KINDS)]
        shown = [row for row in mine.itertuples()
                 if format_value(row.value, row.unit, row.kind) in text.replace(" ", "")]
        assert len(shown) >= 0.8 * len(mine), zone
    # a CJK font is embedded: no boxes
    fonts = {f.get_object()["/BaseFont"] for page in PdfReader(out).pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("CJK" in name or "Han" in name or "WenQuanYi" in name for name in fonts), fonts






def test_every_figure_has_a_citation_to_a_source(context):
    notes = {n.number: n for n in context.notes}
    sources = {s.number for s in context.sources}
    cells = [c for cat in context.categories for row in cat.rows for c in row.values() if c]
    cells += [c for d in context.dimensions for row in d.rows + d.singles for cs in row.cells.values() for c in cs]
    assert len(cells) == sum(z.facts for z in context.zones)
    for cell in cells:
        note = notes[cell.note]
        assert note.source in sources
        assert any(is_figure and text == cell.display for text, is_figure in note.parts) or cell.text in note.sentence


def test_big_money_shows_its_exact_value_in_the_citation(context):
    note = next(n for n in context.notes if "19.3亿元" in n.sentence)
    assert "19.3亿元 = 1,930,000,000元" in note.exact


def test_glance_has_industries_ranks_headline_and_years(context):
    new_area = next(z for z in context.zones if z.id == "zhenjiang-new-area")
    assert {"新能源", "新材料", "航空航天", "生命健康"} <= {m.text for m in new_area.industries}
    assert any(f.display == "全国第22位" for f in new_area.ranks)
    assert new_area.headline and new_area.headline[0].kind == "money"
    assert new_area.period_label.startswith("20")


def test_vocabulary_is_contrastive(context):
    for zone in context.zones:
        words = [t.word for t in zone.vocabulary]
        assert words and zone.name not in words and "镇江" not in words
        assert all(t.score > 0 for t in zone.vocabulary)
    a, b = (set(t.word for t in z.vocabulary) for z in context.zones)
    assert not a & b  # a word cannot set both zones apart




def test_override_one_block_with_default_and_super(tmp_path, context, no_render_warnings):
    mine = tmp_path / "mytemplates"
    mine.mkdir()
    (mine / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n'
        '{% block header %}<p class="mine">本单位内部参考</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8")
    html = tmp_path / "brief.html"
    render_brief(context, tmp_path / "brief.pdf", templates=mine, html_path=html)
    page = html.read_text(encoding="utf-8")
    assert "本单位内部参考" in page and "开发区对比简报" in page  # the override and the built-in header
    assert str(mine) in page  # the HTML records the lookup order
    assert f"brief.html ← {mine / 'brief.html'}" in page  # and which file each template came from
    assert "本单位内部参考" in pdf_text(tmp_path / "brief.pdf")


def test_override_the_stylesheet_alone(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.css").write_text("/* mine */ html { font-family: 'Noto Serif CJK SC', serif; }", encoding="utf-8")
    html = tmp_path / "b.html"
    render_brief(context, tmp_path / "b.pdf", templates=mine, html_path=html)
    assert "/* mine */" in html.read_text(encoding="utf-8")


def test_template_error_is_file_line_and_names_the_variable(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block header %}\n<h1>{{ no_such_thing }}</h1>\n{% endblock %}\n',
        encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render_brief(context, tmp_path / "b.pdf", templates=mine)
    message = str(info.value)
    assert message.startswith(f"{mine / 'brief.html'}:3:")
    assert "no_such_thing" in message


def test_template_syntax_error_is_file_line(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_text("<p>\n{% if %}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"brief\.html:2: "):
        render_brief(context, tmp_path / "b.pdf", templates=mine)


def test_text_is_escaped_and_nothing_is_fetched(tmp_path, profiles):
    from zoneprofile.run.stream import extract_corpus

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "镇江新区简讯\n\n镇江新区新增企业<script>x</script>20家<img src=\"file:///etc/passwd\">。\n", encoding="utf-8")
    df, docs = extract_corpus(corpus, profiles)
    ctx = build_context(df, profiles, docs, str(corpus), [p.id for p in profiles])
    assert ctx.zones
    html = tmp_path / "b.html"
    render_brief(ctx, tmp_path / "b.pdf", html_path=html)
    page = html.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page


def test_fetcher_refuses_outside_files_and_network(tmp_path):
    from zoneprofile.render.pdf import sandboxed_fetcher

    allowed = tmp_path / "templates"
    allowed.mkdir()
    (allowed / "logo.svg").write_text("<svg/>", encoding="utf-8")
    fetcher = sandboxed_fetcher([allowed])
    assert fetcher.fetch((allowed / "logo.svg").as_uri()).read() == b"<svg/>"
    for url in ("file:///etc/passwd", "http://example.com/x.png", "https://example.com/"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_missing_cjk_font_stops_with_install_hint(monkeypatch, tmp_path, context):
    from zoneprofile.render import pdf as render

    monkeypatch.setattr(render, "cjk_fonts", lambda: ())
    with pytest.raises(RenderError, match="fonts-noto-cjk"):
        render_brief(context, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()




