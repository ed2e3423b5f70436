"""The brief: the comparison plus what the templates need, rendered to HTML and PDF."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from pathlib import Path

from zoneprofile import __version__
from zoneprofile.compare.categories import load_categories
from zoneprofile.compare.comparison import compare
from zoneprofile.extract.indicators import catalogue_for
from zoneprofile.read.corpus import Document
from zoneprofile.read.profiles import Profile
from zoneprofile.render.charts import paired_bars, vocabulary_bars
from zoneprofile.render.context import BriefContext, Charts
from zoneprofile.render.pdf import source_date, source_epoch, write_pdf
from zoneprofile.render.templates import (
    find_template_file,
    render_html,
    template_dirs,
    template_files,
)
from zoneprofile.render.theme import load_theme
from zoneprofile.render.zones import select_zones, zone_groups  # noqa: F401  (also here: the API)
from zoneprofile.store.outputs import atomic_write


def distinctive_vocabulary(docs: list[Document] | None, profiles: list[Profile], zone_ids: list[str],
                           counts: dict | None = None):
    """Per zone, its distinctive words (vocabulary.log_odds), from the documents' texts or, when
    given, from per-zone word counts already made (a Counter per zone, as vocabulary.word_counts)."""
    from collections import Counter

    from zoneprofile.compare.vocabulary import log_odds
    from zoneprofile.extract.words import word_counts

    if counts is None:
        counts = word_counts(docs, profiles)
    return log_odds({z: counts.get(z) or Counter() for z in zone_ids})


def brief_date(sources) -> str:
    """SOURCE_DATE_EPOCH if set, else the latest source date, else the latest year: never the clock,
    so the same inputs give the same PDF."""
    when = source_epoch()
    if when is not None:
        return when.strftime("%Y-%m-%d")
    dates = sorted(s.date for s in sources if s.date)
    if dates:
        return dates[-1]
    years = sorted(s.year for s in sources if s.year)
    return f"{years[-1]}年" if years else ""


def build_context(df, profiles: list[Profile], docs: list[Document], corpus: str,
                  zone_ids: list[str], templates: str | Path | None = None,
                  vocabulary: dict | None = None, word_counts: dict | None = None) -> BriefContext:
    """The brief's context. `df`: the facts, as a list of records (no pandas needed) or as the fact
    table (compare.comparison.fact_records). `docs` are the Documents, or their
    extract.DocumentInfo when the texts are not at hand (a fact store); `word_counts` (per zone, a
    Counter of its words), when given, stand in for the texts in the distinctive vocabulary."""
    dirs = template_dirs(templates)
    theme = load_theme(template_files("theme.yaml", dirs)[::-1])  # built-in first; links out refused
    categories = load_categories(find_template_file("categories.yaml", dirs))
    colors = {z: theme.palette[i % len(theme.palette)] for i, z in enumerate(zone_ids)}
    if vocabulary is None:
        vocabulary = distinctive_vocabulary(docs, profiles, zone_ids, word_counts) if len(zone_ids) > 1 else {}
    zones, categories_, paired, unattributed, unattributed_omitted, sources, notes, dimensions = compare(
        df, profiles, docs, zone_ids, categories, colors, vocabulary, catalogue=catalogue_for(templates))
    charts = Charts(paired_bars(paired, zones, theme.font_family), vocabulary_bars(zones, theme.font_family))
    facts = sum(z.facts + z.omitted for z in zones) + len(unattributed) + unattributed_omitted
    return BriefContext(
        title=" × ".join(z.name for z in zones), mode="brief" if len(zones) > 1 else "profile", zones=zones,
        dimensions=dimensions, categories=categories_, paired=paired, unattributed=unattributed,
        unattributed_omitted=unattributed_omitted, sources=sources, notes=notes,
        charts=charts, theme=theme, colors=colors, corpus=corpus, fact_count=facts, version=__version__,
        generated=brief_date(sources), date=source_date([s.date for s in sources]),
    )


def context_json(context: BriefContext) -> str:
    """The exact template context as JSON, for template authors."""
    def default(o):
        if is_dataclass(o):
            return asdict(o)
        return str(o)

    return json.dumps(asdict(context), ensure_ascii=False, indent=2, default=default)


def render_brief(context: BriefContext, output: str | Path | None, templates: str | Path | None = None,
                 html_path: str | Path | None = None, inputs: tuple[Path, ...] = (),
                 stylesheet: str | Path | None = None, template: str | None = None,
                 context_path: str | Path | None = None, pdf_cache=None) -> Path | None:
    """Render brief.html (or profile.html for one zone) to HTML and, unless output is None, PDF.
    pdf_cache: a store.cache.FactCache keeping rendered PDFs (pdf.write_pdf), or None; with it,
    compiled templates are kept in its folder too (templates.bytecode_cache)."""
    template = template or ("brief.html" if context.mode == "brief" else "profile.html")
    extra_css = Path(stylesheet).read_text(encoding="utf-8") if stylesheet else ""
    cache_dir = pdf_cache.directory if pdf_cache is not None else None  # compiled templates kept beside
    html = render_html(template, {**context.as_dict(), "extra_css": extra_css}, templates, cache_dir)
    dirs = template_dirs(templates)
    # never write over a template, its assets or the stylesheet
    inputs = (*inputs, *(p for d in dirs for p in d.rglob("*") if p.is_file()), *([Path(stylesheet)] if stylesheet else []))
    if context_path:
        text = context_json(context)
        atomic_write(context_path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), inputs)
    if html_path:
        atomic_write(html_path, lambda tmp: Path(tmp).write_text(html, encoding="utf-8"), inputs)
    if output is None:
        return None
    roots = dirs + ([Path(stylesheet).resolve().parent] if stylesheet else [])
    return write_pdf(html, output, base_dir=dirs[0], allowed_roots=roots, inputs=inputs, cache=pdf_cache)
