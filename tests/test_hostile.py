"""Untrusted texts and templates: markup stays literal text, WeasyPrint loads nothing but
template files and data: URLs, nothing is embedded in the PDF, no link leads to a local file."""

import http.server
import threading

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from zoneprofile.errors import RenderError
from zoneprofile.render import pdf as render
from zoneprofile.render.brief import build_context, render_brief

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=file:///etc/passwd>",
    '<link rel=attachment href="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/hostname">附件</a>',
    '<iframe src="http://127.0.0.1:9/">',
    "http://evil.example/x.png",
    "file:///etc/shadow",
]


def pdf_objects(path):
    """Every object reachable from the PDF's trailer (object streams included)."""
    reader = PdfReader(path)
    seen, stack, out = set(), [reader.trailer], []
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        out.append(obj)
        if isinstance(obj, DictionaryObject):
            stack.extend(v for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return out


def pdf_risks(path):
    """Embedded files, file attachment annotations, and links or actions to file: or http: URLs."""
    risks = []
    for obj in pdf_objects(path):
        if not isinstance(obj, DictionaryObject):
            continue
        if obj.get("/Type") in ("/EmbeddedFile", "/Filespec") or "/EmbeddedFiles" in obj or "/EF" in obj:
            risks.append(("embedded", obj.get("/Type")))
        if obj.get("/Subtype") == "/FileAttachment":
            risks.append(("attachment annotation", None))
        uri = obj.get("/URI")
        if uri is not None and str(uri).lower().startswith(("file:", "http:")):
            risks.append(("uri", str(uri)))
        if obj.get("/S") in ("/Launch", "/JavaScript", "/GoToR", "/ImportData"):
            risks.append(("action", obj.get("/S")))
    return risks


def pdf_text(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def fetchers(monkeypatch):
    """The URL fetchers the renderer created, to see what they refused."""
    made = []
    real = render.sandboxed_fetcher

    def spy(roots):
        fetcher = real(roots)
        made.append(fetcher)
        return fetcher

    monkeypatch.setattr(render, "sandboxed_fetcher", spy)
    return made


@pytest.fixture
def server():
    """A web server on the loopback interface that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


def test_the_scanner_sees_an_embedded_file(tmp_path):
    """The check below is only worth something if it finds what an unguarded WeasyPrint embeds."""
    from weasyprint import HTML

    out = tmp_path / "open.pdf"
    HTML(string='<link rel="attachment" href="data:text/plain,secret"><a href="file:///etc/passwd">x</a>'
                "<p>x</p>").write_pdf(out)
    kinds = {kind for kind, _ in pdf_risks(out)}
    assert {"embedded", "uri"} <= kinds


def test_markup_in_texts_is_literal_in_html_and_pdf(tmp_path, profiles, fetchers, server):
    from zoneprofile.run.stream import extract_corpus

    url, hits = server
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = [f"镇江新区简讯{HOSTILE[0]}", ""]
    lines += [f"镇江新区新增企业{20 + i}家{bad}，详见{url}/page{i}。" for i, bad in enumerate(HOSTILE)]
    (corpus / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, docs = extract_corpus(corpus, profiles)
    ctx = build_context(df, profiles, docs, str(corpus), [p.id for p in profiles])
    html, pdf = tmp_path / "b.html", tmp_path / "b.pdf"
    render_brief(ctx, pdf, html_path=html)

    page = html.read_text(encoding="utf-8")
    for tag in ("<script", "<img", "<iframe", "<link rel=attachment", '<a rel="attachment"'):
        assert tag not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    text = pdf_text(pdf).replace("\n", "")
    for literal in ("<script>alert('x')</script>", "<img src=file:///etc/passwd>", "http://evil.example/x.png",
                    '<link rel=attachment href="file:///etc/passwd">'):
        assert literal in text, literal
    assert pdf_risks(pdf) == []
    assert hits == []
    assert [f.refused for f in fetchers] == [[]]  # nothing in the text even reached the fetcher


def test_a_hostile_template_loads_nothing_from_outside(tmp_path, context, fetchers, server):
    url, hits = server
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG secret")
    mine = tmp_path / "mytemplates"
    mine.mkdir()
    (mine / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8")
    (mine / "link.png").symlink_to(outside)
    (mine / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n'
        "{% block head %}{{ super() }}\n"
        f'<link rel="stylesheet" href="{url}/evil.css">\n'
        '<link rel="attachment" href="file:///etc/hostname" title="x">\n'
        '<link rel="attachment" href="logo.svg">\n'
        f'<style>@import url("{url}/import.css"); @import url("file:///etc/passwd");'
        f' body {{ background: url({url}/bg.png) }}'
        f' @font-face {{ font-family: x; src: url({url}/font.woff) }}</style>\n'
        "{% endblock %}\n"
        "{% block header %}{{ super() }}"
        '<img src="file:///etc/passwd"><img src="../secret.png"><img src="link.png">'
        f'<img src="{url}/pixel.png"><img src="https://example.invalid/x.png"><img src="ftp://example.invalid/x">'
        '<img src="logo.svg"><img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">'
        '<a rel="attachment" href="logo.svg">附件</a><a href="file:///etc/passwd">本地</a>'
        f'<a href="{url}/ok">网页</a>'
        "{% endblock %}\n", encoding="utf-8")
    pdf = tmp_path / "b.pdf"
    render_brief(context, pdf, templates=mine)

    (fetcher,) = fetchers
    refused = " ".join(fetcher.refused)
    for bad in (f"{url}/evil.css", f"{url}/import.css", f"{url}/bg.png", f"{url}/font.woff", f"{url}/pixel.png",
                "file:///etc/passwd", "secret.png", "link.png", "https://example.invalid/x.png", "ftp://"):
        assert bad in refused, bad
    assert "logo.svg" not in refused and "data:" not in refused
    assert hits == []  # no request ever left the process
    risks = pdf_risks(pdf)
    assert all(kind == "uri" and value.startswith(url) for kind, value in risks), risks  # only the web link


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "file://localhost/etc/passwd", "http://127.0.0.1:9/x", "https://example.invalid/",
    "ftp://example.invalid/x", "javascript:alert(1)", "//example.invalid/x",
])
def test_fetcher_refuses(tmp_path, url):
    fetcher = render.sandboxed_fetcher([tmp_path])
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_escapes_from_the_template_folder(tmp_path):
    allowed = tmp_path / "templates"
    (allowed / "img").mkdir(parents=True)
    (allowed / "img" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (allowed / "img" / "link.svg").symlink_to(tmp_path / "secret.txt")
    fetcher = render.sandboxed_fetcher([allowed])
    assert fetcher.fetch((allowed / "img" / "logo.svg").as_uri()).read() == b"<svg/>"
    assert fetcher.fetch("file://localhost" + str(allowed / "img" / "logo.svg")).read() == b"<svg/>"
    for url in [(allowed / "img" / "link.svg").as_uri(), allowed.as_uri() + "/img/../../secret.txt",
                allowed.as_uri() + "/img/%2e%2e/%2e%2e/secret.txt", "file://evil.example" + str(allowed / "img" / "logo.svg"),
                (allowed / "img").as_uri(), (allowed / "missing.svg").as_uri()]:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"


def test_templates_cannot_run_python(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(RenderError, match="brief.html"):
        render_brief(context, tmp_path / "b.pdf", templates=mine)
    assert not (tmp_path / "b.pdf").exists()


def test_templates_cannot_include_files_outside(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_text('{% include "../../../../etc/passwd" %}', encoding="utf-8")
    with pytest.raises(RenderError, match="not found"):
        render_brief(context, tmp_path / "b.pdf", templates=mine)


@pytest.fixture(scope="module")
def context(seed_facts, profiles):
    from conftest import SEEDS

    df, docs = seed_facts
    return build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles])


def test_a_template_saved_as_gbk_renders(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_bytes(
        '{% extends "default:brief.html" %}{% block header %}本单位内部参考{% endblock %}'.encode("gbk"))
    html = tmp_path / "b.html"
    render_brief(context, tmp_path / "b.pdf", templates=mine, html_path=html)
    assert "本单位内部参考" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", r"brief\.html: not a template \(a PNG image"),
    (b'{% include "brief.html" %}', r"brief\.html:1: maximum recursion"),
])
def test_a_broken_template_is_one_error_naming_it(tmp_path, context, content, message):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_bytes(content)
    with pytest.raises(RenderError, match=message):
        render_brief(context, tmp_path / "b.pdf", templates=mine)


# ---------------------------------------------------------------- issue 16: the sandbox escapes that held
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ range.__globals__ }}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ '{0.__class__.__mro__}'.format(1) }}",
    "{{ '%s'|format(''.__class__) }}",
    "{% set x = namespace() %}{{ x.__class__.__init__.__globals__ }}",
    "{{ zones.__class__.__base__.__subclasses__() }}",
    "{{ number.__globals__ }}",
    "{{ config.items() }}{{ request.application.__globals__ }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_held_no_sandbox_escape_reaches_python(tmp_path, context, escape):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "brief.html").write_text('{% extends "default:brief.html" %}{% block header %}' + escape +
                                     "{% endblock %}", encoding="utf-8")
    html = tmp_path / "b.html"
    try:
        render_brief(context, None, templates=mine, html_path=html)
    except RenderError as exc:
        assert "brief.html" in str(exc)
        return
    page = html.read_text(encoding="utf-8")  # rendered: then it shows nothing of Python's insides
    for leak in ("uid=", "<class", "__builtins__", "subprocess", "function"):
        assert leak not in page, leak
