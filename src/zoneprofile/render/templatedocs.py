"""The template reference, docs/templates.md, generated from the code: the context
classes and their help, the blocks of brief.html, the macros, the filters, the CSS
hooks and the theme options. `zoneprofile templates docs` writes it; a test fails
when it is stale or when a template uses something it does not document."""

from __future__ import annotations

import re
from dataclasses import fields

from zoneprofile.render.context import CONTEXT_CLASSES
from zoneprofile.render.templates import (
    BUILTIN_FILES,
    FILTERS_DOC,
    builtin_templates_dir,
)

BLOCKS_DOC = {
    "head": "Inside `<head>`: the title and meta tags.",
    "style": "The styles: `brief.css`, the theme's custom properties and page size, then `user.css` (if your "
             "folder has one) and `--stylesheet`. Call `{{ super() }}` to keep them and add your own rules.",
    "header": "The cover header: kicker, the zones' names in their colours, counts and date.",
    "glance": "Each zone at a glance: kind and city, leading industries, ranks, headline figures, sources, years.",
    "charts": "Paired bars of the aligned indicators every zone reports (`charts.paired`).",
    "dimensions": "The comparison: every dimension of the indicator catalogue in turn (the loop), then a note on "
                  "how rows are aligned; override to reorder or filter dimensions.",
    "dimension": "One dimension's table (scoped: `section` is the current `DimensionSection`): its aligned rows, "
                 "then the indicators only one zone reports.",
    "categories": "The figures no indicator takes, under their zone, every category in turn (the loop); override "
                  "to reorder or filter categories.",
    "category": "One category's table (scoped: `category` is the current one): the figures under their zone.",
    "vocabulary": "The distinctive-vocabulary chart (`charts.vocabulary`).",
    "entities": "Organizations, people and initiatives per zone.",
    "unattributed": "Figures no zone could claim.",
    "sources": "The source documents: title, date, byline, file.",
    "notes": "The citations: each quoted sentence, its figures in bold, exact values, and its source.",
    "footer": "Empty: a place for your own closing content.",
}
MACROS_DOC = {
    "figure(f, with_metric=True)": "A figure: its outlook tag, value in bold, metric, period (or year) and "
                                   "citation.",
    "outlook(f)": "目标 or 预计 before a figure that is a target or a forecast; nothing for a result.",
    "cite(f)": "A figure's citation numbers, linked to the notes.",
    "when(f)": "A figure's year and period (`2021 · 截至目前`, `2019年1-8月份`), else its year.",
    "mention(x)": "An entity (`Mention`) with its detail and citation.",
    "aligned_row(row, zones, single=False)": "An `AlignedRow` as a table row: the indicator's label, its measure "
                                             "(and basis, outlook, programme), every caveat, then each zone's "
                                             "figure or 未见报道.",
    "zone_columns(zones, label=\"\")": "A side-by-side table's columns and heading row: the label column, "
                                        "then one column per zone headed by its name in its colour.",
}
CSS_HOOKS = {
    "brief / profile": "On `<body>`: which document this is (`mode`).",
    "cover": "The cover header.", "kicker": "The small line above the title.",
    "zone-name": "A zone's name in the title (coloured inline).", "vs": "The × between names.",
    "meta": "The counts and date under the title.",
    "glance": "The at-a-glance section.", "charts": "The chart section.", "chart-box": "A chart and its caption.",
    "chart": "An SVG chart (also `paired-bars`, `vocabulary`).", "paired-bars": "The paired-bars SVG.",
    "category": "A category section; it also carries the category's key (e.g. `finance`).",
    "vocabulary": "The vocabulary section and its SVG.", "entities": "The entities section.",
    "unattributed": "The unattributed-figures section.", "sources": "The sources section.",
    "notes": "The citations section.",
    "side-by-side": "A table with one column per zone.", "label": "The label column (`<col>`).",
    "zone-head": "A zone's column heading (its border takes the zone's colour).",
    "paired-row": "A row of a comparable metric (templates of earlier versions).",
    "rest-row": "A row of figures without a counterpart.",
    "dimension": "A dimension section; it also carries the dimension's id (e.g. `economy`).",
    "aligned": "A table of aligned indicators.", "aligned-row": "A row of one indicator across zones.",
    "single-row": "A row of an indicator only one zone reports.", "singles-head": "The heading row of those.",
    "measure": "The measure after an indicator's label (总量, 增速 …).",
    "programme": "The programme an aligned row's figures belong to.",
    "scope": "The part of a zone a figure is of (直管区, 出口加工区).", "part": "A heading over several sections.",
    "figure": "A figure's value.", "metric": "A figure's metric.", "period": "A figure's period or year.",
    "outlook": "The 目标 / 预计 tag of a target or a forecast.",
    "cite": "Citation numbers.", "caveat": "What differs between the figures of a row (years, periods, scopes …).",
    "none": "An empty cell's dash or 未见报道.", "mention": "An entity's name.",
    "detail": "A person's titles.", "explain": "An explanatory paragraph.", "doc": "A file name.",
    "file": "The file column of the sources.", "plain": "The sources table.", "num": "Number column.",
    "date": "Date column.", "count": "Count column.", "figure-in-note": "A figure inside a quoted sentence.",
    "exact": "The exact values after a quoted sentence.",
}
EXTRA_VARIABLES = {
    "extra_css": "The text of `--stylesheet`, appended in the `style` block (empty without the option).",
    "template_dirs": "The template folders in lookup order (a global).",
}


