"""Issue 16, templates: a hostile template folder reads nothing outside it, `templates init` writes
nothing outside it, and a template that never ends is stopped (items 5, 9, 13, 22)."""

import os

import pytest
from attacks_common import PROFILES, one_line_error, small_corpus, zp, zp_process

from zoneprofile.errors import RenderError
from zoneprofile.render import templates as templates_module
from zoneprofile.render.brief import render_brief

SECRET = "ZONEPROFILE-SECRET-5f1c"


@pytest.fixture
def secret(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(f"root:x:0:0:{SECRET}\n", encoding="utf-8")
    return outside


def _leaks(*outputs) -> list[str]:
    return [p.name for p in outputs if p.exists() and SECRET.encode() in p.read_bytes()]


# ---------------------------------------------------------------- 5: links out of the template folder
@pytest.mark.parametrize("attack", ["include a link", "include through a linked folder", "brief.html is a link",
                                    "user.css is a link"])
def test_item05_no_template_is_read_through_a_link_out_of_its_folder(tmp_path, context, secret, attack):
    mine = tmp_path / "mine"
    mine.mkdir()
    brief = '{% extends "default:brief.html" %}{% block header %}{% include "X" %}{{ super() }}{% endblock %}'
    if attack == "include a link":
        (mine / "leak.html").symlink_to(secret / "passwd")
        (mine / "brief.html").write_text(brief.replace("X", "leak.html"), encoding="utf-8")
    elif attack == "include through a linked folder":
        (mine / "etc").symlink_to(secret)
        (mine / "brief.html").write_text(brief.replace("X", "etc/passwd"), encoding="utf-8")
    elif attack == "brief.html is a link":
        (mine / "brief.html").symlink_to(secret / "passwd")
    else:
        (mine / "user.css").symlink_to(secret / "passwd")
    html, pdf = tmp_path / "b.html", tmp_path / "b.pdf"
    with pytest.raises(RenderError, match="outside the template folders"):
        render_brief(context, pdf, templates=mine, html_path=html)
    assert not html.exists() and not pdf.exists()


@pytest.mark.parametrize("name", ["theme.yaml", "categories.yaml"])
def test_item05_theme_and_categories_are_not_read_through_a_link_out(tmp_path, seed_facts, profiles, secret, name):
    from zoneprofile.render.brief import build_context

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / name).symlink_to(secret / "passwd")
    df, docs = seed_facts
    with pytest.raises(RenderError, match="outside the template folders") as caught:
        build_context(df, profiles, docs, "seeds", [p.id for p in profiles], mine)
    assert SECRET not in str(caught.value)


def test_item05_links_inside_the_template_folder_still_work(tmp_path, context):
    mine = tmp_path / "mine"
    (mine / "parts").mkdir(parents=True)
    (mine / "parts" / "note.html").write_text("<p>本单位内部参考</p>", encoding="utf-8")
    (mine / "note.html").symlink_to(mine / "parts" / "note.html")
    (mine / "brief.html").write_text('{% extends "default:brief.html" %}{% block header %}{% include "note.html" %}'
                                     "{{ super() }}{% endblock %}", encoding="utf-8")
    html = tmp_path / "b.html"
    render_brief(context, None, templates=mine, html_path=html)
    assert "本单位内部参考" in html.read_text(encoding="utf-8")


def test_item05_a_template_that_is_a_pipe_is_refused_not_waited_for(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    os.mkfifo(mine / "brief.html")
    result = zp_process("brief", small_corpus(tmp_path / "c"), "--profiles", PROFILES, "--templates", mine,
                        "-o", tmp_path / "b.pdf", timeout=60)
    assert "not a regular file" in one_line_error(result.returncode, result.stderr)


# ---------------------------------------------------------------- 9: templates init through links
@pytest.mark.parametrize("force", [False, True])
def test_item09_templates_init_never_writes_through_a_link(tmp_path, secret, force):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "brief.html").symlink_to(secret / "passwd")  # a link to a file outside
    (mine / "brief.css").symlink_to(secret / "missing.css")  # a link to nothing, outside
    code, err = zp("templates", "init", mine, *(["--force"] if force else []))
    assert code == 0, err
    assert (secret / "passwd").read_text(encoding="utf-8") == f"root:x:0:0:{SECRET}\n"
    assert not (secret / "missing.css").exists() and sorted(p.name for p in secret.iterdir()) == ["passwd"]
    assert (mine / "brief.html").is_symlink() != force
    assert (mine / "brief.css").is_symlink() != force
    assert (mine / "macros.html").is_file() and not (mine / "macros.html").is_symlink()


# ---------------------------------------------------------------- 13: a template that never ends
NESTED_RANGES = ('{% extends "default:brief.html" %}{% block header %}'
                 "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
                 "{% endblock %}")


def test_item13_nested_range_loops_stop_with_one_line(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "brief.html").write_text(NESTED_RANGES, encoding="utf-8")
    result = zp_process("brief", small_corpus(tmp_path / "c"), "--profiles", PROFILES, "--templates", mine,
                        "-o", tmp_path / "b.pdf", timeout=120)
    line = one_line_error(result.returncode, result.stderr)
    assert "brief.html" in line and "stopped" in line and not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("body", [
    "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    "{{ 'x' * 1000000000 }}", "{{ [1] * 100000000 }}", "{{ 2 ** 100000000 }}",
    "{% set l = sources * 100000 %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
])
def test_item13_what_no_operation_counts_is_stopped_by_the_clock_or_a_size_bound(tmp_path, context, monkeypatch, body):
    monkeypatch.setattr(templates_module, "RENDER_SECONDS", 1.0)  # the main thread's timer, made quick
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "brief.html").write_text('{% extends "default:brief.html" %}{% block header %}' + body +
                                     "{% endblock %}", encoding="utf-8")
    with pytest.raises(templates_module.RenderStopped, match="stopped"):
        render_brief(context, None, templates=mine, html_path=tmp_path / "b.html")


# ---------------------------------------------------------------- 22: format_map and friends
@pytest.mark.parametrize("expression", ['"{0}".format_map(1)', '"{x}".format_map({})', '"{0[9]}".format_map([[]])',
                                        "zones[99]", "(1).bit_length(2)"])
def test_item22_any_template_exception_is_file_and_line(tmp_path, context, expression):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "brief.html").write_text('{% extends "default:brief.html" %}\n{% block header %}\n{{ ' + expression +
                                     " }}\n{% endblock %}\n", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_brief(context, None, templates=mine, html_path=tmp_path / "b.html")
    assert str(caught.value).startswith(f"{mine / 'brief.html'}:3: ") and "unexpected" not in str(caught.value)
