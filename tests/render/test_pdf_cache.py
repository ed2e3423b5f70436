"""The rendered-PDF cache: an unchanged brief is written again, byte for byte, without WeasyPrint;
any change of what determines the PDF's bytes (the HTML: corpus, profiles, templates, theme,
stylesheet; a resource the templates load; the fonts; the renderer) renders it again."""

import logging
import shutil

import pytest
from conftest import PROFILES, ROOT

from zoneprofile.render import pdf as pdf_module
from zoneprofile.render.brief import build_context, render_brief
from zoneprofile.store.cache import FactCache


@pytest.fixture
def renders(monkeypatch):
    """How many times WeasyPrint lays a document out."""
    import weasyprint

    count = []
    real = weasyprint.HTML

    def counting(*args, **kwargs):
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    return count


TEXTS = {
    "a.txt": "镇江新区去年新增企业7家，授信19.3亿元，同比增长19.5%。\n\n镇江新区排名全省第5位。\n",
    "b.txt": "镇江高新区今年引进项目12个，总投资86亿元。\n\n镇江高新区营业收入增长8.2%。\n",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory, profiles):
    """A corpus of two short texts and its facts: a brief of two pages, quick to render."""
    from zoneprofile.run.stream import extract_corpus

    corpus = tmp_path_factory.mktemp("small")
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    df, docs = extract_corpus(corpus, profiles)
    return corpus, df, docs


def _context(small, profiles, templates=None):
    corpus, df, docs = small
    return build_context(df, profiles, docs, str(corpus), [p.id for p in profiles], templates)


@pytest.fixture
def context(small, profiles):
    return _context(small, profiles)


@pytest.fixture
def cache(tmp_path):
    made = FactCache(tmp_path / "cache", [])
    yield made
    made.close()


def test_an_unchanged_brief_is_written_again_without_weasyprint(tmp_path, context, cache, renders):
    first = render_brief(context, tmp_path / "a.pdf", pdf_cache=cache).read_bytes()
    again = render_brief(context, tmp_path / "b.pdf", pdf_cache=cache).read_bytes()
    assert len(renders) == 1 and again == first
    uncached = render_brief(context, tmp_path / "c.pdf").read_bytes()  # no cache: rendered
    assert len(renders) == 2 and uncached == first


def _user_templates(tmp_path, css="html { background: #fafafa }"):
    mine = tmp_path / "mine"
    mine.mkdir(exist_ok=True)
    (mine / "more.css").write_text(css, encoding="utf-8")
    (mine / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                                   encoding="utf-8")
    (mine / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n'
        '{% block head %}{{ super() }}<link rel="stylesheet" href="more.css">{% endblock %}\n'
        '{% block header %}{{ super() }}<img src="logo.svg"><img src="missing.svg">{% endblock %}\n',
        encoding="utf-8")
    return mine


def test_a_changed_resource_renders_again(tmp_path, small, profiles, cache, renders):
    """The HTML is the same, but a stylesheet or image it loads changed, appeared or went away."""
    mine = _user_templates(tmp_path)
    context = _context(small, profiles, mine)
    out = tmp_path / "b.pdf"
    first = render_brief(context, out, mine, pdf_cache=cache).read_bytes()
    render_brief(context, out, mine, pdf_cache=cache)
    assert len(renders) == 1
    (mine / "more.css").write_text("html { background: #ffe0e0 }", encoding="utf-8")
    assert render_brief(context, out, mine, pdf_cache=cache).read_bytes() != first
    assert len(renders) == 2
    (mine / "missing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
                                      encoding="utf-8")
    render_brief(context, out, mine, pdf_cache=cache)
    assert len(renders) == 3
    (mine / "logo.svg").unlink()
    render_brief(context, out, mine, pdf_cache=cache)
    render_brief(context, out, mine, pdf_cache=cache)
    assert len(renders) == 4


def test_templates_theme_and_stylesheet_render_again(tmp_path, small, profiles, context, cache, renders):
    out = tmp_path / "b.pdf"
    render_brief(context, out, pdf_cache=cache)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "theme.yaml").write_text('palette: ["#000000", "#ff0000"]\n', encoding="utf-8")
    themed = _context(small, profiles, mine)
    render_brief(themed, out, mine, pdf_cache=cache)
    assert len(renders) == 2
    (mine / "brief.css").write_text((ROOT / "templates" / "brief.css")
                                    .read_text(encoding="utf-8") + "\nh1 { letter-spacing: 1pt }\n", encoding="utf-8")
    render_brief(themed, out, mine, pdf_cache=cache)
    assert len(renders) == 3
    extra = tmp_path / "extra.css"
    extra.write_text("h2 { color: #123456 }", encoding="utf-8")
    render_brief(themed, out, mine, stylesheet=extra, pdf_cache=cache)
    render_brief(themed, out, mine, stylesheet=extra, pdf_cache=cache)
    assert len(renders) == 4