def _type_name(tp) -> str:
    text = tp if isinstance(tp, str) else getattr(tp, "__name__", str(tp))
    return str(text).replace("typing.", "").replace("markupsafe.", "")


def template_blocks() -> list[str]:
    text = (builtin_templates_dir() / "brief.html").read_text(encoding="utf-8")
    return re.findall(r"{%-?\s*block\s+(\w+)", text)


def template_classes() -> set[str]:
    found = set()
    for name in BUILTIN_FILES:
        if name.endswith(".html"):
            text = (builtin_templates_dir() / name).read_text(encoding="utf-8")
            for attr in re.findall(r'class="([^"{]*)', text):
                found.update(attr.split())
    return found


def css_hooks() -> set[str]:
    return {c for key in CSS_HOOKS for c in key.split(" / ")}


def reference() -> str:
    lines = [
        "# Template reference",
        "",
        "Generated from the code by `zoneprofile templates docs`; a test fails when it is stale. The names",
        "below are promised stable: later versions add, never rename or remove.",
        "",
        "## Files and lookup",
        "",
        "The built-in templates are the files in `templates/`: " + ", ".join(f"`{n}`" for n in BUILTIN_FILES) + ".",
        "With `--templates DIR`, a file in DIR wins over the built-in file of the same name; the built-ins stay",
        "reachable as `default:NAME`, so an override can change one block:",
        "",
        "```jinja",
        '{% extends "default:brief.html" %}',
        "{% block header %}<p>内部参考</p>{{ super() }}{% endblock %}",
        "```",
        "",
        "`zoneprofile templates init DIR` copies the built-ins to start from; `zoneprofile templates list",
        "--templates DIR` shows which file wins. `brief.html` renders a comparison, `profile.html` (which",
        "extends `brief.html`) one zone. `theme.yaml` and `categories.yaml` are looked up the same way, and a",
        "`user.css` in your folder is added after the built-in styles. Templates are autoescaped and an",
        "undefined variable is an error, reported as `file:line: message`. The rendered HTML ends with a",
        "comment that lists the lookup order and the file each template came from; `--context-json PATH`",
        "writes the exact context a template receives.",
        "",
        "## Variables",
        "",
        "Every top-level variable is a field of `BriefContext`; the other classes are the types of its fields.",
        "",
    ]
    for cls in CONTEXT_CLASSES:
        lines += [f"### `{cls.__name__}`", "", (cls.__doc__ or "").strip(), "", "| name | type | meaning |",
                  "|---|---|---|"]
        for f in fields(cls):
            lines.append(f"| `{f.name}` | `{_type_name(f.type)}` | {f.metadata['help']} |")
        lines.append("")
    lines += ["### Other variables", "", "| name | meaning |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in EXTRA_VARIABLES.items()]
    lines += ["", "## Blocks of `brief.html`", "",
              "Every block is defined in `brief.html` itself, never in an included file, so any of them can be",
              "overridden from a template that extends it.", "", "| block | content |", "|---|---|"]
    lines += [f"| `{b}` | {BLOCKS_DOC[b]} |" for b in template_blocks()]
    lines += ["", "## Macros (`macros.html`)", "", "Import them in your template: "
              '`{% import "macros.html" as m %}`, then `{{ m.figure(f) }}`.', "", "| macro | output |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in MACROS_DOC.items()]
    lines += ["", "## Filters", "", "| filter | output |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in FILTERS_DOC.items()]
    lines += ["", "## CSS hooks", "",
              "Classes the built-in templates put on elements; style them from `user.css` or `--stylesheet`.",
              "Colours, fonts and page size are CSS custom properties set from `theme.yaml`: `--ink`, `--muted`,",
              "`--rule`, `--band`, `--cjk` (the font stack) and `--zone-1`, `--zone-2` … (zone colours).", "",
              "| class | element |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in CSS_HOOKS.items()]
    lines += ["", "## `theme.yaml`", "",
              "Options are the fields of `Theme` above. A `theme.yaml` in your folder overrides only the keys it",
              "names; unknown keys and invalid values are reported together, with the valid choices.", "",
              "## `indicators.yaml`: the indicator catalogue", "",
              "What is comparable between zones. Each figure gets the id of its indicator (`indicator` in the",
              "`extract` output and in `FactView`) and its `measure`; the brief aligns figures of one indicator,",
              "measure, basis and outlook across zones (`dimensions`), in the catalogue's `dimensions` order. Every",
              "indicator has an `id`, a `label`, its `dimension`, the `unit` of its level, `phrases` (as texts write",
              "them), `not` (look-alikes that make it something else), `measures`, a `definition`, a `source`, a",
              "`note` and optionally `compare: programme` (the outputs of a campaign, aligned only within one named",
              "programme). An `indicators.yaml` in your folder replaces the built-in one, or, beginning with",
              "`extends: default`, keeps it and adds indicators, replaces those of the same id and drops those",
              "listed under `remove:`. It is read before any work; every problem is reported together. Figures",
              "are read against it during extraction, so `extract --templates DIR` uses it too. The built-in",
              "indicators, one table per dimension: [docs/indicators.md](indicators.md).", "",
              "## `categories.yaml`", "",
              "The figures no indicator takes are listed under their zone, by category: a list under",
              "`categories:` of `key`, `title`, `kinds` (figure kinds that always belong here) and `keywords`",
              "(looked for in the figure's metric, then its sentence); `other:` names the category of figures no",
              "rule claims. The brief shows categories in this order.", ""]
    return "\n".join(lines)


def indicators_reference() -> str:
    """docs/indicators.md: the built-in catalogue, a table per dimension (generated, like templates.md)."""
    from zoneprofile.extract.indicators import default_catalogue

    cat = default_catalogue()
    lines = ["# The indicator catalogue", "",
             "Generated from `templates/indicators.yaml` by `zoneprofile templates docs`; a test fails when it is",
             "stale. How to change or extend it: [templates.md](templates.md#indicatorsyaml-the-indicator-catalogue);",
             "where the dimensions and indicators come from: [indicator-sources.md](indicator-sources.md).", "",
             f"{len(cat.indicators)} indicators in {len(cat.dimensions)} dimensions. A figure's measure (level, growth,",
             "share, rank, change, per_unit) must be one its indicator lists; `programme` marks the outputs of a",
             "campaign, aligned across zones only within one named programme.", ""]
    for d in cat.dimensions:
        lines += [f"## {d.label} (`{d.id}`)", ""]
        for system, text in d.evaluation.items():
            lines.append(f"- {system}: {text}")
        lines += ["", "| id | indicator | unit | measures | phrases | note |", "|---|---|---|---|---|---|"]
        for ind in cat.indicators.values():
            if ind.dimension != d.id:
                continue
            phrases = "、".join(ind.phrases[:6]) + (" …" if len(ind.phrases) > 6 else "")
            note = (ind.note or "").replace("\n", " ")
            note = note[:80] + "…" if len(note) > 80 else note
            flag = " (programme)" if ind.compare == "programme" else ""
            measures = ", ".join(m for m in ("level", "growth", "share", "rank", "change", "per_unit")
                                 if m in ind.measures)
            lines.append(f"| `{ind.id}` | {ind.label}{flag} | {ind.unit} | {measures} | {phrases} | {note} |")
        lines.append("")
    return "\n".join(lines)
