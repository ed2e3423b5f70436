"""Template customisation as an API: docs in sync, theme, categories, user styles,
one-zone profiles, templates init/list, the context as JSON."""

import json
import re
import subprocess
import sys

import pytest
from conftest import PROFILES, ROOT, SEEDS
from pypdf import PdfReader

from zoneprofile.errors import ConfigError
from zoneprofile.render.brief import build_context, render_brief
from zoneprofile.render.context import BriefContext
from zoneprofile.render.templatedocs import (
    BLOCKS_DOC,
    EXTRA_VARIABLES,
    css_hooks,
    reference,
    template_blocks,
    template_classes,
)


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "zoneprofile", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def context(seed_facts, profiles):
    df, docs = seed_facts
    return build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles])


def test_docs_are_generated_from_the_code():
    from zoneprofile.render.templatedocs import indicators_reference

    committed = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert committed == reference(), "docs/templates.md is stale: run `zoneprofile templates docs`"
    committed = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert committed == indicators_reference(), "docs/indicators.md is stale: run `zoneprofile templates docs`"


def test_every_rendered_variable_is_documented(context):
    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    rendered = set(context.as_dict()) | set(EXTRA_VARIABLES)
    for name in rendered:
        assert f"| `{name}` |" in docs, name


def test_every_block_is_documented_and_defined_in_the_base_template():
    assert set(template_blocks()) == set(BLOCKS_DOC)
    for name in ("macros.html", "profile.html"):  # blocks live in brief.html only (never in an include)
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        assert name == "profile.html" or "{% block" not in text


def test_every_css_class_is_documented():
    assert template_classes() <= css_hooks(), template_classes() - css_hooks()


def test_theme_changes_the_look_without_html(tmp_path, context, seed_facts, profiles):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "theme.yaml").write_text('page_size: A4 landscape\npalette: ["#000000", "#777777"]\n'
                                     "sections: {vocabulary: false, notes: false}\n", encoding="utf-8")
    df, docs = seed_facts
    ctx = build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles], mine)
    assert ctx.theme.page_size == "A4 landscape" and ctx.zones[0].color == "#000000"
    assert ctx.theme.font_family == "Noto Sans CJK SC"  # keys left out keep the defaults
    html = tmp_path / "b.html"
    render_brief(ctx, tmp_path / "b.pdf", mine, html)
    page = html.read_text(encoding="utf-8")
    assert "size: A4 landscape" in page and "报道特色词" not in page and 'class="notes"' not in page
    box = PdfReader(tmp_path / "b.pdf").pages[0].mediabox
    assert box.width > box.height


def test_bad_theme_reports_every_problem_with_the_choices(tmp_path, seed_facts, profiles):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "theme.yaml").write_text("page_size: B5\ncolour: red\nink: black\nsections: {maps: true}\n",
                                     encoding="utf-8")
    df, docs = seed_facts
    with pytest.raises(ConfigError) as info:
        build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles], mine)
    problems = "\n".join(info.value.problems)
    assert len(info.value.problems) == 4
    assert "A4 landscape" in problems and "'colour'" in problems and "#rrggbb" in problems and "'maps'" in problems


def test_categories_are_user_editable(tmp_path, seed_facts, profiles):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "categories.yaml").write_text(
        "categories:\n  - {key: people, title: 队伍建设, keywords: [团队, 干部, 网格员]}\nother: {key: rest, title: 其余}\n",
        encoding="utf-8")
    df, docs = seed_facts
    ctx = build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles], mine)
    assert [c.title for c in ctx.categories] == ["队伍建设", "其余"]
    team = ctx.categories[0]
    assert not team.paired  # figures are compared by indicator only (dimensions), never paired by phrase
    assert any("团队" in (v.metric or "") for row in team.rows for v in row.values() if v)


def test_bad_categories_name_the_valid_kinds(tmp_path, seed_facts, profiles):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "categories.yaml").write_text("categories:\n  - {key: a, title: A, kinds: [cash]}\n  - {title: B}\n",
                                          encoding="utf-8")
    df, docs = seed_facts
    with pytest.raises(ConfigError) as info:
        build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles], mine)
    text = "\n".join(info.value.problems)
    assert "'cash'" in text and "money" in text and "missing field 'key'" in text


def test_user_css_and_stylesheet_restyle_without_html(tmp_path, context):
    mine = tmp_path / "t"
    mine.mkdir()
    (mine / "user.css").write_text(".figure { color: #ff0000; } /* user.css */", encoding="utf-8")
    extra = tmp_path / "extra.css"
    extra.write_text("h2 { border-left-color: #00ff00; } /* extra */", encoding="utf-8")
    html = tmp_path / "b.html"
    render_brief(context, tmp_path / "b.pdf", mine, html, stylesheet=extra)
    page = html.read_text(encoding="utf-8")
    assert page.index("/* user.css */") < page.index("/* extra */")
    assert "user.css ← " in page


def test_profile_command_renders_one_zone(tmp_path):
    out = tmp_path / "p.pdf"
    result = run("profile", "zhenjiang-hi-tech-zone", SEEDS, "--profiles", PROFILES, "-o", out,
                 "--html", tmp_path / "p.html")
    assert result.returncode == 0, result.stderr
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "")
    assert "镇江高新区" in text and "开发区概况" in text and "48支" in text and "镇江新区" not in text.split("引文")[0]
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "profile.html ← " in page and 'class="profile"' in page


def test_brief_with_chosen_zones_and_context_json(tmp_path):
    result = run("brief", SEEDS, "--profiles", PROFILES, "--zones", "zhenjiang-new-area,zhenjiang-hi-tech-zone",
                 "-o", tmp_path / "b.pdf", "--context-json", tmp_path / "c.json")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [z["id"] for z in data["zones"]] == ["zhenjiang-new-area", "zhenjiang-hi-tech-zone"]
    assert set(data) == {f for f in BriefContext.__dataclass_fields__}


def test_templates_init_and_list(tmp_path):
    mine = tmp_path / "mine"
    result = run("templates", "init", mine)
    assert result.returncode == 0, result.stderr
    assert (mine / "brief.html").is_file() and (mine / "theme.yaml").is_file()
    (mine / "profile.html").unlink()
    listing = run("templates", "list", "--templates", mine)
    assert listing.returncode == 0
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()[1:]}
    assert str(mine / "brief.html") in lines["brief.html"] and "overrides" in lines["brief.html"]
    assert str(mine) not in lines["profile.html"]  # the built-in wins where the user has no file
    again = run("templates", "init", mine)
    assert "kept" in again.stderr  # never overwrites without --force


def test_chart_labels_are_escaped():
    from zoneprofile.render.charts import paired_bars
    from zoneprofile.render.context import FactView, PairedRow, ZoneSummary

    def fact(zone, value):
        return FactView(zone, "count", f"{value}家", "", "", value, "家", "exact", "<b>企业</b>", None, None, None,
                        "x", "a.txt", 0, 1, 1)

    zones = [ZoneSummary(z, z, "", "", [], "#000000", 1, 1, [], 0, "", [], [], [], [], [], [], []) for z in ("a", "b")]
    row = PairedRow("<script>x</script>", "count", "家", {"a": fact("a", 3), "b": fact("b", 5)}, None, True)
    svg = str(paired_bars([row], zones, "Noto Sans CJK SC"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and re.search(r"<rect[^>]+width=", svg)