def test_fonts_and_renderer_are_part_of_the_key(tmp_path, context, cache, renders, monkeypatch):
    out = tmp_path / "b.pdf"
    render_brief(context, out, pdf_cache=cache)
    monkeypatch.setattr(pdf_module, "fonts_fingerprint", lambda: "a font was installed")
    render_brief(context, out, pdf_cache=cache)
    monkeypatch.setattr(pdf_module, "renderer_fingerprint", lambda: "WeasyPrint was upgraded")
    render_brief(context, out, pdf_cache=cache)
    render_brief(context, out, pdf_cache=cache)
    assert len(renders) == 3


def test_fingerprints_are_stable_and_cover_the_fonts():
    pdf_module.fonts_fingerprint.cache_clear()
    pdf_module.renderer_fingerprint.cache_clear()
    fonts = pdf_module.fonts_fingerprint()
    pdf_module.fonts_fingerprint.cache_clear()
    assert fonts == pdf_module.fonts_fingerprint() and len(fonts) == 40
    assert pdf_module.renderer_fingerprint() == pdf_module.renderer_fingerprint()


def test_the_renderings_warnings_are_given_again(tmp_path, small, profiles, cache, renders, caplog):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n'
        '{% block header %}{{ super() }}<img src="https://example.invalid/x.png">{% endblock %}\n',
        encoding="utf-8")
    context = _context(small, profiles, mine)
    caplog.set_level(logging.WARNING)
    render_brief(context, tmp_path / "a.pdf", mine, pdf_cache=cache)
    first = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    caplog.clear()
    render_brief(context, tmp_path / "b.pdf", mine, pdf_cache=cache)
    assert len(renders) == 1
    assert any("refused to load https://example.invalid/x.png" in m for _, _, m in first)
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == first


def test_a_damaged_kept_pdf_is_rendered_again(tmp_path, context, cache, renders):
    first = render_brief(context, tmp_path / "a.pdf", pdf_cache=cache).read_bytes()
    cache._db.execute("UPDATE pdfs SET data = substr(data, 1, 1000)")
    assert render_brief(context, tmp_path / "b.pdf", pdf_cache=cache).read_bytes() == first
    assert len(renders) == 2


@pytest.fixture
def logging_kept():
    """The command sets up logging (-q: errors only); the tests after this one keep theirs."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_the_command_renders_again_only_what_changed(tmp_path, monkeypatch, logging_kept):
    """brief twice: the second writes the same bytes without WeasyPrint; a changed text or
    profile renders again. Measured in bench/run.py, shown here."""
    from zoneprofile.cli import main

    monkeypatch.setenv("ZONEPROFILE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    corpus, profiles = tmp_path / "corpus", tmp_path / "profiles"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    shutil.copytree(PROFILES, profiles)
    calls = []
    real = pdf_module.write_pdf

    def spy(*args, **kwargs):
        import weasyprint

        before = weasyprint.HTML
        seen = []

        def counting(*a, **k):
            seen.append(1)
            return before(*a, **k)

        weasyprint.HTML = counting
        try:
            return real(*args, **kwargs)
        finally:
            weasyprint.HTML = before
            calls.append(bool(seen))

    import zoneprofile.render.brief as brief_module

    monkeypatch.setattr(brief_module, "write_pdf", spy)

    def brief(name):
        main(["-q", "brief", str(corpus), "--profiles", str(profiles), "-o", str(tmp_path / name)])
        return (tmp_path / name).read_bytes()

    first = brief("1.pdf")
    assert brief("2.pdf") == first and calls == [True, False]
    text = sorted(corpus.glob("*.txt"))[0]
    text.write_text(text.read_text(encoding="utf-8") + "\n镇江新区新增企业7家。\n", encoding="utf-8")
    assert brief("3.pdf") != first and calls[-1] is True
    profile = profiles / "zhenjiang-new-area.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("kind: ", "kind: 试点"), encoding="utf-8")
    brief("4.pdf")
    brief("5.pdf")
    assert calls[-2:] == [True, False]
